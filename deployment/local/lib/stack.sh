# shellcheck shell=bash disable=SC2034
# Shared by run.sh, stop.sh, mail.sh and kafka.sh (sourced, never run): where the local stack
# keeps its state, which ports it uses, and how its process groups are recorded and stopped.
#
# Every server runs in a process group of its own (lib/tethered.sh). Its pid file
# .run/NAME.pid holds one line: "PGID STARTTIME TETHER_PID", where STARTTIME is field 22 of
# /proc/PGID/stat, so a pid file left by a crashed run never makes us signal a stranger whose
# process happens to reuse the pid.

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$LOCAL_DIR/../.." && pwd)
RUN_DIR="$LOCAL_DIR/.run"
LOG_DIR="$RUN_DIR/logs"
TOOLS_DIR="${USHER_TOOLS_DIR:-$HOME/.cache/usher}"
# Marks the command line of every JVM the stack starts, so stop.sh can prove none is left.
STACK_MARK="-Dusher-local-stack=$RUN_DIR"

# Versions: the tools pom and the service's pom are the only places they are written down.
pom_property() { sed -n "s|.*<$2>\(.*\)</$2>.*|\1|p" "$1" | head -1; }
KAFKA_VERSION=$(pom_property "$LOCAL_DIR/tools/pom.xml" kafka.version)
GREENMAIL_VERSION=$(pom_property "$LOCAL_DIR/tools/pom.xml" greenmail.version)
KEYCLOAK_VERSION=$(pom_property "$REPO_DIR/pom.xml" keycloak.version)
KAFKA_LIBS="$TOOLS_DIR/kafka-$KAFKA_VERSION/libs"
GREENMAIL_JAR="$TOOLS_DIR/greenmail/greenmail-standalone-$GREENMAIL_VERSION.jar"
KC_DIST="$TOOLS_DIR/keycloak-$KEYCLOAK_VERSION"

# Ports (loopback only). run.sh records the ones it used in .run/stack.env, which the other
# scripts read, so they follow an override given to run.sh.
HTTP_PORT="${USHER_HTTP_PORT:-8080}"
# The service's management interface: health, metrics, OpenAPI (never on the public port).
MANAGEMENT_PORT="${USHER_MANAGEMENT_PORT:-9000}"
DB_PORT="${USHER_DB_PORT:-5432}"
KAFKA_PORT="${USHER_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${USHER_KAFKA_CONTROLLER_PORT:-9093}"
KEYCLOAK_PORT="${USHER_KEYCLOAK_PORT:-8180}"
KEYCLOAK_MGMT_PORT="${USHER_KEYCLOAK_MGMT_PORT:-9100}"
SMTP_PORT="${USHER_SMTP_PORT:-3025}"
MAIL_API_PORT="${USHER_MAIL_API_PORT:-8025}"
if [ "${STACK_READ_ENV:-1}" = 1 ] && [ -f "$RUN_DIR/stack.env" ]; then
  # shellcheck source=/dev/null
  . "$RUN_DIR/stack.env"
fi

# The servers in the order they are stopped (the service first, so it does not log the others
# vanishing); PostgreSQL belongs to the machine and is never stopped.
SERVERS=(usher greenmail keycloak kafka)

# Temurin 25 starts and builds faster here; any JDK 17+ works.
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ -n "${JAVA_HOME:-}" ]; then
  export JAVA_HOME
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi

say() { printf '[%3ds] %s\n' "$SECONDS" "$*"; }
warn() { printf '[%3ds] WARNING: %s\n' "$SECONDS" "$*" >&2; }
die() { printf '[%3ds] ERROR: %s\n' "$SECONDS" "$*" >&2; exit 1; }

# Field 22 of /proc/PID/stat (start time in clock ticks); empty when there is no such process.
start_time() {
  local stat
  stat=$({ cat "/proc/$1/stat"; } 2>/dev/null) || return 0
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo "${20}"
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

# Writes .run/NAME.pid for a server started as "tethered.sh PARENT COMMAND" with pid TETHER:
# the server is the tether's child that leads a process group of its own (its other children
# are the sleeps of its watch loop).
record_server() {
  local name=$1 tether=$2 child="" i
  for i in $(seq 1 50); do
    child=$(ps -o pid=,pgid= --ppid "$tether" 2>/dev/null | awk '$1 == $2 { print $1; exit }' || true)
    [ -n "$child" ] && break
    kill -0 "$tether" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$child" ] || return 1
  echo "$child $(start_time "$child") $tether" >"$RUN_DIR/$name.pid"
}

# Prints the process group recorded in .run/NAME.pid if that group still runs and is ours.
# A leader that has exited while its group lives on (kc.sh gone, its java still serving) still
# counts: Linux never hands out a pid that is in use as a process group id.
recorded_group() {
  local file="$RUN_DIR/$1.pid" pgid started tether now
  [ -f "$file" ] || return 1
  read -r pgid started tether <"$file" || true
  [[ "$pgid" =~ ^[0-9]+$ ]] || return 1
  now=$(start_time "$pgid")
  if [ -n "$now" ]; then
    [ "$now" = "$started" ] || return 1
  fi
  group_alive "$pgid" || return 1
  echo "$pgid"
}

recorded_tether() {
  local file="$RUN_DIR/$1.pid" pgid started tether
  [ -f "$file" ] || return 1
  read -r pgid started tether <"$file" || true
  [[ "${tether:-}" =~ ^[0-9]+$ ]] || return 1
  # A tether is a bash running lib/tethered.sh; check before signalling a reused pid.
  { tr '\0' ' ' <"/proc/$tether/cmdline"; } 2>/dev/null | grep -qF "lib/tethered.sh" || return 1
  echo "$tether"
}

# Stops server NAME: TERM to its tether and its whole process group, KILL after 15 s.
stop_server() {
  local name=$1 pgid tether
  if pgid=$(recorded_group "$name"); then
    if tether=$(recorded_tether "$name"); then
      kill -TERM "$tether" 2>/dev/null || true
    fi
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      group_alive "$pgid" || break
      sleep 0.1
    done
    if group_alive "$pgid"; then
      warn "$name did not stop within 15 s: killing process group $pgid"
      kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
    say "stopped $name"
  elif tether=$(recorded_tether "$name"); then
    kill -TERM "$tether" 2>/dev/null || true
  fi
  rm -f "$RUN_DIR/$name.pid"
}

# The stack's own processes still running, as "PID COMMAND" lines: every JVM carrying the
# stack's mark, Keycloak's launcher, the tethers of the recorded run, and the members of the
# recorded process groups.
stack_processes() {
  local p cmd stat pgid runpid="" groups=" " n
  [ -f "$RUN_DIR/run.pid" ] && read -r runpid _ <"$RUN_DIR/run.pid"
  for n in "${SERVERS[@]}"; do
    groups+="$(recorded_group "$n" || true) "
  done
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = "$$" ] && continue
    cmd=$({ tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null) || continue
    [ -n "$cmd" ] || continue
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    pgid=$3
    if [[ "$cmd" == *"$STACK_MARK"* || "$cmd" == *"$RUN_DIR/keycloak/home/bin/kc.sh"* ]] ||
      { [ -n "$runpid" ] && [[ "$cmd" == *"lib/tethered.sh $runpid "* ]]; } ||
      [[ "$groups" == *" $pgid "* ]]; then
      echo "$p ${cmd:0:160}"
    fi
  done
}

port_user() {
  ss -ltnpH "sport = :$1" 2>/dev/null | head -1
}

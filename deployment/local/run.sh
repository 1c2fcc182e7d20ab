#!/usr/bin/env bash
# Starts Usher's whole local stack and the service, seeds a first account, prints how to use
# it, then waits in the foreground: Ctrl-C (or stop.sh) stops everything it started.
#
#   deployment/local/run.sh [--no-build] [--no-service] [--detach]
#
#   --no-build    run target/quarkus-app/quarkus-run.jar as it is (no ./mvnw package)
#   --no-service  start only the servers (e.g. to run ./mvnw quarkus:dev with .run/usher.env)
#   --detach      start everything in the background and return; stop it with stop.sh
#
# What runs (all on loopback; ports overridable by the environment variables shown):
#   PostgreSQL  the machine's server, USHER_DB_PORT 5432 (started if down, never stopped)
#   Kafka       KRaft broker+controller, USHER_KAFKA_PORT 9092, USHER_KAFKA_CONTROLLER_PORT 9093,
#               USHER_KAFKA_PARTITIONS 12 per topic (production's count)
#   Keycloak    realm usher, USHER_KEYCLOAK_PORT 8180, management USHER_KEYCLOAK_MGMT_PORT 9100
#   GreenMail   SMTP USHER_SMTP_PORT 3025, REST API USHER_MAIL_API_PORT 8025 (see mail.sh)
#   Usher       USHER_HTTP_PORT 8080, management (health, metrics, OpenAPI) USHER_MANAGEMENT_PORT 9000,
#               database USHER_DB_NAME usher, jar USHER_SERVICE_JAR,
#               JVM options USHER_JAVA_OPTS (default -Xmx512m)
#               (target/quarkus-app/quarkus-run.jar), ready within USHER_SERVICE_READY_TIMEOUT 90 s
# Kafka, Keycloak and GreenMail start empty on every run, and Keycloak gets new random client
# secrets and passwords each time; the PostgreSQL database "usher" is kept.
#
# State lives in deployment/local/.run/ (git-ignored): logs/*.log, *.pid, stack.env (ports and
# secrets of the current run), usher.env (the service's environment).
set -euo pipefail
STACK_READ_ENV=0
# shellcheck source=lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

build=1 service=1 detach=0 supervised=0
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --no-service) service=0 build=0 ;;
    --detach) detach=1 ;;
    --supervised) supervised=1 ;; # internal: the background half of --detach
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown option $arg (see --help)" ;;
  esac
done
passthrough=()
[ "$build" = 0 ] && [ "$service" = 1 ] && passthrough+=(--no-build)
[ "$service" = 0 ] && passthrough+=(--no-service)

DB_NAME="${USHER_DB_NAME:-usher}"
SERVICE_JAR="${USHER_SERVICE_JAR:-$REPO_DIR/target/quarkus-app/quarkus-run.jar}"
SERVICE_URL="http://127.0.0.1:$HTTP_PORT"
MANAGEMENT_URL="http://127.0.0.1:$MANAGEMENT_PORT"
KEYCLOAK_URL="http://127.0.0.1:$KEYCLOAK_PORT"
MAIL_API_URL="http://127.0.0.1:$MAIL_API_PORT"
SERVICE_READY_TIMEOUT="${USHER_SERVICE_READY_TIMEOUT:-90}"
# Partitions of each topic, as production has them (deployment/kubernetes/base/kafka-topics.yaml).
KAFKA_PARTITIONS="${USHER_KAFKA_PARTITIONS:-12}"
ADMIN_EMAIL=admin@usher.example
OWNER_EMAIL=owner@acme.example

rel() { # a path as the user can type it from where they are
  case "$1" in "$PWD"/*) echo "${1#"$PWD"/}" ;; *) echo "$1" ;; esac
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1")" = 200 ]; }
random_secret() { head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | cut -c1-24; }
psql_db() { PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

# ---------------------------------------------------------------------------------------------
# Checks made before anything starts
# ---------------------------------------------------------------------------------------------
preflight() {
  local tool name port user busy=0 pids=()
  for tool in curl jq psql pg_isready ss setsid "$JAVA"; do
    command -v "$tool" >/dev/null || die "$tool is needed and was not found"
  done
  if [ -z "$KAFKA_VERSION" ] || [ -z "$GREENMAIL_VERSION" ] || [ -z "$KEYCLOAK_VERSION" ]; then
    die "cannot read the tool versions from tools/pom.xml and pom.xml"
  fi

  # An earlier run that is still alive, or one that left pid files behind.
  if [ -f "$RUN_DIR/run.pid" ]; then
    local pid started
    read -r pid started _ <"$RUN_DIR/run.pid" || true
    if [ -n "${pid:-}" ] && [ "$(start_time "$pid")" = "${started:-x}" ]; then
      die "the local stack is already running (run.sh pid $pid): stop it with $(rel "$LOCAL_DIR/stop.sh")"
    fi
  fi
  for name in "${SERVERS[@]}"; do
    if recorded_group "$name" >/dev/null; then
      pids+=("$name")
    fi
  done
  [ "${#pids[@]}" = 0 ] ||
    die "servers of an earlier run are still running (${pids[*]}): stop them with $(rel "$LOCAL_DIR/stop.sh")"
  if compgen -G "$RUN_DIR/*.pid" >/dev/null; then
    say "removing stale pid files of an earlier run"
    rm -f "$RUN_DIR"/*.pid
  fi

  # Ports: all of them must be free, and we say which are not.
  local ports=("Kafka:$KAFKA_PORT" "Kafka controller:$KAFKA_CONTROLLER_PORT"
    "Keycloak:$KEYCLOAK_PORT" "Keycloak management:$KEYCLOAK_MGMT_PORT"
    "GreenMail SMTP:$SMTP_PORT" "GreenMail API:$MAIL_API_PORT")
  [ "$service" = 1 ] && ports+=("Usher:$HTTP_PORT" "Usher management:$MANAGEMENT_PORT")
  for name in "${ports[@]}"; do
    port=${name##*:}
    user=$(port_user "$port" || true)
    if [ -n "$user" ] || port_open "$port"; then
      echo "port $port (${name%:*}) is already in use${user:+: $(grep -o 'users:.*' <<<"$user")}" >&2
      busy=1
    fi
  done
  [ "$busy" = 0 ] || die "ports are taken (see above); free them or choose others (run.sh --help)"

  if [ "$service" = 1 ] && [ "$build" = 0 ] && [ ! -f "$SERVICE_JAR" ]; then
    die "--no-build, but $(rel "$SERVICE_JAR") does not exist: build it (./mvnw package -DskipTests) or drop --no-build"
  fi
}

# ---------------------------------------------------------------------------------------------
# --detach: the same script runs as a supervisor in a session of its own, and this half only
# follows its log until the stack is up.
# ---------------------------------------------------------------------------------------------
if [ "$detach" = 1 ] && [ "$supervised" = 0 ]; then
  preflight
  mkdir -p "$LOG_DIR"
  rm -f "$RUN_DIR/state"
  setsid nohup bash "$0" --supervised "${passthrough[@]}" >"$LOG_DIR/run.log" 2>&1 </dev/null &
  supervisor=$!
  trap 'echo; echo "interrupted: stopping the stack"; kill -TERM "$supervisor" 2>/dev/null || true; while kill -0 "$supervisor" 2>/dev/null; do sleep 0.3; done; exit 130' INT TERM
  tail -n +1 -F --pid="$supervisor" "$LOG_DIR/run.log" 2>/dev/null &
  follower=$!
  state=""
  while kill -0 "$supervisor" 2>/dev/null; do
    state=$(cat "$RUN_DIR/state" 2>/dev/null || true)
    case "$state" in ready | partial) break ;; esac
    sleep 0.5
  done
  sleep 0.5
  kill "$follower" 2>/dev/null || true
  wait "$follower" 2>/dev/null || true
  case "$state" in
    ready)
      echo "Detached: the stack runs in the background (supervisor pid $supervisor, log $(rel "$LOG_DIR/run.log"))."
      exit 0 ;;
    partial)
      echo "Detached with errors (see above): the servers run, the service did not come up. Stop with $(rel "$LOCAL_DIR/stop.sh")." >&2
      exit 1 ;;
    *)
      echo "The stack did not start (see above and $(rel "$LOG_DIR/run.log"))." >&2
      exit 1 ;;
  esac
fi

# ---------------------------------------------------------------------------------------------
# Starting and stopping servers
# ---------------------------------------------------------------------------------------------
started=()
build_pid=""
cleaned=0
cleanup() {
  [ "$cleaned" = 1 ] && return 0
  cleaned=1
  trap '' INT TERM
  [ -n "$build_pid" ] && { kill -TERM "$build_pid" 2>/dev/null || true; }
  say "stopping the local stack"
  stop_server usher
  local name stoppers=()
  for name in greenmail keycloak kafka; do
    stop_server "$name" &
    stoppers+=($!)
  done
  wait "${stoppers[@]}" 2>/dev/null || true
  rm -f "$RUN_DIR/run.pid"
  echo stopped >"$RUN_DIR/state"
  say "stopped (PostgreSQL keeps running: it belongs to the machine)"
}

# start_server NAME ENV_FILE COMMAND...: runs COMMAND tethered to this script, in a process
# group of its own, with the variables of ENV_FILE (if not empty) and its output in logs/NAME.log.
start_server() {
  local name=$1 env_file=$2
  shift 2
  (
    cd "$REPO_DIR"
    if [ -n "$env_file" ]; then
      set -a
      # shellcheck source=/dev/null
      . "$env_file"
      set +a
    fi
    exec "$LOCAL_DIR/lib/tethered.sh" "$$" "$@"
  ) >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  record_server "$name" $! || die "$name did not start: see $(rel "$LOG_DIR/$name.log")"
  started+=("$name")
}

# wait_for NAME TIMEOUT COMMAND...: until COMMAND succeeds; fails early if NAME's group exits.
wait_for() {
  local name=$1 deadline=$((SECONDS + $2))
  shift 2
  until "$@"; do
    if ! recorded_group "$name" >/dev/null; then
      echo "---- last lines of $(rel "$LOG_DIR/$name.log"):" >&2
      tail -n 25 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited during its start"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "---- last lines of $(rel "$LOG_DIR/$name.log"):" >&2
      tail -n 25 "$LOG_DIR/$name.log" >&2 || true
      die "$name is not ready after $2 s"
    fi
    sleep 0.3
  done
}

ensure_tools() {
  if [ ! -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ] || [ ! -f "$GREENMAIL_JAR" ]; then
    say "fetching the Kafka and GreenMail jars (tools/pom.xml) into $TOOLS_DIR"
    (cd "$REPO_DIR" && ./mvnw -q -B -f deployment/local/tools/pom.xml package -Dusher.tools.dir="$TOOLS_DIR") ||
      die "fetching the tools failed"
    if [ ! -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]; then
      die "the Quarkus BOM no longer manages Kafka $KAFKA_VERSION (found: $(cd "$KAFKA_LIBS" && ls kafka_2.13-*.jar 2>/dev/null)): update kafka.version in tools/pom.xml"
    fi
  fi
  if [ ! -x "$KC_DIST/bin/kc.sh" ]; then
    say "unpacking Keycloak $KEYCLOAK_VERSION into $TOOLS_DIR (once per machine)"
    (cd "$REPO_DIR" && ./mvnw -q -B dependency:unpack@unpack-keycloak -Dusher.tools.dir="$TOOLS_DIR") || die "unpacking Keycloak failed"
    [ -x "$KC_DIST/bin/kc.sh" ] || die "$KC_DIST/bin/kc.sh is missing after unpacking"
  fi
}

ensure_postgres() {
  local cluster exists
  if ! pg_isready -q -h 127.0.0.1 -p "$DB_PORT"; then
    cluster=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort | head -1 || true)
    [ -n "$cluster" ] || die "PostgreSQL does not answer on 127.0.0.1:$DB_PORT and no cluster is configured in /etc/postgresql"
    say "PostgreSQL: down, starting cluster $cluster/main"
    pg_ctlcluster --skip-systemctl-redirect "$cluster" main start || die "could not start PostgreSQL $cluster/main"
    local deadline=$((SECONDS + 30))
    until pg_isready -q -h 127.0.0.1 -p "$DB_PORT"; do
      [ "$SECONDS" -lt "$deadline" ] || die "PostgreSQL is not ready after 30 s"
      sleep 0.5
    done
  fi
  exists=$(psql_db -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ||
    die "cannot connect to PostgreSQL on 127.0.0.1:$DB_PORT as postgres (trust authentication expected)"
  if [ "$exists" = 1 ]; then
    say "PostgreSQL: 127.0.0.1:$DB_PORT, database $DB_NAME exists"
  else
    psql_db -d postgres -c "CREATE DATABASE \"$DB_NAME\"" || die "could not create database $DB_NAME"
    say "PostgreSQL: 127.0.0.1:$DB_PORT, database $DB_NAME created"
  fi
}

start_kafka() {
  local dir="$RUN_DIR/kafka" cluster_id
  rm -rf "$dir"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
# Written by deployment/local/run.sh: one KRaft node that is broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
# The topics are made as their clients first name them, with production's partition count.
num.partitions=$KAFKA_PARTITIONS
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Its default takes 128 MB of heap at start, which crashes a broker with a small heap.
log.cleaner.dedupe.buffer.size=4194304
EOF
  # 16 random bytes in URL-safe base64, as kafka-storage random-uuid makes them; never starting
  # with "-", which the tool's argument parser would take for an option.
  cluster_id=$(head -c 16 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')
  cluster_id="${cluster_id/#-/A}"
  "$JAVA" -Xmx128m -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format --standalone \
    -t "$cluster_id" -c "$dir/server.properties" >"$LOG_DIR/kafka-format.log" 2>&1 ||
    die "formatting Kafka's storage failed: see $(rel "$LOG_DIR/kafka-format.log")"
  start_server kafka "" "$JAVA" -Xmx256m "$STACK_MARK" \
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties"
  say "Kafka: starting on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
}
kafka_ready() { port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$LOG_DIR/kafka.log"; }

start_greenmail() {
  # GreenMail keeps every mail in memory: 512 MiB holds tens of thousands, and the benchmark
  # purges as it goes (deployment/local/mail.sh --purge does the same by hand).
  start_server greenmail "" "$JAVA" -Xmx512m "$STACK_MARK" \
    -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
    -Dgreenmail.hostname=127.0.0.1 \
    -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$MAIL_API_PORT" \
    -jar "$GREENMAIL_JAR"
  say "GreenMail: starting SMTP on 127.0.0.1:$SMTP_PORT, API on $MAIL_API_URL"
}
greenmail_ready() { http_ok "$MAIL_API_URL/api/service/readiness" && port_open "$SMTP_PORT"; }

start_keycloak() {
  local env_file="$RUN_DIR/keycloak.env"
  rm -rf "$RUN_DIR/keycloak"
  mkdir -p "$RUN_DIR/keycloak"
  (
    umask 077
    printf '%s=%q\n' \
      KC_DIST "$KC_DIST" \
      KC_INSTANCE_DIR "$RUN_DIR/keycloak" \
      KC_HTTP_PORT "$KEYCLOAK_PORT" \
      KC_MGMT_PORT "$KEYCLOAK_MGMT_PORT" \
      KC_BOOTSTRAP_ADMIN_PASSWORD "$KC_BOOTSTRAP_ADMIN_PASSWORD" \
      USHER_SERVICE_CLIENT_SECRET "$SERVICE_CLIENT_SECRET" \
      USHER_WEB_CLIENT_SECRET "$WEB_CLIENT_SECRET" \
      USHER_PLATFORM_ADMIN_PASSWORD "$ADMIN_PASSWORD" \
      USHER_ACCOUNT_ADMIN_PASSWORD "$OWNER_PASSWORD" \
      USHER_PUBLIC_URL "$SERVICE_URL" \
      JAVA_OPTS_APPEND "-XX:TieredStopAtLevel=1 $STACK_MARK" >"$env_file"
  )
  start_server keycloak "$env_file" "$LOCAL_DIR/keycloak/start.sh"
  if compgen -G "$KC_DIST/.usher-built-*" >/dev/null; then
    say "Keycloak: starting on $KEYCLOAK_URL (management $KEYCLOAK_MGMT_PORT), about 15 s"
  else
    say "Keycloak: starting on $KEYCLOAK_URL (management $KEYCLOAK_MGMT_PORT); it is built first (once), about 45 s"
  fi
}
keycloak_ready() {
  http_ok "http://127.0.0.1:$KEYCLOAK_MGMT_PORT/health/ready" &&
    http_ok "$KEYCLOAK_URL/realms/usher/.well-known/openid-configuration"
}

write_service_env() {
  (
    umask 077
    # The key of emailed links is kept across runs, so that links mailed by an earlier run still open.
    if [ ! -s "$RUN_DIR/link-key" ]; then
      head -c 32 /dev/urandom | base64 >"$RUN_DIR/link-key"
    fi
    printf '%s=%q\n' \
      USHER_DB_HOST 127.0.0.1 \
      USHER_DB_PORT "$DB_PORT" \
      USHER_DB_NAME "$DB_NAME" \
      USHER_DB_USER postgres \
      USHER_DB_PASSWORD "" \
      KAFKA_BOOTSTRAP_SERVERS "127.0.0.1:$KAFKA_PORT" \
      USHER_OIDC_URL "$KEYCLOAK_URL/realms/usher" \
      USHER_OIDC_CLIENT_ID usher-web \
      USHER_OIDC_CLIENT_SECRET "$WEB_CLIENT_SECRET" \
      USHER_KEYCLOAK_URL "$KEYCLOAK_URL" \
      USHER_KEYCLOAK_REALM usher \
      USHER_KEYCLOAK_CLIENT_ID usher-service \
      USHER_KEYCLOAK_CLIENT_SECRET "$SERVICE_CLIENT_SECRET" \
      USHER_SMTP_HOST 127.0.0.1 \
      USHER_SMTP_PORT "$SMTP_PORT" \
      USHER_MAIL_FROM usher@usher.example \
      USHER_PUBLIC_BASE_URL "$SERVICE_URL" \
      USHER_LINK_KEY "$(cat "$RUN_DIR/link-key")" \
      QUARKUS_LOG_CONSOLE_JSON_ENABLED false \
      QUARKUS_HTTP_PORT "$HTTP_PORT" \
      QUARKUS_MANAGEMENT_PORT "$MANAGEMENT_PORT" >"$RUN_DIR/usher.env"
  )
}

start_service() {
  # The heap a replica gets in production: 512 MiB holds a million-address request.
  local java_opts
  read -r -a java_opts <<<"${USHER_JAVA_OPTS:--Xmx512m}"
  # A descriptor per open connection: 10,000 event streams need more than the usual soft limit.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  # ...and no more connections than descriptors, with room for the database, Kafka and files.
  if [ -z "${USHER_MAX_CONNECTIONS:-}" ] && [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 21000 ]; then
    export USHER_MAX_CONNECTIONS=$(($(ulimit -n) - 1000))
  fi
  start_server usher "$RUN_DIR/usher.env" "$JAVA" "${java_opts[@]}" "$STACK_MARK" -jar "$SERVICE_JAR"
  say "Usher: starting on $SERVICE_URL (waiting up to $SERVICE_READY_TIMEOUT s for $MANAGEMENT_URL/q/health/ready)"
}

# Waits for the service; answers 1 (with the reason printed) instead of dying, so the servers
# stay up for a service started by hand.
wait_service() {
  local deadline=$((SECONDS + SERVICE_READY_TIMEOUT)) code
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$MANAGEMENT_URL/q/health/ready" || true)
    [ "$code" = 200 ] && return 0
    if ! recorded_group usher >/dev/null; then
      echo "---- last lines of $(rel "$LOG_DIR/usher.log"):" >&2
      tail -n 30 "$LOG_DIR/usher.log" >&2 || true
      warn "the service exited during its start (log above)"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "---- last lines of $(rel "$LOG_DIR/usher.log"):" >&2
      tail -n 30 "$LOG_DIR/usher.log" >&2 || true
      warn "the service is not ready after $SERVICE_READY_TIMEOUT s: $MANAGEMENT_URL/q/health/ready answers ${code/000/nothing}"
      return 1
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# Seed data
# ---------------------------------------------------------------------------------------------
token_for() { # EMAIL PASSWORD
  curl -s --max-time 10 "$KEYCLOAK_URL/realms/usher/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=usher-web -d client_secret="$WEB_CLIENT_SECRET" \
    -d username="$1" -d password="$2" -d scope=openid | jq -r '.access_token // empty'
}

# >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>
# SQL seeding, written against the schema of today: ADJUST HERE when table or column names
# change. The invitation flow will make this unnecessary once it exists.
seed_find_account_sql() { # prints the id of an existing account named $1, if any
  psql_db -d "$DB_NAME" -v name="$1" <<'SQL' 2>/dev/null || true
SELECT id FROM accounts WHERE lower(name) = lower(:'name') LIMIT 1;
SQL
}
seed_owner_membership_sql() { # makes owner@acme.example the active SITE_ADMIN of account $1
  psql_db -d "$DB_NAME" -v account_id="$1" <<'SQL'
INSERT INTO profiles (id, email, first_name, last_name, language, status, activated_at, created_at)
VALUES (gen_random_uuid(), 'owner@acme.example', 'Olivia', 'Owner', 'en', 'ACTIVE', now(), now())
ON CONFLICT (email) DO NOTHING;
INSERT INTO memberships (id, account_id, profile_id, role, status, invited_at, activated_at, created_at)
SELECT gen_random_uuid(), :'account_id', p.id, 'SITE_ADMIN', 'ACTIVE', now(), now(), now()
FROM profiles p WHERE p.email = 'owner@acme.example'
ON CONFLICT DO NOTHING;
SQL
}
# <<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<

ACME_ID=""
seed() {
  local token response code body
  ACME_ID=$(seed_find_account_sql Acme)
  if [ -n "$ACME_ID" ]; then
    say "seed: account Acme exists already ($ACME_ID)"
  else
    token=$(token_for "$ADMIN_EMAIL" "$ADMIN_PASSWORD" || true)
    [ -n "$token" ] || { warn "seed: no token for $ADMIN_EMAIL from Keycloak"; return 1; }
    response=$(curl -s --max-time 30 -w '\n%{http_code}' -X POST "$SERVICE_URL/api/v1/accounts" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"name":"Acme","defaultLanguage":"en","quotas":{"SITE_ADMIN":5,"EDITOR":100}}' || true)
    code=${response##*$'\n'}
    body=${response%$'\n'*}
    if [ "$code" != 201 ]; then
      warn "seed: POST /api/v1/accounts answered ${code:-nothing}: ${body:0:300}"
      return 1
    fi
    ACME_ID=$(jq -r '.id // empty' <<<"$body" 2>/dev/null || true)
    [ -n "$ACME_ID" ] || { warn "seed: account created but no id in the answer: ${body:0:300}"; return 1; }
    say "seed: account Acme created ($ACME_ID)"
  fi
  if seed_owner_membership_sql "$ACME_ID" >/dev/null; then
    say "seed: $OWNER_EMAIL is SITE_ADMIN of Acme"
  else
    warn "seed: could not make $OWNER_EMAIL SITE_ADMIN of Acme (adjust seed_owner_membership_sql in run.sh)"
    return 1
  fi
}

summary() {
  local stop_hint service_line owner_line
  service_line="$SERVICE_URL        log: $(rel "$LOG_DIR/usher.log")"
  [ "$service" = 0 ] && service_line="not started (--no-service); it would serve $SERVICE_URL"
  [ "$1" = "up WITHOUT the service" ] && service_line="NOT RUNNING: see $(rel "$LOG_DIR/usher.log")"
  owner_line="SITE_ADMIN of Acme ($ACME_ID)"
  [ -n "$ACME_ID" ] || owner_line="no membership yet (made by the seeding once the service runs)"
  stop_hint="Ctrl-C here, or $(rel "$LOCAL_DIR/stop.sh")"
  [ "$supervised" = 1 ] && stop_hint="$(rel "$LOCAL_DIR/stop.sh")"
  cat <<EOF

==============================================================================================
 Usher local stack: $1 after ${SECONDS} s
----------------------------------------------------------------------------------------------
 Service     $service_line
 Management  $MANAGEMENT_URL/q/openapi  /q/health  /q/metrics   (not on the public port)
 Keycloak    $KEYCLOAK_URL/realms/usher   (admin console $KEYCLOAK_URL/admin/ as bootstrap-admin / $KC_BOOTSTRAP_ADMIN_PASSWORD)
 PostgreSQL  psql -h 127.0.0.1 -p $DB_PORT -U postgres $DB_NAME
 Kafka       127.0.0.1:$KAFKA_PORT       $(rel "$LOCAL_DIR/kafka.sh") topics | consume TOPIC
 SMTP        127.0.0.1:$SMTP_PORT        mail API $MAIL_API_URL
 Logs        $(rel "$LOG_DIR")/

 Users (realm usher; new passwords on every start)
   $ADMIN_EMAIL    $ADMIN_PASSWORD    platform-admin
   $OWNER_EMAIL     $OWNER_PASSWORD    $owner_line
 Client usher-web secret: $WEB_CLIENT_SECRET

 Get a token:
   TOKEN=\$(curl -s $KEYCLOAK_URL/realms/usher/protocol/openid-connect/token -d grant_type=password -d client_id=usher-web -d client_secret=$WEB_CLIENT_SECRET -d username=$ADMIN_EMAIL -d password=$ADMIN_PASSWORD | jq -r .access_token)
 Create an account with it:
   curl -i -X POST $SERVICE_URL/api/v1/accounts -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' -d '{"name":"Globex","defaultLanguage":"en","quotas":{"SITE_ADMIN":5,"EDITOR":100}}'
 Mail received:   $(rel "$LOCAL_DIR/mail.sh") [EMAIL]
 Run the service yourself:   set -a; . $(rel "$RUN_DIR/usher.env"); set +a; ./mvnw quarkus:dev
 Stop:            $stop_hint
==============================================================================================
EOF
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
preflight
mkdir -p "$LOG_DIR"
echo "$$ $(start_time $$)" >"$RUN_DIR/run.pid"
echo starting >"$RUN_DIR/state"
trap 'cleanup' EXIT
trap 'echo; cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM HUP
say "starting Usher's local stack (state in $(rel "$RUN_DIR"), java $("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2))"

ensure_tools
ensure_postgres

KC_BOOTSTRAP_ADMIN_PASSWORD=$(random_secret)
SERVICE_CLIENT_SECRET=$(random_secret)
WEB_CLIENT_SECRET=$(random_secret)
ADMIN_PASSWORD=$(random_secret)
OWNER_PASSWORD=$(random_secret)
(
  umask 077
  printf '%s=%q\n' \
    HTTP_PORT "$HTTP_PORT" MANAGEMENT_PORT "$MANAGEMENT_PORT" DB_PORT "$DB_PORT" KAFKA_PORT "$KAFKA_PORT" \
    KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT" KEYCLOAK_PORT "$KEYCLOAK_PORT" \
    KEYCLOAK_MGMT_PORT "$KEYCLOAK_MGMT_PORT" SMTP_PORT "$SMTP_PORT" MAIL_API_PORT "$MAIL_API_PORT" \
    KC_BOOTSTRAP_ADMIN_PASSWORD "$KC_BOOTSTRAP_ADMIN_PASSWORD" WEB_CLIENT_SECRET "$WEB_CLIENT_SECRET" \
    SERVICE_CLIENT_SECRET "$SERVICE_CLIENT_SECRET" ADMIN_PASSWORD "$ADMIN_PASSWORD" \
    OWNER_PASSWORD "$OWNER_PASSWORD" >"$RUN_DIR/stack.env"
)
write_service_env

# Keycloak first: it takes longest. The build of the service overlaps the servers' start.
start_keycloak
start_kafka
start_greenmail

if [ "$build" = 1 ]; then
  say "building the service: ./mvnw -q -B package -DskipTests (log: $(rel "$LOG_DIR/build.log"))"
  (cd "$REPO_DIR" && exec ./mvnw -q -B package -DskipTests) >"$LOG_DIR/build.log" 2>&1 </dev/null &
  build_pid=$!
  if ! wait "$build_pid"; then
    build_pid=""
    tail -n 40 "$LOG_DIR/build.log" >&2
    die "the build failed (log above)"
  fi
  build_pid=""
  say "build done"
fi

wait_for kafka 60 kafka_ready
say "Kafka: ready"
wait_for greenmail 60 greenmail_ready
say "GreenMail: ready"
wait_for keycloak 180 keycloak_ready
say "Keycloak: ready, realm usher imported"

outcome="up"
if [ "$service" = 1 ]; then
  start_service
  if wait_service; then
    say "Usher: ready"
    seed || warn "seeding failed (see above); the stack stays up"
  else
    outcome="up WITHOUT the service"
    stop_server usher
    warn "the servers stay up; fix the service and run it yourself (see 'Run the service yourself' below)"
  fi
else
  outcome="up without the service (--no-service)"
fi

summary "$outcome" | tee "$RUN_DIR/summary.txt"
if [ "$outcome" = up ] || [ "$service" = 0 ]; then
  echo ready >"$RUN_DIR/state"
else
  echo partial >"$RUN_DIR/state"
fi

# Wait in the foreground; say so if a server stops on its own.
declare -A reported=()
while :; do
  for name in "${started[@]}"; do
    if [ -z "${reported[$name]:-}" ] && ! recorded_group "$name" >/dev/null; then
      warn "$name stopped on its own: see $(rel "$LOG_DIR/$name.log")"
      reported[$name]=1
    fi
  done
  sleep 2 &
  wait $! || true
done

#!/usr/bin/env bash
# Stops everything deployment/local/run.sh started (the service, GreenMail, Keycloak, Kafka;
# never PostgreSQL), whether that run still waits in a terminal, runs detached, was Ctrl-C'd or
# crashed: by the pid files in deployment/local/.run/, whole process groups, TERM and then KILL
# after 15 s. Ends by checking that no process of the stack is left.
set -uo pipefail
# shellcheck source=lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

# 1. The run script (foreground or detached supervisor): told to stop, it stops its servers.
if [ -f "$RUN_DIR/run.pid" ]; then
  read -r pid started _ <"$RUN_DIR/run.pid" || true
  if [ -n "${pid:-}" ] && [ "$(start_time "$pid")" = "${started:-x}" ]; then
    say "stopping run.sh (pid $pid) and what it started"
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 250); do
      [ "$(start_time "$pid")" = "$started" ] || break
      sleep 0.1
    done
    if [ "$(start_time "$pid")" = "$started" ]; then
      warn "run.sh did not finish within 25 s: stopping its servers directly"
    fi
  else
    say "run.sh is not running (stale pid file)"
  fi
fi

# 2. Servers left behind by a run that can no longer stop them (killed, crashed): the service
#    first, then the others together.
stop_left() {
  if [ -f "$RUN_DIR/$1.pid" ]; then
    if recorded_group "$1" >/dev/null; then
      say "stopping $1"
    else
      say "$1: not running (stale pid file)"
    fi
    stop_server "$1"
  fi
}
stop_left usher
stoppers=()
for name in greenmail keycloak kafka; do
  stop_left "$name" &
  stoppers+=($!)
done
wait "${stoppers[@]}"

# 3. The check: no process of the stack may be left. Whatever is (it can only be ours: it
#    carries the stack's mark or runs from .run/) is terminated by pid.
left=$(stack_processes)
if [ -n "$left" ]; then
  warn "processes of the stack are still running:"
  echo "$left" >&2
  pids=$(cut -d' ' -f1 <<<"$left")
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null
  for _ in $(seq 1 150); do
    left=$(stack_processes)
    [ -z "$left" ] && break
    sleep 0.1
  done
  if [ -n "$left" ]; then
    pids=$(cut -d' ' -f1 <<<"$left")
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null
    sleep 0.5
    left=$(stack_processes)
  fi
fi
rm -f "$RUN_DIR"/*.pid
[ -f "$RUN_DIR/state" ] && echo stopped >"$RUN_DIR/state"

busy=""
for port in "$HTTP_PORT" "$MANAGEMENT_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KEYCLOAK_PORT" "$KEYCLOAK_MGMT_PORT" "$SMTP_PORT" "$MAIL_API_PORT"; do
  [ -n "$(port_user "$port")" ] && busy+=" $port"
done
if [ -n "$left" ]; then
  echo "check: FAILED, still running:" >&2
  echo "$left" >&2
  exit 1
fi
echo "check: no process of the local stack is left"
if [ -n "$busy" ]; then
  echo "note: these ports of the stack are in use by other processes:$busy"
fi

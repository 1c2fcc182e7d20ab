#!/usr/bin/env bash
# Runs Usher's fault script (faults.py) on a local stack of its own: starts the servers
# (deployment/local/run.sh --detach --no-service) on a fresh database, runs the scenarios with two
# service processes, and stops everything, whatever happened. Bounded: the whole run is cut off
# after USHER_FAULTS_TIMEOUT seconds (default 1200).
#
#   deployment/faults/run.sh [SCENARIO ...] [--size N] [--term-size N]   (every scenario when none is named)
#   deployment/faults/run.sh --help          lists the scenarios; builds and starts nothing
#
# The service jar is built first when target/quarkus-app/quarkus-run.jar is missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
for arg in "$@"; do
  case "$arg" in -h|--help) exec python3 "$here/faults.py" --help ;; esac
done
export USHER_DB_NAME="${USHER_DB_NAME:-usher_faults}"
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ ! -f "$repo/target/quarkus-app/quarkus-run.jar" ]; then
  (cd "$repo" && ./mvnw -q -B package -DskipTests)
fi
# A fresh database: every scenario counts rows, and nothing of an earlier run may count.
psql -h 127.0.0.1 -U postgres -d postgres -qtA -c "DROP DATABASE IF EXISTS \"$USHER_DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
stop() { "$repo/deployment/local/stop.sh" >/dev/null 2>&1 || true; }
trap stop EXIT
"$repo/deployment/local/run.sh" --detach --no-service >/dev/null
timeout --signal=TERM --kill-after=30 "${USHER_FAULTS_TIMEOUT:-1200}" python3 "$here/faults.py" "$@"

#!/usr/bin/env bash
# Usher's connection to PostgreSQL as the Kubernetes manifests configure it (USHER_DB_SSL_MODE=
# verify-full, USHER_DB_HOSTNAME_VERIFICATION=HTTPS, USHER_DB_SSL_ROOT_CERT), against a real
# PostgreSQL that accepts TLS only, with a server certificate from a CA of its own:
#   1. the packaged jar migrates (Flyway, JDBC) and serves (the reactive pool) over verified TLS;
#   2. the same jar told to reach the server by a name its certificate does not carry refuses it.
# Needs the machine's PostgreSQL binaries (initdb, pg_ctl), openssl and target/quarkus-app
# (./mvnw package -DskipTests). Nothing else of the local stack: Kafka and Keycloak are named at
# closed ports, which an API-only replica starts without. Leaves nothing behind.
#
#   deployment/local/db-tls-check.sh
set -euo pipefail

REPO_DIR=$(cd "$(dirname "$0")/../.." && pwd)
JAR="${USHER_SERVICE_JAR:-$REPO_DIR/target/quarkus-app/quarkus-run.jar}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -x "$JAVA" ] || JAVA=java
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw package -DskipTests first" >&2; exit 2; }

WORK=$(mktemp -d /tmp/usher-db-tls.XXXXXX)
PG_PORT=${USHER_TLS_DB_PORT:-5499}
HTTP_PORT=${USHER_TLS_HTTP_PORT:-8097}
MANAGEMENT_PORT=$((HTTP_PORT + 1000))
for port in "$PG_PORT" "$HTTP_PORT" "$MANAGEMENT_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use (USHER_TLS_DB_PORT, USHER_TLS_HTTP_PORT choose others)" >&2
    exit 2
  fi
done
service_pid=
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  as_postgres "pg_ctl -D '$WORK/data' -m immediate stop" >/dev/null 2>&1 || true
  [ "${KEEP:-}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=usher-check-ca" -keyout ca.key -out ca.crt 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 \
  -extfile <(printf 'subjectAltName=DNS:localhost\n') -out server.crt 2>/dev/null
chmod 600 server.key
[ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
as_postgres "initdb -D '$WORK/data' -U postgres --auth=trust" >/dev/null
as_postgres "cp server.crt server.key '$WORK/data/'"
# TLS or nothing: a connection in plain text is refused by the server itself.
printf 'hostssl all all 127.0.0.1/32 trust\nhostssl all all ::1/128 trust\n' >"$WORK/data/pg_hba.conf"
as_postgres "pg_ctl -D '$WORK/data' -l '$WORK/postgres.log' -o \"-p $PG_PORT -k '$WORK' -c ssl=on \
  -c ssl_cert_file=server.crt -c ssl_key_file=server.key -c listen_addresses=localhost\" -w start" >/dev/null
psql "host=localhost port=$PG_PORT user=postgres sslmode=verify-full sslrootcert=$WORK/ca.crt" -qc 'CREATE DATABASE usher'

start() { # start HOST LOG: the jar as an API-only replica reaching PostgreSQL by HOST
  env -i PATH="$PATH" HOME="$WORK" \
    USHER_DB_HOST="$1" USHER_DB_PORT="$PG_PORT" USHER_DB_NAME=usher USHER_DB_USER=postgres USHER_DB_PASSWORD= \
    USHER_DB_SSL_MODE=verify-full USHER_DB_HOSTNAME_VERIFICATION=HTTPS USHER_DB_SSL_ROOT_CERT="$WORK/ca.crt" \
    USHER_WORKERS_ENABLED=false KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 \
    USHER_OIDC_URL=http://127.0.0.1:1/realms/usher USHER_OIDC_CLIENT_SECRET=unused \
    USHER_KEYCLOAK_URL=http://127.0.0.1:1 USHER_KEYCLOAK_CLIENT_SECRET=unused \
    USHER_LINK_KEY="$(head -c 32 /dev/urandom | base64)" USHER_PUBLIC_BASE_URL="http://127.0.0.1:$HTTP_PORT" \
    QUARKUS_HTTP_PORT="$HTTP_PORT" QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
    "$JAVA" -Xmx256m -jar "$JAR" >"$2" 2>&1 &
  service_pid=$!
}

failed=0
start localhost "$WORK/verified.log"
ready=no
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null; then ready=yes; break; fi
  kill -0 "$service_pid" 2>/dev/null || break
  sleep 1
done
connections=$(psql "host=localhost port=$PG_PORT user=postgres sslmode=verify-full sslrootcert=$WORK/ca.crt dbname=usher" -Atc \
  "SELECT a.application_name || ' ' || s.version || ' x' || count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
   WHERE a.datname = 'usher' AND s.ssl AND a.application_name <> 'psql' GROUP BY a.application_name, s.version" | paste -sd ';')
migrations=$(psql "host=localhost port=$PG_PORT user=postgres sslmode=verify-full sslrootcert=$WORK/ca.crt dbname=usher" -Atc \
  "SELECT count(*) FROM flyway_schema_history WHERE success" 2>/dev/null || echo 0)
echo "verify-full by the certificate's name: ready=$ready, migrations applied=$migrations, TLS connections: ${connections:-none}"
{ [ "$ready" = yes ] && [ "$migrations" -gt 0 ] && [[ "$connections" == *vertx-pg-client* ]]; } || failed=1
kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=

start 127.0.0.1 "$WORK/refused.log"
for _ in $(seq 1 120); do kill -0 "$service_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$service_pid" 2>/dev/null; then
  echo "verify-full by a name the certificate lacks: the service started anyway"; failed=1
else
  wait "$service_pid" 2>/dev/null || true; service_pid=
  reason=$(grep -o 'The hostname 127.0.0.1 could not be verified[^.]*' "$WORK/refused.log" | head -1)
  echo "verify-full by a name the certificate lacks: refused at start (${reason:-see the log})"
  [ -n "$reason" ] || failed=1
fi
[ "$failed" = 0 ] && echo "db-tls-check: passed" || { echo "db-tls-check: FAILED (logs: kept below)"; tail -20 "$WORK"/*.log; }
exit "$failed"

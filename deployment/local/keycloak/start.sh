#!/usr/bin/env bash
# Serves the real Keycloak for Usher on loopback, in the foreground, with the usher realm
# imported from usher-realm.json. Used by the tests and by the local stack alike.
#
# Environment (all required):
#   KC_DIST                        the unpacked keycloak-quarkus-dist (shared, built here once)
#   KC_INSTANCE_DIR                this instance's own directory (database, import, temp files)
#   KC_HTTP_PORT, KC_MGMT_PORT     loopback ports for HTTP and for health
#   KC_BOOTSTRAP_ADMIN_PASSWORD    the master realm's temporary admin
#   USHER_SERVICE_CLIENT_SECRET    secret of the usher-service client (Usher's admin calls)
#   USHER_WEB_CLIENT_SECRET        secret of the usher-web client (sign-in, password grant)
#   USHER_PLATFORM_ADMIN_PASSWORD  password of admin@usher.example (platform-admin)
#   USHER_ACCOUNT_ADMIN_PASSWORD   password of owner@acme.example
#   USHER_PUBLIC_URL               Usher's public base URL (allowed redirects)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${KC_DIST:?}" "${KC_INSTANCE_DIR:?}" "${KC_HTTP_PORT:?}" "${KC_MGMT_PORT:?}"
: "${KC_BOOTSTRAP_ADMIN_PASSWORD:?}" "${USHER_SERVICE_CLIENT_SECRET:?}" "${USHER_WEB_CLIENT_SECRET:?}"
: "${USHER_PLATFORM_ADMIN_PASSWORD:?}" "${USHER_ACCOUNT_ADMIN_PASSWORD:?}" "${USHER_PUBLIC_URL:?}"

build_options=(--db=dev-file --health-enabled=true)
marker="$KC_DIST/.usher-built-$(echo "${build_options[*]}" | md5sum | cut -c1-12)"
built_state() { md5sum "$KC_DIST/lib/quarkus/generated-bytecode.jar" 2>/dev/null | cut -c1-32; }
# Build-time options are baked into the distribution once; concurrent starts wait for one build.
# The marker holds the checksum of what the build wrote, so a re-unpacked distribution is rebuilt.
(
  flock 9
  if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$(built_state)" ]; then
    echo "keycloak: building the distribution once (about 25 s)"
    "$KC_DIST/bin/kc.sh" build "${build_options[@]}" >"$KC_DIST/.usher-build.log" 2>&1
    built_state >"$marker"
  fi
) 9>"$KC_DIST/.usher-build.lock"

# Each instance runs from hard links to the built distribution, so its data/ (database, import,
# temp files) is its own and two instances never share state.
home="$KC_INSTANCE_DIR/home"
rm -rf "$home"
mkdir -p "$home/data/import"
for d in bin conf lib providers themes; do cp -al "$KC_DIST/$d" "$home/$d"; done
cp "$here/usher-realm.json" "$home/data/import/usher-realm.json"

export KC_BOOTSTRAP_ADMIN_USERNAME=bootstrap-admin
export JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms64m -Xmx512m}"
export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:--XX:TieredStopAtLevel=1}"
exec "$home/bin/kc.sh" start --optimized --import-realm \
  --http-enabled=true --hostname-strict=false \
  --http-host=127.0.0.1 --http-port="$KC_HTTP_PORT" --http-management-port="$KC_MGMT_PORT" \
  --db-url="jdbc:h2:file:$KC_INSTANCE_DIR/keycloakdb;NON_KEYWORDS=VALUE"

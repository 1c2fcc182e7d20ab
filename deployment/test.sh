#!/usr/bin/env bash
# Every test of Usher, in the order a failure is cheapest to find:
#   1. ./mvnw verify: formatting, unit tests, the @QuarkusTests against a real PostgreSQL, Kafka,
#      Keycloak and SMTP server, then the *NativeIT journeys against the packaged jar;
#   2. the Kubernetes manifests rendered and checked offline (deployment/kubernetes/check), and the
#      packaged jar against a TLS-only PostgreSQL with verify-full (deployment/local/db-tls-check.sh);
#   3. the native augmentation (sources only: no GraalVM here), and what it must hold;
#   4. the fault script: two service processes on a local stack, faults injected (deployment/faults).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 # builds about 30 % faster than 17
fi

./mvnw -B verify

# The check runs promtool on the alerts; Debian's package brings it where a machine lacks it.
if ! command -v promtool >/dev/null; then
  apt-get install -y -q -o DPkg::Lock::Timeout=600 prometheus >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q -o DPkg::Lock::Timeout=600 prometheus >/dev/null; }
fi
(
  cd deployment/kubernetes/check
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  node check.mjs
  node check.mjs --self-test | tail -1
)

# The jar verify packaged, against a TLS-only PostgreSQL with verify-full, as Kubernetes runs it.
deployment/local/db-tls-check.sh

./mvnw -B -q package -Dnative -Dquarkus.native.sources-only=true -DskipTests
args=target/native-sources/native-image.args
for needed in -H:IncludeLocales=en,fr --initialize-at-run-time=io.usher.platform.Ids; do
  grep -q -- "$needed" "$args" || { echo "native: $args lacks $needed" >&2; exit 1; }
done
echo "native: augmentation done, sources for native-image in target/native-sources"

deployment/faults/run.sh

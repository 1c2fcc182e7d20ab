#!/usr/bin/env bash
# Runs one of Usher's Gatling simulations against the local stack (deployment/local/run.sh --detach),
# then prints where its HTML report landed and the key figures.
#
#   deployment/bench/gatling/run.sh <Simulation> [-Dkey=value...]
#
#   Simulations: ReplaySimulation, WatchersSimulation, ManySmallBatchesSimulation, MixedDaySimulation
#   (the package usher.bench may be left out). Parameters and targets: README.md beside this script.
#
# The build (compile and the classpath) runs through the machine's shared Maven lock
# (/tmp/usher-maven.lock, or USHER_MAVEN_LOCK); the load itself runs outside it, so a long run
# does not hold every other build back. JAVA_HOME defaults to Temurin 25; GATLING_JAVA_OPTS
# (default -Xmx2g) sizes the load generator's JVM.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
LOCK="${USHER_MAVEN_LOCK:-/tmp/usher-maven.lock}"

if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
  exit $(( $# < 1 ))
fi
sim="$1"; shift
case "$sim" in *.*) ;; *) sim="usher.bench.$sim" ;; esac
props=()
for arg in "$@"; do
  case "$arg" in
    -D*=*) props+=("$arg") ;;
    *) echo "unexpected argument $arg (parameters are -Dkey=value)" >&2; exit 2 ;;
  esac
done

[ -f "$REPO/deployment/local/.run/stack.env" ] && [ -f "$REPO/deployment/local/.run/usher.pid" ] ||
  { echo "The local stack is not running: start it with deployment/local/run.sh --detach" >&2; exit 1; }

# Every stream is a socket of this JVM: 10,000 streams need more than the usual 1,024 descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
echo "client file descriptors: $(ulimit -n)"

cd "$HERE"
flock "$LOCK" "$REPO/mvnw" -B -q -f "$HERE/pom.xml" test-compile dependency:build-classpath \
  -Dmdep.outputFile="$HERE/target/classpath.txt" -Dmdep.includeScope=test

start=$(date +%s)
log="$HERE/target/last-run.log"
"$JAVA_HOME/bin/java" ${GATLING_JAVA_OPTS:--Xmx2g} -XX:+UseParallelGC \
  --add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED "${props[@]}" \
  -cp "$HERE/target/test-classes:$(cat "$HERE/target/classpath.txt")" \
  io.gatling.app.Gatling -s "$sim" -rf "$HERE/target/gatling" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

report=""
for dir in "$HERE"/target/gatling/*/; do
  [ -f "$dir/index.html" ] || continue
  [ "$(stat -c %Y "$dir/index.html")" -ge "$start" ] && report="${dir%/}/index.html"
done
echo
if [ -n "$report" ]; then
  echo "HTML report: ${report#"$REPO/"}"
else
  echo "no HTML report was written (see $log)"
fi
# The key figures again, after Gatling's own summary pushed them out of sight.
sed -n '/^==== USHER KEY FIGURES/,/^==== END OF KEY FIGURES/p' "$log"
exit "$status"

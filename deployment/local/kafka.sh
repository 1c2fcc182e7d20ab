#!/usr/bin/env bash
# Looks into the local stack's Kafka broker (started by run.sh) with Kafka's own tools.
#
#   deployment/local/kafka.sh topics                   lists the topics
#   deployment/local/kafka.sh consume TOPIC [ARGS...]  prints TOPIC's records from the beginning
#                                                      (Ctrl-C to end; e.g. --max-messages 1)
#   deployment/local/kafka.sh produce TOPIC [ARGS...]  sends one record per line of stdin
#   deployment/local/kafka.sh group GROUP              which consumer (client id) holds which partition
set -euo pipefail
# shellcheck source=lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
[ -f "$KAFKA_LIBS/kafka-tools-$KAFKA_VERSION.jar" ] ||
  die "Kafka's tools are missing in $KAFKA_LIBS: run ./mvnw -q -B -f deployment/local/tools/pom.xml package"
bootstrap="127.0.0.1:$KAFKA_PORT"
tool() { "$JAVA" -Xmx128m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$KAFKA_LIBS/*" "$@"; }

case "${1:-}" in
  topics) tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --list ;;
  consume)
    [ -n "${2:-}" ] || die "usage: kafka.sh consume TOPIC [ARGS...]"
    topic=$2; shift 2
    tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
      --topic "$topic" --from-beginning --property print.key=true --property print.timestamp=true "$@"
    ;;
  produce)
    [ -n "${2:-}" ] || die "usage: kafka.sh produce TOPIC [ARGS...]"
    topic=$2; shift 2
    tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$bootstrap" --topic "$topic" "$@"
    ;;
  group)
    [ -n "${2:-}" ] || die "usage: kafka.sh group GROUP [--members|--state]"
    tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$bootstrap" \
      --describe --group "$2" "${@:3}"
    ;;
  *) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 2 ;;
esac

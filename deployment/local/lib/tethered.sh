#!/usr/bin/env bash
# Runs a command in a process group of its own and ends that whole group when the parent
# process dies or this script is told to stop, so a killed test run or stack leaves no orphan
# servers behind (kc.sh, for one, would leave its java child serving).
# usage: tethered.sh PARENT_PID COMMAND [ARGS...]
set -u
parent=$1
shift
setsid "$@" &
child=$!
stop_group() {
  kill -TERM -- "-$child" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 -- "-$child" 2>/dev/null || exit 0
    sleep 0.1
  done
  kill -KILL -- "-$child" 2>/dev/null
  exit 0
}
trap stop_group TERM INT HUP
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do
  sleep 1 &
  wait $!
done
stop_group

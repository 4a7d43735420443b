#!/bin/bash
# Restart timing, A/B: starts jar A and jar B alternately on their own data directories, ROUNDS times
# each, and prints per start the wall time from launch to the first 200 of GET /health and the box's
# CPU time (utime+stime) at that moment. The first start of each jar is a fresh one (empty data
# directory); read the means of the others. Run on a quiet machine; port 18080 must be free. A jar's
# class-data archive beside it (x.jar, x.jsa: README "Start-up") is used when it is newer than the jar.
#   distribution/restart-ab.sh 6 /tmp/a.jar /tmp/b.jar [JVM options for both...]
set -euo pipefail
rounds=$1 a=$2 b=$3
shift 3
opts=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start() { # jar dir
  local t0 t1 pid cpu cds=() jsa="${1%.jar}.jsa"
  if [ "$jsa" -nt "$1" ]; then cds=("-XX:SharedArchiveFile=$jsa"); fi
  t0=$(date +%s%N)
  STOREBOX_DATA=$2 STOREBOX_HTTP_PORT=18080 java "${opts[@]}" "${cds[@]}" -jar "$1" > "$2.log" 2>&1 < /dev/null &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18080/health)" = 200 ]; do sleep 0.02; done
  t1=$(date +%s%N)
  cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$pid/stat")
  kill "$pid"
  wait "$pid" || true
  echo "$(( (t1 - t0) / 1000000 )) ms to /health, $cpu ms CPU"
}
for r in $(seq "$rounds"); do
  echo "A $(start "$a" "$work/a")"
  echo "B $(start "$b" "$work/b")"
done

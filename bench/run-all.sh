#!/bin/sh
# bench/run-all.sh — every benchmark, one after the other.
set -u
here=$(dirname "$0")
for b in throughput memory callgrind startup stall; do
  echo "== $b"
  sh "$here/$b.sh" || echo "($b failed)"
done

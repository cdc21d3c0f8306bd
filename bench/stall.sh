#!/bin/sh
# bench/stall.sh — the longest main-loop stall while 1,000 files load and
# are traced in the window: WHENCE_BENCH_STALL_PROBE runs a 5 ms timeout on
# the main loop and records how late it fires, until everything is loaded.
set -eu
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/gui-env.sh"

count=${1:-1000}
i=0
while [ "$(ls "$tmp" | wc -l)" -lt "$count" ]; do
  for f in "$corpus"/*.eml; do
    ln -s "$f" "$tmp/$i-$(basename "$f")"
    i=$((i + 1))
    [ $i -ge "$count" ] && break
  done
done
# shellcheck disable=SC2046
WHENCE_BENCH_STALL_PROBE=1 under_xvfb "$whence" $(ls "$tmp"/*.eml) 2>/dev/null | grep '^max-stall-ms' \
  || echo "the probe printed nothing (did the window start?)"

#!/bin/sh
# bench/startup.sh — process start to first frame of the window, under Xvfb:
# WHENCE_BENCH_EXIT_AFTER_FIRST_FRAME makes the window print the wall clock
# when its first frame is painted, then quit. Seven runs (the first warms
# the caches and is not counted); prints each and the median.
set -eu
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/gui-env.sh"

cat > "$tmp/runs.sh" <<'SH'
#!/bin/sh
i=0
while [ $i -lt 7 ]; do
  start=$(date +%s%6N)
  frame=$(WHENCE_BENCH_EXIT_AFTER_FIRST_FRAME=1 "$1" 2>/dev/null | sed -n 's/^first-frame-us: //p')
  [ $i -gt 0 ] && [ -n "$frame" ] && echo $(( (frame - start) / 1000 ))
  i=$((i + 1))
done
SH
under_xvfb sh "$tmp/runs.sh" "$whence" > "$tmp/ms"
echo "start to first frame (ms): $(tr '\n' ' ' < "$tmp/ms")"
echo "median: $(sort -n "$tmp/ms" | sed -n '3p') ms"

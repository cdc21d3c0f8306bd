#!/bin/sh
# A real drag and drop, as a person does it: press on a file in another
# program, move into the Whence window, let go. Runs inside xvfb-run.
# Usage: test-dnd-xdotool.sh WHENCE DND_SOURCE EML
set -u
whence=$1 source=$2 eml=$3
log=$(mktemp)
source_log=$(mktemp)
trap 'kill $whence_pid $source_pid 2>/dev/null; rm -f "$log" "$source_log"' EXIT

echo "1..1"
if ! command -v xdotool >/dev/null; then
  echo "ok 1 # SKIP xdotool is not installed"
  exit 0
fi

G_MESSAGES_DEBUG=whence-window "$whence" >"$log" 2>&1 &
whence_pid=$!
source_pid=

# Up to 30 s: a first GTK window under Xvfb's software rendering can take
# over 10 s on a busy 2-core machine (seen once in CI).
find_window() {
  for _ in $(seq 150); do
    id=$(xdotool search --onlyvisible --name "^$1\$" 2>/dev/null | head -n 1)
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.2
  done
  return 1
}

whence_win=$(find_window Whence) || { echo "not ok 1 - the Whence window did not appear"; exit 0; }
# The drag source starts once Whence is up: started together, it sometimes
# could not open the display.
"$source" "$eml" >"$source_log" 2>&1 &
source_pid=$!
source_win=$(find_window dnd-source) || {
  if kill -0 "$source_pid" 2>/dev/null; then
    echo "not ok 1 - the drag source did not appear"
  else
    wait "$source_pid"
    echo "not ok 1 - the drag source exited ($?) before its window appeared"
    sed 's/^/# /' "$source_log"
  fi
  exit 0
}
xdotool windowmove "$source_win" 0 0
xdotool windowmove "$whence_win" 300 0
sleep 1

xdotool mousemove 100 100
sleep 0.3
xdotool mousedown 1
for step in 1 2 3 4 5 6 7 8 9 10 11 12; do
  xdotool mousemove $((100 + step * 40)) $((100 + step * 15))
  sleep 0.1
done
xdotool mouseup 1

for _ in $(seq 50); do
  grep -q "Loaded 1 email(s)" "$log" && break
  sleep 0.2
done

if grep -q "Loaded 1 email(s)" "$log"; then
  echo "ok 1 - a file dragged from another program was loaded"
else
  echo "not ok 1 - nothing was loaded after the drop"
  sed 's/^/# /' "$log"
fi

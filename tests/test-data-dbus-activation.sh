#!/bin/sh
# DBusActivatable=true works: the session bus starts Whence from its service
# file, and org.freedesktop.Application.Open shows the email in a window, as
# launchers and "Open With" do. Runs the built binary through a service file
# made from data/io.github.whence.Whence.service.in.
# Usage (under Xvfb): test-data-dbus-activation.sh WHENCE_BINARY SERVICE_IN APP_ID SAMPLE
# Prints TAP.
set -u

whence=$1 service_in=$2 app_id=$3 sample=$4
for tool in dbus-run-session gdbus xdotool; do
  command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool is missing"; exit 0; }
done
[ -n "${DISPLAY:-}" ] || { echo "1..0 # SKIP no X display"; exit 0; }

if [ "${WHENCE_ACTIVATION_BUS:-}" != 1 ]; then
  scratch=$(mktemp -d)
  mkdir "$scratch/services"
  bindir=$(cd "$(dirname "$whence")" && pwd)
  # The service runs the build's binary (named "whence" there, as installed).
  sed -e "s|@APP_ID@|$app_id|g" -e "s|@BINDIR@|$bindir|g" "$service_in" \
    > "$scratch/services/$app_id.service"
  sed -e "s|@SERVICEDIR@|$scratch/services|g" "$(dirname "$0")/session-services.conf.in" \
    > "$scratch/session.conf"
  # The bus and the app it starts print to dbus-run-session's stdout: keep that
  # out of the TAP stream, which the inner run writes to a file.
  WHENCE_ACTIVATION_BUS=1 WHENCE_ACTIVATION_TAP="$scratch/tap" \
    dbus-run-session --config-file="$scratch/session.conf" -- "$0" "$@" >&2
  status=$?
  if [ -s "$scratch/tap" ]; then
    cat "$scratch/tap"
  else
    echo "1..1"; echo "not ok 1 - the test ran on its private bus"; status=1
  fi
  rm -rf "$scratch"
  exit $status
fi

exec > "$WHENCE_ACTIVATION_TAP"
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
object_path="/$(echo "$app_id" | tr . /)"

wait_window() {
  i=0
  while [ $i -lt 100 ]; do
    xdotool search --onlyvisible --name "$1" >/dev/null 2>&1 && return 0
    i=$((i + 1)); sleep 0.1
  done
  return 1
}

# 1. Nothing runs yet: the bus must start Whence by itself.
if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
     --method org.freedesktop.DBus.ListActivatableNames | grep -q "'$app_id'"; then
  ok "the session bus can start $app_id"
else
  not_ok "the session bus can start $app_id"
fi

uri="file://$(cd "$(dirname "$sample")" && pwd)/$(basename "$sample")"
if gdbus call --session --dest "$app_id" --object-path "$object_path" \
     --method org.freedesktop.Application.Open "['$uri']" '{}' >/dev/null; then
  ok "org.freedesktop.Application.Open is answered"
else
  not_ok "org.freedesktop.Application.Open is answered"
fi

if wait_window '^Whence'; then
  ok "a Whence window opens for the email"
else
  not_ok "a Whence window opens for the email"
fi

# 2. A second launch (Activate) reuses the running app: still one window.
gdbus call --session --dest "$app_id" --object-path "$object_path" \
  --method org.freedesktop.Application.Activate '{}' >/dev/null
sleep 1
windows=$(xdotool search --onlyvisible --name '^Whence' 2>/dev/null | wc -l)
if [ "$windows" -eq 1 ]; then
  ok "activating again reuses the one window"
else
  not_ok "activating again reuses the one window (found $windows)"
fi

gdbus call --session --dest "$app_id" --object-path "$object_path" \
  --method org.freedesktop.Application.ActivateAction 'quit' '[]' '{}' >/dev/null 2>&1

echo "1..$n"
[ "$failed" -eq 0 ]

#!/bin/sh
# One entry point for newcomers and CI.
#
#   build-aux/dev.sh run [--sample] [FILE…]   install what is missing, build, launch Whence
#   build-aux/dev.sh test [--werror]           install what is missing, build, run every test
#
# Both are safe to run again: packages already present are not reinstalled and
# the build directory is reused.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing() {
  missing=""
  for package in $(grep -v '^[[:space:]]*#' build-aux/packages.txt); do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
      missing="$missing $package"
    fi
  done
  if [ -n "$missing" ]; then
    echo "Installing:$missing"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
  fi
}

configure() {
  builddir=$1; shift
  if [ -f "$builddir/build.ninja" ]; then
    meson configure "$builddir" "$@" >/dev/null
  else
    meson setup "$builddir" "$@"
  fi
}

# meson's totals as one line, "N passed, N failed[, N skipped]", so a run that
# executed nothing cannot pass unnoticed.
print_totals() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
try:
    with open(sys.argv[1]) as log:
        for line in log:
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                counts["passed"] += 1
            elif result == "SKIP":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1
except FileNotFoundError:
    pass
print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
PY
}

command=${1:-}
[ $# -gt 0 ] && shift

case "$command" in
  run)
    install_missing
    configure build -Dprofile=development
    meson compile -C build
    files=""
    if [ "${1:-}" = "--sample" ]; then
      shift
      files="$root/data/sample/klez-style-sample.eml"
    fi
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No desktop session was found (DISPLAY and WAYLAND_DISPLAY are empty)."
      echo "Run this command from a terminal inside your desktop."
      exit 1
    fi
    export GSETTINGS_SCHEMA_DIR="$root/build/data"
    # shellcheck disable=SC2086
    exec "$root/build/src/whence" $files "$@"
    ;;
  test)
    werror=false
    [ "${1:-}" = "--werror" ] && werror=true
    install_missing
    configure build-tests -Dwerror=$werror
    meson compile -C build-tests
    status=0
    meson test -C build-tests --print-errorlogs --num-processes 2 || status=$?
    print_totals build-tests/meson-logs/testlog.json
    exit $status
    ;;
  *)
    sed -n '2,9p' "$0"
    exit 2
    ;;
esac

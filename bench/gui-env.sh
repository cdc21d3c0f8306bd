# Sourced by startup.sh and stall.sh: run the window under Xvfb with a
# private session bus, as the widget tests do.
if ! command -v xvfb-run >/dev/null || ! command -v dbus-run-session >/dev/null; then
  echo "Needs xvfb-run and dbus-run-session (build-aux/packages.txt)." >&2
  exit 2
fi
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export GSETTINGS_BACKEND=memory
export GDK_BACKEND=x11
export NO_AT_BRIDGE=1

under_xvfb() {
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    dbus-run-session --config-file="$root/tests/session.conf" -- "$@"
}

#!/bin/sh
# Takes the metainfo screenshots from the real app under Xvfb, so they never go
# stale. Re-run it after any visible change:
#
#   build-aux/screenshots.sh [BUILDDIR] [OUTDIR]
#
# BUILDDIR defaults to "build" (configured with meson), OUTDIR to
# data/screenshots. Environment knobs, for looking rather than for the store:
#   WHENCE_SHOT_LANG=de_DE.UTF-8   take them in another language
#   WHENCE_SHOT_DPI=192            large text (96 is normal, 192 is 200 %)
#   WHENCE_SHOT_SCALE=2            a HiDPI screen (GDK_SCALE)
#   WHENCE_SHOT_SUFFIX=-de         appended to each file name
# Needs: xvfb-run, dbus-run-session, xdotool, ImageMagick's `import`, xrdb.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" != "--inside" ]; then
  builddir=$(cd "${1:-$root/build}" && pwd)
  outdir=${2:-$root/data/screenshots}
  mkdir -p "$outdir"
  outdir=$(cd "$outdir" && pwd)
  for tool in xvfb-run dbus-run-session xdotool import ${WHENCE_SHOT_DPI:+xrdb}; do
    command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is missing" >&2; exit 1; }
  done
  [ -x "$builddir/src/whence" ] || { echo "screenshots.sh: build first: ninja -C $builddir" >&2; exit 1; }
  exec xvfb-run -a -s '-screen 0 2200x1600x24 -nolisten tcp -noreset' \
    dbus-run-session --config-file="$root/tests/session.conf" -- \
    "$0" --inside "$builddir" "$outdir"
fi

builddir=$2
outdir=$3
sample="$root/data/sample/klez-style-sample.eml"
suffix=${WHENCE_SHOT_SUFFIX:-}
scale=${WHENCE_SHOT_SCALE:-1}
width=$((1000 * scale))
height=$((700 * scale))

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/config/gtk-4.0" "$scratch/data" "$scratch/cache"
# With no settings daemon, GTK 4 on X11 takes the text size from Xft.dpi.
if [ -n "${WHENCE_SHOT_DPI:-}" ]; then
  echo "Xft.dpi: $WHENCE_SHOT_DPI" | xrdb -nocpp -merge
fi

export GDK_BACKEND=x11 GSK_RENDERER=cairo GDK_SCALE="$scale"
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data"
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
export NO_AT_BRIDGE=1 GTK_A11Y=none
export LANGUAGE="${WHENCE_SHOT_LANG:-en_US.UTF-8}" LANG="${WHENCE_SHOT_LANG:-C.UTF-8}"

# Waits for a visible window of the app, other than window $1 if given (a
# dialog, whatever its title in the language of the shots), and prints its id.
wait_app_window() {
  tries=0
  while [ $tries -lt 100 ]; do
    id=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | grep -vx "${1:-none}" | tail -n 1 || true)
    if [ -n "$id" ]; then echo "$id"; return 0; fi
    tries=$((tries + 1))
    sleep 0.1
  done
  echo "screenshots.sh: no window of Whence appeared" >&2
  return 1
}

# The Alt+letter of a button in the language of the shots, from the built
# translations: access keys move with the words.
access_key() {
  lang=${WHENCE_SHOT_LANG:-C}
  label=$(LANGUAGE="${lang%%[._]*}" TEXTDOMAINDIR="$builddir/po" gettext -d whence "$1")
  printf 'alt+%s' "$(printf '%s' "$label" | sed -n 's/^[^_]*_\(.\).*/\1/p' | tr '[:upper:]' '[:lower:]')"
}

# shot NAME WINDOW-ID: settle, then grab that window only.
shot() {
  sleep 1.5
  import -window "$2" "$outdir/$1$suffix.png"
  echo "wrote $outdir/$1$suffix.png"
}

start_app() {
  "$builddir/src/whence" "$@" &
  app_pid=$!
  win=$(wait_app_window)
  xdotool windowmove "$win" 0 0 windowsize "$win" "$width" "$height"
}

stop_app() {
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
}

# 1. The empty window, as a person sees it first.
start_app
shot empty "$win"

# 2. The built-in help, opened with F1 like a person would.
xdotool windowfocus --sync "$win" key F1
help=$(wait_app_window "$win")
xdotool windowmove "$help" 0 0 windowsize "$help" "$width" "$height"
shot help "$help"
stop_app

# 3. The bundled sample, loaded.
start_app "$sample"
shot loaded "$win"

# 4. "Report It…", on the step that writes to the network's abuse desk
#    (two presses of Next), each pressed with its access key.
xdotool windowfocus --sync "$win" key "$(access_key '_Report It…')"
wizard=$(wait_app_window "$win")
xdotool windowmove "$wizard" 0 0 windowsize "$wizard" "$width" "$height"
sleep 1
xdotool windowfocus --sync "$wizard" key "$(access_key '_Next')"
sleep 1
xdotool windowfocus --sync "$wizard" key "$(access_key '_Next')"
shot report "$wizard"
stop_app

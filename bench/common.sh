# Sourced by the bench scripts: where things are, and small helpers.
root=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BUILDDIR:-$root/build}
whence=${WHENCE:-$builddir/src/whence}
shared=${WHENCE_SHARED_DIR:-$root/../shared}
corpus=${CORPUS:-$shared/corpus}
sa_relays=${SA_RELAYS:-$shared/tools/sa-relays.pl}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/whence-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$whence" ]; then
  echo "No whence at $whence: build first (meson setup build && ninja -C build), or set WHENCE=…" >&2
  exit 2
fi

# timed OUT CMD…: runs CMD (stdout discarded), leaves "wall user sys maxrss_kb" in OUT.
timed() {
  out=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$out.all" "$@" >/dev/null 2>"$out.err" || true
  # time(1) puts "Command exited with non-zero status N" first.
  tail -n 1 "$out.all" > "$out"
}

calc() {
  /usr/bin/python3 -c "print($1)"
}

#!/bin/sh
# fuzz/run.sh DURATION [HARNESS…]
#
# Builds the libFuzzer harnesses (clang, ASan + UBSan, build-fuzz/), makes a
# seed corpus for each from tests/data, and runs each harness for DURATION
# seconds on one core. Harnesses: message header-block received date rdap
# arf (default: all). Crashes are written to build-fuzz/fuzz/artifacts/; minimise one with
#   build-fuzz/fuzz/fuzz-NAME -minimize_crash=1 -runs=100000 CRASH
# and keep it in tests/data/malformed/ with a manifest line.
#
# Environment: FUZZ_BUILDDIR (default build-fuzz), FUZZ_ARGS (extra libFuzzer
# options, e.g. "-fork=1").
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:?usage: fuzz/run.sh DURATION [HARNESS…]}
shift
harnesses=${*:-message header-block received date rdap arf}
builddir=${FUZZ_BUILDDIR:-$root/build-fuzz}

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" "$root" -Dfuzzing=true -Dtests=false \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$builddir" $(for h in $harnesses; do printf 'fuzz/fuzz-%s ' "$h"; done) >/dev/null

seeds=$builddir/fuzz/seeds
mkdir -p "$seeds" "$builddir/fuzz/artifacts"
/usr/bin/python3 - "$root/tests/data" "$seeds" <<'PY'
import email.parser, hashlib, os, re, sys
data, out = sys.argv[1], sys.argv[2]
def put(kind, blob):
    d = os.path.join(out, kind); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(blob).hexdigest()), "wb") as f: f.write(blob)
for dirpath, _, names in os.walk(data):
    for name in names:
        path = os.path.join(dirpath, name)
        if os.path.getsize(path) > 256 * 1024 or name in ("manifest.tsv", "generate.py", "README.md"):
            continue
        blob = open(path, "rb").read()
        if name.endswith(".json"):
            put("rdap", blob); continue
        put("message", blob); put("header-block", blob); put("arf", blob)
        # Received values and dates, unfolded.
        text = blob.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
        for m in re.finditer(rb"^Received:(.*(?:\n[ \t].*)*)", text, re.M | re.I):
            value = re.sub(rb"\s+", b" ", m.group(1)).strip()
            put("received", value)
            if b";" in value: put("date", value.rsplit(b";", 1)[1].strip())
        for m in re.finditer(rb"^Date:(.*)", text, re.M | re.I):
            put("date", m.group(1).strip())
PY

status=0
for h in $harnesses; do
  corpus=$builddir/fuzz/corpus/$h
  mkdir -p "$corpus"
  echo "== fuzz-$h for ${duration}s"
  # One core: the machines are shared.
  "$builddir/fuzz/fuzz-$h" "$corpus" "$seeds/$h" \
    -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    -artifact_prefix="$builddir/fuzz/artifacts/$h-" -print_final_stats=1 ${FUZZ_ARGS:-} \
    2>&1 | grep -E "^(#[0-9]+ +DONE|stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|INFO: Running with)" || true
  if ls "$builddir/fuzz/artifacts/$h-"* >/dev/null 2>&1; then
    echo "fuzz-$h: crash inputs in $builddir/fuzz/artifacts/"
    status=1
  fi
done
exit $status

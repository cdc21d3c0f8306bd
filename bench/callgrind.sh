#!/bin/sh
# bench/callgrind.sh — instruction counts (valgrind --tool=callgrind) of the
# hot path, `whence trace --json` over the corpus: the total, per message,
# and the functions that cost the most (inclusive).
set -eu
. "$(dirname "$0")/common.sh"

files=$(ls "$corpus"/*.eml)
count=$(echo "$files" | wc -l)
# shellcheck disable=SC2086
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$whence" trace --json $files \
  > /dev/null 2> "$tmp/cg.err" || true
# And the fixed cost: one empty run.
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg0.out" "$whence" trace --json \
  "$root/tests/data/load/klez-style-sample.eml" > /dev/null 2> "$tmp/cg0.err" || true
total=$(awk '/Collected :/ {print $4}' "$tmp/cg.err")
one=$(awk '/Collected :/ {print $4}' "$tmp/cg0.err")
printf 'instructions: %d for %d messages; %d for one message (start-up + 1)\n' "$total" "$count" "$one"
printf 'per message, start-up excluded: %.0f\n' "$(calc "($total - $one) / ($count - 1)")"
echo "most expensive functions (inclusive, share of the total):"
callgrind_annotate --inclusive=yes "$tmp/cg.out" 2>/dev/null \
  | grep -E "whence-|gmime|g_regex|json_|pcre2_jit_compile|psl" | grep -v "^Profiled" | head -25 \
  | sed -E 's#[^ ]*/src/#src/#; s#\[[^]]*\]##' | awk '!seen[$NF]++'

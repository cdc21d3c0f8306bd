#!/bin/sh
# bench/callgrind.sh — instruction counts (valgrind --tool=callgrind) of the
# hot path, `whence trace --json` over the corpus on one thread: the total
# for the corpus once and three times, what one more message costs (the
# difference divided by the extra messages: start-up and first-use work such
# as compiling the Received patterns fall out), and the costliest functions
# (inclusive).
set -eu
. "$(dirname "$0")/common.sh"

files=$(ls "$corpus"/*.eml)
count=$(echo "$files" | wc -l)
# shellcheck disable=SC2086
WHENCE_TRACE_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
  "$whence" trace --json $files > /dev/null 2> "$tmp/cg.err" || true
# shellcheck disable=SC2086
WHENCE_TRACE_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$tmp/cg3.out" \
  "$whence" trace --json $files $files $files > /dev/null 2> "$tmp/cg3.err" || true
once=$(awk '/Collected :/ {print $4}' "$tmp/cg.err")
thrice=$(awk '/Collected :/ {print $4}' "$tmp/cg3.err")
printf 'instructions: %d for the %d messages once, %d three times\n' "$once" "$count" "$thrice"
printf 'per message (three times minus once, divided by %d): %.0f\n' "$((2 * count))" \
  "$(calc "($thrice - $once) / (2 * $count)")"
# GMime's own parse (the part tree behind the Content-* headers), per message.
gmime_once=$(callgrind_annotate --inclusive=yes "$tmp/cg.out" 2>/dev/null \
  | awk '/:g_mime_parser_construct_part( |$)/ {gsub(",", "", $1); print $1; exit}')
gmime_thrice=$(callgrind_annotate --inclusive=yes "$tmp/cg3.out" 2>/dev/null \
  | awk '/:g_mime_parser_construct_part( |$)/ {gsub(",", "", $1); print $1; exit}')
if [ -n "$gmime_once" ] && [ -n "$gmime_thrice" ]; then
  printf 'of which GMime parsing the MIME tree: %.0f per message\n' \
    "$(calc "(${gmime_thrice} - ${gmime_once}) / (2 * $count)")"
fi
echo "most expensive functions over the corpus once (inclusive, share of the total):"
callgrind_annotate --inclusive=yes "$tmp/cg.out" 2>/dev/null \
  | grep -E "[?]:(whence_|g_mime_|pcre2_|json_|psl_)" | grep -v "^Profiled" | head -25 \
  | sed -E 's# \[[^]]*\]$##; s#[?]{3}:##'

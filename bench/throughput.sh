#!/bin/sh
# bench/throughput.sh — messages per second of `whence trace --json` against
# SpamAssassin's relay pass (sa-relays.pl) on the same files, in the same
# run, one process each for the whole set: the corpus as it is (150
# messages), then the corpus repeated to about 10,000 messages.
set -eu
. "$(dirname "$0")/common.sh"

if [ ! -d "$corpus" ] || [ ! -x "$sa_relays" ]; then
  echo "Needs the shared corpus ($corpus) and sa-relays.pl ($sa_relays)." >&2
  exit 2
fi

ls "$corpus"/*.eml > "$tmp/set-corpus"
mkdir "$tmp/repeated"
n=$(wc -l < "$tmp/set-corpus")
copies=$(( (10000 + n - 1) / n ))
i=0
while [ $i -lt $copies ]; do
  while read -r f; do
    ln -s "$f" "$tmp/repeated/$i-$(basename "$f")"
  done < "$tmp/set-corpus"
  i=$((i + 1))
done
ls "$tmp"/repeated/*.eml > "$tmp/set-repeated"

# Warm the page cache so that both tools read from memory.
cat $(cat "$tmp/set-corpus") > /dev/null

# The floor: GMime building each message's part tree and nothing else
# (bench/gmime-parse-only.c, built with the project). Whence has GMime parse
# every message, so this shows what share of SpamAssassin's time GMime alone
# takes, whatever Whence does around it.
floor=${GMIME_FLOOR:-$builddir/bench/gmime-parse-only}
[ -x "$floor" ] || floor=

# whence runs twice: on one thread (WHENCE_TRACE_THREADS=1), like for like
# with SpamAssassin's single Perl thread, and on every core (its default).
printf '%-9s %6s %-18s %8s %8s %10s %10s\n' set msgs tool wall_s cpu_s msgs/s_wall msgs/s_cpu
for set in corpus repeated; do
  count=$(wc -l < "$tmp/set-$set")
  # shellcheck disable=SC2046
  timed "$tmp/w1" env WHENCE_TRACE_THREADS=1 "$whence" trace --json $(cat "$tmp/set-$set")
  # shellcheck disable=SC2046
  timed "$tmp/wn" "$whence" trace --json $(cat "$tmp/set-$set")
  # shellcheck disable=SC2046
  timed "$tmp/s" "$sa_relays" $(cat "$tmp/set-$set")
  tools="w1 wn s"
  # The floor only on the big set: on 150 messages it is below time's resolution.
  if [ -n "$floor" ] && [ "$set" = repeated ]; then
    # shellcheck disable=SC2046
    timed "$tmp/g" "$floor" $(cat "$tmp/set-$set")
    tools="$tools g"
  fi
  for tool in $tools; do
    read -r wall user sys rss < "$tmp/$tool"
    case $tool in
      w1) name="whence (1 thread)" ;;
      wn) name="whence (all cores)" ;;
      s) name=sa-relays.pl ;;
      g) name="GMime parse only" ;;
    esac
    cpu=$(calc "$user + $sys")
    printf '%-9s %6d %-18s %8.2f %8.2f %10.0f %10.0f\n' "$set" "$count" "$name" "$wall" "$cpu" \
      "$(calc "$count / max($wall, 0.001)")" "$(calc "$count / max($cpu, 0.001)")"
  done
  read -r w1w w1u w1s w1r < "$tmp/w1"
  read -r wnw wnu wns wnr < "$tmp/wn"
  read -r sw su ss sr < "$tmp/s"
  printf '%-9s ratio whence/SpamAssassin, 1 thread: %.1fx (wall), %.1fx (cpu)\n' "$set" \
    "$(calc "$sw / max($w1w, 0.001)")" "$(calc "($su + $ss) / max($w1u + $w1s, 0.001)")"
  printf '%-9s ratio whence/SpamAssassin, all cores: %.1fx (wall)\n' "$set" \
    "$(calc "$sw / max($wnw, 0.001)")"
  if [ -n "$floor" ] && [ "$set" = repeated ]; then
    read -r gw gu gs gr < "$tmp/g"
    printf '%-9s floor: GMime parsing each message, nothing else, 1 thread: %.1fx SpamAssassin (cpu)\n' \
      "$set" "$(calc "($su + $ss) / max($gu + $gs, 0.001)")"
  fi
done

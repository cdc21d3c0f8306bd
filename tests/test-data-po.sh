#!/bin/sh
# Every translation compiles (msgfmt --check), is complete, and is listed in
# po/LINGUAS (and every LINGUAS entry has its .po). No translations yet is fine.
# Usage: test-data-po.sh SOURCE_ROOT        Prints TAP.
set -u

po="$1/po"
command -v msgfmt >/dev/null || { echo "1..0 # SKIP msgfmt is missing"; exit 0; }

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

linguas=$(sed -e 's/#.*//' "$po/LINGUAS" | tr -s ' \t' '\n\n' | sed '/^$/d')

found=0
for file in "$po"/*.po; do
  [ -e "$file" ] || continue
  found=$((found + 1))
  lang=$(basename "$file" .po)
  if out=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$file" 2>&1); then
    ok "$lang.po compiles with msgfmt --check"
  else
    not_ok "$lang.po compiles with msgfmt --check"
    echo "$out" | sed 's/^/#   /'
  fi
  case "$out" in
    *untranslated*|*fuzzy*)
      not_ok "$lang.po is complete"
      echo "$out" | sed 's/^/#   /' ;;
    *)
      ok "$lang.po is complete" ;;
  esac
  if echo "$linguas" | grep -qx "$lang"; then
    ok "$lang is listed in po/LINGUAS"
  else
    not_ok "$lang is listed in po/LINGUAS"
  fi
done

for lang in $linguas; do
  if [ -e "$po/$lang.po" ]; then
    ok "po/LINGUAS entry $lang has $lang.po"
  else
    not_ok "po/LINGUAS entry $lang has $lang.po"
  fi
done

if [ "$found" -eq 0 ] && [ -z "$linguas" ]; then
  ok "no translations yet, and po/LINGUAS lists none"
fi

echo "1..$n"
[ "$failed" -eq 0 ]

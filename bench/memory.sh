#!/bin/sh
# bench/memory.sh — peak memory (RSS, /usr/bin/time -v):
#   1. a generated 200 MB email with five large attachments, traced and
#      analysed (`whence trace --json`; the analysis is part of it);
#   2. an mbox of 10,000 messages (the corpus repeated), streamed.
set -eu
. "$(dirname "$0")/common.sh"

/usr/bin/python3 - "$tmp/big.eml" <<'PY'
import base64, os, random, sys
rnd = random.Random(200)
with open(sys.argv[1], "wb") as f:
    f.write(b"Received: from home-pc.example.net (dsl-7.example.net [198.51.100.7])\n"
            b"\tby mx.example.com with ESMTP id BIG; Fri, 1 Jan 2021 00:00:05 +0000\n"
            b"From: Sender <s@example.org>\nTo: you@example.com\nSubject: big\n"
            b"Date: Fri, 1 Jan 2021 00:00:00 +0000\nMIME-Version: 1.0\n"
            b"Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\nsee attached\n")
    names = [b"video.mp4", b"photos.zip", b"backup.tar", b"scan.pdf", b"setup.exe"]
    block = rnd.randbytes(1 << 20)
    for name in names:
        f.write(b"--B\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\""
                + name + b"\"\nContent-Transfer-Encoding: base64\n\n")
        chunk = base64.encodebytes(block)
        for _ in range(29):   # 29 MB decoded, ~39 MB encoded each
            f.write(chunk)
    f.write(b"--B--\n")
PY
size=$(stat -c %s "$tmp/big.eml")

# An mbox of the corpus repeated to 10,000 messages.
/usr/bin/python3 - "$corpus" "$tmp/big.mbox" <<'PY'
import glob, sys
files = sorted(glob.glob(sys.argv[1] + "/*.eml"))
n = 0
with open(sys.argv[2], "wb") as out:
    while n < 10000:
        for path in files:
            if n == 10000:
                break
            data = open(path, "rb").read().replace(b"\r\n", b"\n")
            # mboxrd quoting of body lines that start with "From ".
            data = b"\n".join(b">" + l if l.startswith(b"From ") else l for l in data.split(b"\n"))
            out.write(b"From bench@example.org Fri Jan  1 00:00:00 2021\n" + data.rstrip(b"\n") + b"\n\n")
            n += 1
PY
mbox_size=$(stat -c %s "$tmp/big.mbox")

/usr/bin/time -v "$whence" trace --json "$tmp/big.eml" > "$tmp/big.json" 2> "$tmp/big.time" || true
/usr/bin/time -v "$whence" trace --json "$tmp/big.mbox" > "$tmp/mbox.json" 2> "$tmp/mbox.time" || true

rss() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$1"; }
printf '200 MB email (%d bytes, 5 attachments): peak RSS %d KB (%.1f MB), %s wall, %s attachment(s) listed\n' \
  "$size" "$(rss "$tmp/big.time")" "$(calc "$(rss "$tmp/big.time") / 1024")" "$(wall "$tmp/big.time")" \
  "$(/usr/bin/python3 -c "import json,sys; print(len(json.loads(open(sys.argv[1]).readline())['attachments']))" "$tmp/big.json")"
printf 'mbox of 10,000 messages (%d bytes): peak RSS %d KB (%.1f MB), %s wall, %d objects printed\n' \
  "$mbox_size" "$(rss "$tmp/mbox.time")" "$(calc "$(rss "$tmp/mbox.time") / 1024")" "$(wall "$tmp/mbox.time")" \
  "$(wc -l < "$tmp/mbox.json")"

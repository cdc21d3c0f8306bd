"""Whence's origin against SpamAssassin's first untrusted relay, live.

Runs /work/shared/tools/sa-relays.pl (Debian's SpamAssassin) and `whence trace --json` over
WHENCE_SHARED_DIR/corpus/*.eml and checks that the files where the two differ are exactly the
ones tests/data/corpus/sa-differences.md lists, with the same two answers. Prints TAP; skips when
the shared folder or SpamAssassin is missing.

Usage: test-corpus-sa.py WHENCE TESTS_SRCDIR
"""
import glob
import json
import os
import shutil
import subprocess
import sys

WHENCE, SRCDIR = sys.argv[1], sys.argv[2]
shared = os.environ.get("WHENCE_SHARED_DIR", "")
tool = os.path.join(shared, "tools", "sa-relays.pl")
files = sorted(glob.glob(os.path.join(shared, "corpus", "*.eml")))
if not shared or not os.path.exists(tool) or not files:
    print("1..0 # SKIP WHENCE_SHARED_DIR/corpus or sa-relays.pl is not here")
    sys.exit(0)
if shutil.which("perl") is None or subprocess.run(
        ["perl", "-MMail::SpamAssassin", "-e", "1"], capture_output=True).returncode != 0:
    print("1..0 # SKIP SpamAssassin (Debian package spamassassin) is not installed")
    sys.exit(0)

sa = {}
out = subprocess.run(["perl", tool, *files], capture_output=True, timeout=600, check=True).stdout
for line in out.decode("utf-8", "replace").splitlines():
    o = json.loads(line)
    first = o.get("first_untrusted")
    sa[os.path.basename(o["file"])] = first["ip"] if first else None

ours = {}
errors = {}
proc = subprocess.run([WHENCE, "trace", "--json", *files], capture_output=True, timeout=600,
                      env=dict(os.environ, DISPLAY="", WAYLAND_DISPLAY=""))
for line in proc.stdout.decode("utf-8").splitlines():   # must be valid UTF-8
    o = json.loads(line)
    name = os.path.basename(o["file"])
    if name in ours or name in errors:
        continue                                        # later messages of an mbox
    if o["error"] is not None:
        errors[name] = o["error"]["code"]
    else:
        ours[name] = o["origin"]["ip"] if o["origin"] else None

listed = {}
with open(os.path.join(SRCDIR, "data", "corpus", "sa-differences.md"), encoding="utf-8") as f:
    for row in f:
        cells = [c.strip() for c in row.split("|")]
        if len(cells) > 4 and cells[1].endswith(".eml"):
            sa_ip = cells[2].split()[0]
            listed[cells[1]] = (None if sa_ip == "none" else sa_ip, cells[3].split()[0])

results = []
results.append(("every file traced or refused", set(ours) | set(errors) == set(sa),
                sorted(set(sa) - set(ours) - set(errors))))
results.append(("refused only the broken ones",
                errors == {"phishpot-0036.eml": "empty", "spamscope-0006.eml": "not-an-email"},
                errors))
differ = {f: (sa[f], ours[f]) for f in ours
          if (sa[f] or "").lower() != (ours[f] or "").lower()}
results.append(("every difference is in sa-differences.md", set(differ) <= set(listed),
                sorted(set(differ) - set(listed))))
results.append(("every listed difference still differs", set(listed) <= set(differ),
                sorted(set(listed) - set(differ))))
results.append(("listed answers are the current ones",
                all(listed[f] == differ[f] for f in set(listed) & set(differ)),
                {f: (listed[f], differ[f]) for f in set(listed) & set(differ)
                 if listed[f] != differ[f]}))
same = len(ours) - len(differ)
print(f"# same answer {same}, different {len(differ)}, refused {len(errors)}")
print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok:
        print(f"# {detail}")

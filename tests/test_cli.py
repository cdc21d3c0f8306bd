"""`whence trace` as scripts and tests rely on it (DESIGN.md, the JSON contract).

Prints TAP. Run by meson through test-cli.sh: test_cli.py WHENCE TESTS_SRCDIR.
"""
import json
import os
import subprocess
import sys

WHENCE, SRCDIR = sys.argv[1], sys.argv[2]
LOAD = os.path.join(SRCDIR, "data", "load")
results = []

TOP_KEYS = ["file", "error", "subject", "from", "date", "message_id", "hops", "origin",
            "sender", "auth", "attachments", "worm_like"]
HOP_KEYS = ["index", "raw", "relay", "ip", "rdns", "helo", "by", "ident", "envfrom", "id",
            "auth", "with", "for", "date", "delay_s", "trust"]


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def trace(*args, stdin=None):
    env = dict(os.environ, DISPLAY="", WAYLAND_DISPLAY="")
    proc = subprocess.run([WHENCE, "trace", *args], input=stdin, capture_output=True,
                          env=env, timeout=60)
    return proc


sample = os.path.join(LOAD, "klez-style-sample.eml")
proc = trace("--json", sample)
check("exit 0 when every input traced", proc.returncode == 0, proc.stderr.decode())
lines = proc.stdout.decode().splitlines()
check("one line per input", len(lines) == 1, repr(lines[:3]))
obj = json.loads(lines[0])
check("top-level members in contract order", list(obj.keys()) == TOP_KEYS, list(obj.keys()))
check("no error on a good email", obj["error"] is None)
check("subject", obj["subject"] == "A very funny game", obj["subject"])
check("date is ISO-8601 UTC", obj["date"] == "2026-11-26T09:13:51Z", obj["date"])
check("four hops, topmost first", len(obj["hops"]) == 4 and obj["hops"][0]["index"] == 0
      and obj["hops"][0]["raw"].startswith("from mailstore1.example.net"))
check("hop members in contract order", list(obj["hops"][0].keys()) == HOP_KEYS,
      list(obj["hops"][0].keys()))
check("sender address and domain",
      obj["sender"]["address"] == "anna.keller@example.org"
      and obj["sender"]["domain"] == "example.org", obj["sender"])
att = obj["attachments"]
check("attachment listed with its declared type",
      len(att) == 1 and att[0]["filename"] == "game.exe"
      and att[0]["content_type"] == "audio/x-wav", att)

proc = trace("--json", sample, os.path.join(LOAD, "picture.eml"), os.path.join(LOAD, "empty.eml"))
lines = [json.loads(l) for l in proc.stdout.decode().splitlines()]
check("exit 1 when any input failed", proc.returncode == 1, proc.returncode)
check("one object per input, failures included", len(lines) == 3, len(lines))
check("not-an-email code", lines[1]["error"]["code"] == "not-an-email", lines[1])
check("empty code", lines[2]["error"]["code"] == "empty", lines[2])
check("error message is words", len(lines[1]["error"]["message"]) > 20)

proc = trace("--json", os.path.join(LOAD, "three.mbox"))
check("mbox gives one object per message", len(proc.stdout.decode().splitlines()) == 3)

with open(sample, "rb") as f:
    proc = trace("--json", "-", stdin=f.read())
check("- reads standard input", proc.returncode == 0
      and json.loads(proc.stdout)["subject"] == "A very funny game")

proc = trace("--json", "--pretty", sample)
check("--pretty indents", proc.returncode == 0 and "\n  " in proc.stdout.decode())

proc = trace("--no-such-option", sample)
check("exit 2 for bad usage", proc.returncode == 2, proc.returncode)
proc = trace()
check("exit 2 with no file", proc.returncode == 2, proc.returncode)

proc = trace(sample)
check("readable form names the subject", proc.returncode == 0
      and "A very funny game" in proc.stdout.decode())

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok:
        print(f"# {detail}")

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
            "sender", "auth", "attachments", "worm_like",
            "limits"]  # added after DESIGN.md by dacce99 (hostile-mail notes)
HOP_KEYS = ["index", "raw", "relay", "ip", "rdns", "helo", "by", "ident", "envfrom", "id",
            "auth", "with", "for", "date", "delay_s", "trust"]


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def trace(*args, stdin=None, threads=None):
    env = dict(os.environ, DISPLAY="", WAYLAND_DISPLAY="")
    if threads is not None:
        env["WHENCE_TRACE_THREADS"] = str(threads)
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
check("Klez-style attachment is high risk, with the Klez reason",
      att[0]["risk"] == "high" and any("Klez" in r for r in att[0]["reasons"]), att)
check("Klez-style sample is worm-like, its sender likely spoofed, with reasons",
      obj["worm_like"] is True and obj["sender"]["spoofed"] == "likely"
      and len(obj["sender"]["reasons"]) > 0, obj["sender"])
check("auth members are the four checks, as strings",
      list(obj["auth"].keys()) == ["spf", "dkim", "dmarc", "arc"]
      and all(isinstance(v, str) for v in obj["auth"].values()), obj["auth"])

ANALYSIS = os.path.join(SRCDIR, "data", "analysis")
proc = trace("--json", os.path.join(ANALYSIS, "gmail-pdf.eml"), os.path.join(ANALYSIS, "phishing.eml"))
control, phish = [json.loads(l) for l in proc.stdout.decode().splitlines()]
check("a normal Gmail message with a PDF is not called a worm",
      control["worm_like"] is False and control["sender"]["spoofed"] == "unlikely"
      and control["attachments"][0]["risk"] == "none"
      and control["auth"] == {"spf": "pass", "dkim": "pass", "dmarc": "pass", "arc": ""}, control)
check("sign-in results forged below the boundary are ignored",
      phish["auth"]["spf"] == "fail" and phish["auth"]["dkim"] == "none"
      and phish["sender"]["spoofed"] == "likely" and phish["worm_like"] is False, phish["auth"])

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
proc = trace("--help")
usage = proc.stdout.decode()
check("--help names the subcommand and the files once",
      proc.returncode == 0 and "whence trace [OPTION" in usage and usage.count("FILE…") == 1, usage)

proc = trace(sample)
check("readable form names the subject", proc.returncode == 0
      and "A very funny game" in proc.stdout.decode())

# --- the trace: hops, trust, origin (tests/data/trace/README.md) ---
TRACE = os.path.join(SRCDIR, "data", "trace")
ORIGIN_KEYS = ["hop", "ip", "rdns", "helo", "confidence", "reason"]
proc = trace("--json", sample)
obj = json.loads(proc.stdout)
check("hops carry the parsed fields", obj["hops"][2]["ip"] == "203.0.113.77"
      and obj["hops"][2]["helo"] == "hjkp" and obj["hops"][2]["by"] == "mx2.example.net",
      obj["hops"][2])
check("hop dates are ISO-8601 UTC", obj["hops"][0]["date"] == "2026-11-26T09:14:07Z",
      obj["hops"][0]["date"])
check("delay to the next older hop, null for the oldest",
      obj["hops"][0]["delay_s"] == 1 and obj["hops"][-1]["delay_s"] is None,
      [h["delay_s"] for h in obj["hops"]])
check("trust per hop", [h["trust"] for h in obj["hops"]]
      == ["recipient", "recipient", "boundary", "unverified"], [h["trust"] for h in obj["hops"]])
check("origin members in contract order",
      obj["origin"] is not None and list(obj["origin"].keys()) == ORIGIN_KEYS, obj["origin"])
check("origin is the boundary hop", obj["origin"]["hop"] == 2
      and obj["origin"]["ip"] == "203.0.113.77"
      and obj["origin"]["confidence"] in ("high", "medium", "low")
      and len(obj["origin"]["reason"]) > 20, obj["origin"])

forged = os.path.join(TRACE, "forged-chain.eml")
obj = json.loads(trace("--json", forged).stdout)
check("clock skew stays negative", obj["hops"][1]["delay_s"] == -4, obj["hops"][1]["delay_s"])
check("lines below the boundary are unverified",
      [h["trust"] for h in obj["hops"]]
      == ["recipient", "recipient", "boundary", "unverified", "unverified"])
proc = trace("--json", "--trusted-networks", "192.168.0.0/16 81.169.145.0/24", forged)
obj = json.loads(proc.stdout)
check("--trusted-networks moves the boundary", proc.returncode == 0
      and obj["origin"]["hop"] == 3 and obj["origin"]["ip"] == "64.4.240.1", obj["origin"])
proc = trace("--json", "--trusted-networks", "10/8 not-a-network", forged)
check("a wrong --trusted-networks is bad usage", proc.returncode == 2
      and b"not-a-network" in proc.stderr and proc.stdout == b"", proc.returncode)

obj = json.loads(trace("--json", os.path.join(TRACE, "no-received.eml")).stdout)
check("no Received: no hops, no origin", obj["hops"] == [] and obj["origin"] is None, obj)
obj = json.loads(trace("--json", os.path.join(TRACE, "ipv6.eml")).stdout)
check("IPv6 origin as written", obj["origin"]["ip"] == "2a01:4f8:c17:4b2f::1", obj["origin"])
obj = json.loads(trace("--json", os.path.join(TRACE, "200-received.eml")).stdout)
check("200 Received lines", len(obj["hops"]) == 200 and obj["origin"]["hop"] == 199)

proc = trace(forged)
out = proc.stdout.decode()
check("readable form: origin first, then hops with trust marks",
      proc.returncode == 0 and out.index("81.169.145.97") < out.index("#0")
      and "BOUNDARY" in out and "unverified" in out and "clock skew" in out, out)
raw_lines = [h["raw"] for h in json.loads(trace("--json", forged).stdout)["hops"]]
positions = [out.find("Received: " + raw) for raw in raw_lines]
check("readable form: every Received line as written, newest first",
      all(p >= 0 for p in positions) and positions == sorted(positions), positions)
check("readable form: the verdict and the named sender's status",
      "\nVerdict: " in out and "\nSender faked: " in out
      and out.index("Verdict: ") < out.index("#0"), out)
proc = trace(sample)
check("readable form: the worm verdict for the sample",
      "Verdict: worm" in proc.stdout.decode(), proc.stdout.decode())

# --- many files at once: traced on several threads, printed in input order ---
batch = []
for folder in ("load", "trace", "analysis"):
    path = os.path.join(SRCDIR, "data", folder)
    batch += sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith(".eml"))
# Repeated, with stdin, a folder and a missing file in the middle, which the
# main thread handles between the files traced ahead.
batch = batch * 3 + ["-", os.path.join(SRCDIR, "data"), "/nonexistent/x.eml"] + batch
with open(sample, "rb") as f:
    sample_bytes = f.read()
one = trace("--json", *batch, stdin=sample_bytes, threads=1)
four = trace("--json", *batch, stdin=sample_bytes, threads=4)
names = [json.loads(l)["file"] for l in four.stdout.decode().splitlines()]
check("batch: the same bytes and exit status on 4 threads as on 1",
      four.stdout == one.stdout and four.returncode == one.returncode == 1,
      (len(four.stdout), len(one.stdout), four.returncode, one.returncode))
check("batch: one object per input, in the order given", names == batch, names[:5])

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok:
        print(f"# {detail}")

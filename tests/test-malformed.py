#!/usr/bin/python3
# test-malformed.py WHENCE MALFORMED_DIR GENERATED_DIR
#
# Runs `whence trace --json` on every input of the malformed corpus
# (tests/data/malformed/manifest.tsv) and checks, for each: no crash, no
# hang, valid UTF-8 JSON, the expected outcome and limit notes, and no
# control character in what ends up in reports. TAP output.
#
# WHENCE_MALFORMED_WRAPPER (e.g. "valgrind --error-exitcode=99 -q") runs
# each command under a checker; WHENCE_MALFORMED_TIMEOUT scales the time
# limit per input (seconds, default 30).
import ipaddress
import json
import os
import shlex
import subprocess
import sys

CONTROL = {chr(c) for c in range(0x20) if c != 9} | {chr(c) for c in range(0x7f, 0xa0)}
REPORT_MARKERS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "CRITICAL",
                  "ERROR:", "Invalid read", "Invalid write", "definitely lost",
                  "Conditional jump", "uninitialised")


def read_manifest(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            checks = fields[2].split(",") if len(fields) > 2 and fields[2] else []
            entries.append((fields[0], fields[1], checks))
    return entries


def dirty(value):
    return isinstance(value, str) and any(ch in CONTROL for ch in value)


def check_clean(obj, problems):
    for key in ("subject", "from", "message_id"):
        if dirty(obj.get(key)):
            problems.append(f"{key} holds a control character: {obj.get(key)!r:.80}")
    for hop in obj.get("hops") or []:
        for key, value in hop.items():
            if dirty(value):
                problems.append(f"hop {hop.get('index')} {key} holds a control character: {value!r:.80}")
    for att in obj.get("attachments") or []:
        if dirty(att.get("filename")):
            problems.append(f"file name holds a control character: {att.get('filename')!r:.80}")
    for note in obj.get("limits") or []:
        if not note.get("message") or not note.get("code"):
            problems.append(f"limit note without code or message: {note!r}")


def compare(actual, check, problems):
    for op in ("<=", ">=", "="):
        if op in check:
            name, number = check.split(op)
            number = int(number)
            ok = {"<=": actual <= number, ">=": actual >= number, "=": actual == number}[op]
            if not ok:
                problems.append(f"{check}: got {actual}")
            return


def check_one(whence, path, outcome, checks, wrapper, timeout):
    problems = []
    command = wrapper + [whence, "trace", "--json", path]
    try:
        run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [f"no answer within {timeout} s (hang)"]

    stderr = run.stderr.decode("utf-8", "replace")
    if run.returncode < 0:
        problems.append(f"killed by signal {-run.returncode}")
    for marker in REPORT_MARKERS:
        if marker in stderr:
            problems.append(f"stderr reports {marker!r}: {stderr[-2000:]}")
            break
    try:
        text = run.stdout.decode("utf-8")
        objects = [json.loads(line) for line in text.splitlines() if line.strip()]
    except (UnicodeDecodeError, ValueError) as e:
        return problems + [f"output is not UTF-8 JSON lines: {e}"]
    if not objects:
        return problems + ["no JSON object printed"]

    first = objects[0]
    if outcome.startswith("error:"):
        code = outcome.split(":", 1)[1]
        error = first.get("error")
        if run.returncode != 1:
            problems.append(f"exit status {run.returncode}, expected 1")
        if not error or error.get("code") != code:
            problems.append(f"expected error {code}, got {error!r}")
        elif not error.get("message") or dirty(error.get("message")):
            problems.append(f"error message missing or unclean: {error!r}")
        return problems

    if run.returncode != 0:
        problems.append(f"exit status {run.returncode}, expected 0")
    for obj in objects:
        if obj.get("error") is not None:
            problems.append(f"expected a trace, got error {obj.get('error')!r}")
            break
        check_clean(obj, problems)
        if len(problems) > 5:
            break

    hops = first.get("hops") or []
    limits = {note.get("code") for note in first.get("limits") or []}
    for check in checks:
        if check.startswith("limit:"):
            if check[6:] not in limits:
                problems.append(f"no {check[6:]!r} limit note (notes: {sorted(limits)})")
        elif check.startswith("hops"):
            compare(len(hops), check, problems)
        elif check.startswith("attachments"):
            compare(len(first.get("attachments") or []), check, problems)
        elif check.startswith("messages"):
            compare(len(objects), check, problems)
        elif check == "valid-ips":
            for hop in hops:
                ip = hop.get("ip", "")
                if ip:
                    try:
                        ipaddress.ip_address(ip)
                    except ValueError:
                        problems.append(f"hop {hop.get('index')} ip {ip!r} is not an address")
        else:
            problems.append(f"unknown check {check!r} in the manifest")
    return problems


def main():
    whence, source_dir, generated_dir = sys.argv[1:4]
    wrapper = shlex.split(os.environ.get("WHENCE_MALFORMED_WRAPPER", ""))
    timeout = float(os.environ.get("WHENCE_MALFORMED_TIMEOUT", "30"))
    entries = read_manifest(os.path.join(source_dir, "manifest.tsv"))

    print(f"1..{len(entries)}", flush=True)
    failed = 0
    for number, (name, outcome, checks) in enumerate(entries, 1):
        if name.startswith("big/"):
            path = os.path.join(generated_dir, name[4:])
        else:
            path = os.path.join(source_dir, name)
        problems = check_one(whence, path, outcome, checks, wrapper, timeout)
        if problems:
            failed += 1
            print(f"not ok {number} - {name}", flush=True)
            for problem in problems:
                print(f"# {problem}"[:3000], flush=True)
        else:
            print(f"ok {number} - {name}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

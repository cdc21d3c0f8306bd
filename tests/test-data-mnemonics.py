#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No two access keys (Alt+letter) shown at the same time share a letter.

Usage: test-data-mnemonics.py SOURCE_ROOT
When two visible buttons share a letter, Alt+letter only moves the focus
between them and presses neither: the keyboard user's "Next" stops working.
This checks English and every language in po/LINGUAS (an untranslated or
fuzzy string falls back to English, as gettext does). The groups below are
the labels each surface shows together; keep them in step with the .ui
files and the code that sets the labels. Prints TAP.
"""

import os
import re
import sys

# What the network card (result page and wizard) shows in each of its states.
CARD_STATES = {
    "asking": ["_Always look up without asking", "_Look Up", "Not No_w"],
    "turned off": ["_Look Up Once"],
    "declined": ["_Look Up"],
    "failed": ["_Try Again"],
}
NO_STATES = {"": []}

# Surfaces: the labels they always show, and the states whose labels join them.
SURFACES = {
    "result page": (["_Report It…", "_Copy Trace"], CARD_STATES),
    "wizard, network step": (["_Back", "_Next", "Show the _full report",
                              "Send With My _Email App", "_Save Report…", "Cop_y"], CARD_STATES),
    "paste dialog": (["_Cancel", "_Trace"], NO_STATES),
    "cases, one case opened": (["_Got an Answer", "_Reopen", "_Export…", "_Delete…"], NO_STATES),
}


def read_po(path):
    """msgid -> msgstr for single-line, translated, non-fuzzy entries."""
    table = {}
    fuzzy = False
    msgid = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("msgid "):
                msgid = eval(line[6:])  # a C string literal, as Python reads it
            elif line.startswith("msgstr ") and msgid is not None:
                msgstr = eval(line[7:])
                if msgstr and not fuzzy:
                    table[msgid] = msgstr
                fuzzy = False
                msgid = None
    return table


def access_key(label):
    m = re.search(r"_(.)", label)
    return m.group(1).casefold() if m else None


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        languages = [w for line in f for w in line.split("#")[0].split()]
    tables = {"en": {}}
    for lang in languages:
        tables[lang] = read_po(os.path.join(root, "po", lang + ".po"))

    # A label renamed in the code but not here would be checked as English
    # text no one sees: every label must still be in the sources.
    sources = ""
    for folder in ("src", os.path.join("data", "ui")):
        for dirpath, _, names in os.walk(os.path.join(root, folder)):
            for name in names:
                if name.endswith((".c", ".ui")):
                    with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                        sources += f.read()
    listed = [m for fixed, _ in SURFACES.values() for m in fixed]
    listed += [m for group in CARD_STATES.values() for m in group]
    missing = [m for m in listed if f'"{m}"' not in sources and f">{m}<" not in sources]

    checks = [("every label listed here is in the sources",
               {"missing": missing} if missing else {})]
    for lang, table in tables.items():
        for surface, (fixed, states) in SURFACES.items():
            for state, extra in states.items():
                labels = [table.get(msgid, msgid) for msgid in fixed + extra]
                by_key = {}
                for label in labels:
                    key = access_key(label)
                    if key is not None:
                        by_key.setdefault(key, []).append(label)
                clashes = {k: v for k, v in by_key.items() if len(v) > 1}
                where = f"{surface}, card {state}" if state else surface
                checks.append((f"{lang}: {where}", clashes))

    print(f"1..{len(checks)}")
    failed = 0
    for n, (name, clashes) in enumerate(checks, 1):
        if clashes:
            failed += 1
            print(f"not ok {n} - {name}")
            if "missing" in clashes:
                print("# not in src/ or data/ui/: " + ", ".join(clashes["missing"]))
                continue
            for key, labels in sorted(clashes.items()):
                print(f"# Alt+{key.upper()} is on: " + ", ".join(f"“{l}”" for l in labels))
        else:
            print(f"ok {n} - {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

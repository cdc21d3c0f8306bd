#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built-in help reads at US grade 8 or lower, topic by topic.

Usage: test-data-help-style.py HELP_UI_FILE
Measures each help page with `style` (Debian's diction package), the
Flesch-Kincaid grade, and fails above 8. Prints TAP.
"""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

MAX_GRADE = 8.0
# Titles are left out: one-word "sentences" would flatter the grade.
TEXT_PROPERTIES = {"label", "description"}


def pages(ui_file):
    """(page name, [sentences…]) for each page of the help stack."""
    tree = ET.parse(ui_file)
    for page in tree.iter("object"):
        if page.get("class") != "GtkStackPage":
            continue
        name = next((p.text for p in page.findall("property") if p.get("name") == "name"), "?")
        texts = []
        for prop in page.iter("property"):
            if prop.get("translatable") == "yes" and prop.get("name") in TEXT_PROPERTIES:
                text = prop.text.replace("•", "").strip()
                # Bullet lines and titles count as sentences of their own.
                for line in text.splitlines():
                    line = line.strip().rstrip(",")
                    if line and not line.endswith((".", "?", "!", ":")):
                        line += "."
                    texts.append(line)
        yield name, texts


def kincaid(text):
    out = subprocess.run(["style"], input=text, capture_output=True, text=True,
                         check=True).stdout
    match = re.search(r"Kincaid:\s*(-?[0-9.]+)", out)
    return float(match.group(1)) if match else None


def main():
    if len(sys.argv) != 2:
        print("usage: test-data-help-style.py HELP_UI_FILE", file=sys.stderr)
        return 2
    if shutil.which("style") is None:
        print("1..0 # SKIP `style` (Debian package diction) is missing")
        return 0
    results = list(pages(sys.argv[1]))
    print("1..%d" % (len(results) + 1))
    print("%s 1 - the help has at least six pages (found %d)"
          % ("ok" if len(results) >= 6 else "not ok", len(results)))
    failed = 0 if len(results) >= 6 else 1
    for n, (name, texts) in enumerate(results, start=2):
        grade = kincaid("\n\n".join(texts) + "\n")
        good = grade is not None and grade <= MAX_GRADE
        print("%s %d - help page %s reads at grade %s (at most %.0f)"
              % ("ok" if good else "not ok", n, name, grade, MAX_GRADE))
        failed += 0 if good else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

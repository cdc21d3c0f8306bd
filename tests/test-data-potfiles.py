#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every source file with translatable strings is listed in po/POTFILES.in.

Usage: test-data-potfiles.py SOURCE_ROOT
A file that is missing from the list never reaches translators: its strings stay
English in every language. Also checks that every listed file exists (xgettext
fails otherwise) and that the list is sorted. Prints TAP.
"""

import os
import re
import shutil
import sys
import tempfile

# What marks a string for translation, per kind of file.
C_MARKERS = re.compile(r"\b(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?|dgettext)\s*\(\s*\"")
UI_MARKER = re.compile(r"translatable=\"(?:yes|true|1)\"")
SCHEMA_MARKER = re.compile(r"<(?:summary|description)>")
DESKTOP_MARKER = re.compile(r"^(?:Name|GenericName|Comment|Keywords)=", re.M)
METAINFO_MARKER = re.compile(r"<(?:name|summary|p|li|caption)[ >]")

SKIP_DIRS = {".git", "po", "subprojects", "tests", "bench", "fuzz"}


def marked(path, text):
    name = os.path.basename(path)
    if name.endswith((".c", ".h")):
        return bool(C_MARKERS.search(text))
    if name.endswith(".ui"):
        return bool(UI_MARKER.search(text))
    if name.endswith(".gschema.xml"):
        return bool(SCHEMA_MARKER.search(text))
    if ".desktop.in" in name:
        return bool(DESKTOP_MARKER.search(text))
    if ".metainfo.xml.in" in name or ".appdata.xml.in" in name:
        return bool(METAINFO_MARKER.search(text))
    return False


def source_files(root):
    for top in ("src", "data"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS
                                 and not d.startswith("build"))
            for filename in sorted(filenames):
                yield os.path.relpath(os.path.join(dirpath, filename), root)


def listed(root):
    entries = []
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                entries.append(line[len("[encoding: utf-8]"):].strip()
                               if line.startswith("[") else line)
    return entries


def check(root):
    """Returns (missing, stale, unsorted)."""
    entries = listed(root)
    wanted = []
    for rel in source_files(root):
        try:
            with open(os.path.join(root, rel), encoding="utf-8") as f:
                text = f.read()
        except (UnicodeDecodeError, OSError):
            continue
        if marked(rel, text):
            wanted.append(rel)
    missing = [rel for rel in wanted if rel not in entries]
    stale = [rel for rel in entries if not os.path.exists(os.path.join(root, rel))]
    unsorted = entries != sorted(entries)
    return missing, stale, unsorted


def self_test():
    """The checker itself notices a file that is left out."""
    scratch = tempfile.mkdtemp(prefix="whence-potfiles-")
    try:
        os.makedirs(os.path.join(scratch, "src"))
        os.makedirs(os.path.join(scratch, "data", "ui"))
        os.makedirs(os.path.join(scratch, "po"))
        with open(os.path.join(scratch, "src", "listed.c"), "w") as f:
            f.write('const char *a = _("Hello");\n')
        with open(os.path.join(scratch, "src", "forgotten.c"), "w") as f:
            f.write('const char *b = N_("Bye");\n')
        with open(os.path.join(scratch, "src", "plain.c"), "w") as f:
            f.write('const char *c = "not for translators";\n')
        with open(os.path.join(scratch, "data", "ui", "forgotten.ui"), "w") as f:
            f.write('<property name="label" translatable="yes">Hi</property>\n')
        with open(os.path.join(scratch, "po", "POTFILES.in"), "w") as f:
            f.write("# comment\nsrc/gone.c\nsrc/listed.c\n")
        return check(scratch)
    finally:
        shutil.rmtree(scratch)


def main():
    if len(sys.argv) != 2:
        print("usage: test-data-potfiles.py SOURCE_ROOT", file=sys.stderr)
        return 2
    root = sys.argv[1]
    failed = 0

    print("1..4")
    missing, stale, unsorted = self_test()
    ok = (sorted(missing) == ["data/ui/forgotten.ui", "src/forgotten.c"]
          and stale == ["src/gone.c"] and not unsorted)
    print("%s 1 - the check finds forgotten and stale entries in a made-up tree"
          % ("ok" if ok else "not ok"))
    if not ok:
        failed += 1
        print("#   got missing=%r stale=%r unsorted=%r" % (missing, stale, unsorted))

    missing, stale, unsorted = check(root)
    for n, (bad, what, items) in enumerate((
            (missing, "every file with translatable strings is in po/POTFILES.in", missing),
            (stale, "every file in po/POTFILES.in exists", stale),
            (unsorted, "po/POTFILES.in is sorted", ["sort the list alphabetically"]))):
        print("%s %d - %s" % ("not ok" if bad else "ok", n + 2, what))
        if bad:
            failed += 1
            for item in items:
                print("#   " + item)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

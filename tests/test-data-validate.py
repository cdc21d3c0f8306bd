#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Desktop file and AppStream metainfo: valid, with no warnings, and saying what we mean.

Usage: test-data-validate.py SOURCE_ROOT DESKTOP_FILE METAINFO_FILE
Prints TAP.
"""

import configparser
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # keep the source tree clean
from whence_tap import Tap  # noqa: E402

# Issues appstreamcli may report that we accept, each with its reason.
ACCEPTED_APPSTREAM_ISSUES = {
    # AppStream 1.0's <developer id=…><name>; Debian 12 ships 0.16, which predates
    # it. <developer_name> stays next to it for older software centres.
    ("I", "unknown-tag", "developer"),
}
ISSUE = re.compile(r"^([EWIP]): [^:]+:[0-9?]*: ([a-z0-9-]+)(?: (.*))?$")


def check_desktop(tap, path):
    if shutil.which("desktop-file-validate"):
        run = subprocess.run(["desktop-file-validate", path], capture_output=True, text=True)
        out = (run.stdout + run.stderr).strip()
        tap.ok(run.returncode == 0 and not out,
               "desktop-file-validate: no errors, warnings or hints", out.splitlines())
    else:
        tap.skip("desktop-file-validate", "desktop-file-utils is missing")

    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"] if parser.has_section("Desktop Entry") else {}
    mimes = set(filter(None, entry.get("MimeType", "").split(";")))
    tap.ok({"message/rfc822", "application/mbox"} <= mimes,
           "desktop file: Open With offers Whence for .eml and mbox files", sorted(mimes))
    tap.ok(re.search(r"\s%[FU]$", entry.get("Exec", "")) is not None,
           "desktop file: Exec takes the files it is opened with", [entry.get("Exec")])
    app_id = os.path.basename(path)[:-len(".desktop")]
    tap.ok(entry.get("Icon") == app_id, "desktop file: Icon is the app ID %s" % app_id,
           [entry.get("Icon")])
    return app_id


def check_metainfo(tap, root, path, app_id):
    if shutil.which("appstreamcli"):
        run = subprocess.run(["appstreamcli", "validate", "--no-net", "--explain", "--pedantic",
                              path], capture_output=True, text=True)
        issues = []
        for line in (run.stdout + run.stderr).splitlines():
            m = ISSUE.match(line.strip())
            if not m or m.group(1) == "P":
                continue
            key = (m.group(1), m.group(2), (m.group(3) or "").strip())
            if key not in ACCEPTED_APPSTREAM_ISSUES:
                issues.append(line.strip())
        tap.ok(run.returncode in (0, 3) and not issues,
               "appstreamcli validate --no-net: no errors, no warnings, no unexpected infos",
               issues or (run.stdout + run.stderr).splitlines()[-3:])
    else:
        tap.skip("appstreamcli validate", "appstream is missing")

    tree = ET.parse(path).getroot()
    tap.ok(tree.findtext("id") == app_id, "metainfo: component ID is %s" % app_id)
    launchable = tree.find("launchable")
    tap.ok(launchable is not None and launchable.text == app_id + ".desktop",
           "metainfo: launches the desktop file")
    developer = tree.find("developer")
    tap.ok(developer is not None and developer.get("id") and developer.findtext("name"),
           "metainfo: <developer id=…><name> is set")
    tap.ok(tree.find("content_rating[@type='oars-1.1']") is not None, "metainfo: OARS rating")
    tap.ok(len(tree.findall("branding/color")) >= 2, "metainfo: branding colours, light and dark")
    controls = {c.text for c in tree.findall("supports/control")}
    tap.ok({"keyboard", "pointing"} <= controls, "metainfo: supports keyboard and pointer",
           sorted(controls))
    urls = {u.get("type") for u in tree.findall("url")}
    tap.ok({"homepage", "bugtracker", "vcs-browser"} <= urls, "metainfo: URLs", sorted(urls))
    tap.ok(tree.find("releases/release") is not None, "metainfo: at least one release")

    # Every screenshot has a caption and exists in data/screenshots/, as the
    # script build-aux/screenshots.sh writes it.
    problems = []
    shots = tree.findall("screenshots/screenshot")
    for shot in shots:
        if not (shot.findtext("caption") or "").strip():
            problems.append("a screenshot has no caption")
        for image in shot.findall("image"):
            name = (image.text or "").rsplit("/", 1)[-1]
            local = os.path.join(root, "data", "screenshots", name)
            if "/data/screenshots/" not in (image.text or "") or not os.path.isfile(local):
                problems.append("missing %s" % local)
    tap.ok(shots and not problems, "metainfo: %d captioned screenshots, all in data/screenshots"
           % len(shots), problems)


def main():
    if len(sys.argv) != 4:
        print("usage: test-data-validate.py SOURCE_ROOT DESKTOP_FILE METAINFO_FILE",
              file=sys.stderr)
        return 2
    root, desktop, metainfo = sys.argv[1:]
    tap = Tap()
    app_id = check_desktop(tap, desktop)
    check_metainfo(tap, root, metainfo, app_id)
    print("1..%d" % tap.n)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())

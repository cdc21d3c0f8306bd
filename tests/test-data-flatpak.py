#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifests parse, pin their sources, and ask for no more than Whence needs.

Usage: test-data-flatpak.py SOURCE_ROOT
No runtime can be downloaded on the test machines, so the real build cannot
run here; this checks what can be checked offline. Prints TAP.
"""

import json
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
from whence_tap import Tap  # noqa: E402

APP_ID = "io.github.whence.Whence"

# Each permission, and why Whence needs it. Anything else fails the test.
ALLOWED_FINISH_ARGS = {
    "--socket=wayland": "draw the window",
    "--socket=fallback-x11": "draw the window on X11 desktops only",
    "--share=ipc": "shared memory for X11",
    "--share=network": "look up who runs the sending network (RDAP, DNS)",
}
# Never: files come through the file chooser and drag and drop portals;
# notifications and email go through portals.
FORBIDDEN = re.compile(r"^--(filesystem|socket=(x11|session-bus|system-bus|pulseaudio)"
                       r"|device=(all|dri|shm)|talk-name|system-talk-name|own-name"
                       r"|persist|allow=devel)")


def git_sources(manifest):
    for module in manifest.get("modules", []):
        if isinstance(module, str):
            continue
        for source in module.get("sources", []):
            if isinstance(source, dict) and source.get("type") == "git":
                yield module["name"], source


def check_manifest(tap, path, app_id, profile):
    name = os.path.basename(path)
    env = dict(os.environ, G_DEBUG="fatal-warnings")
    shown = subprocess.run(["flatpak-builder", "--show-manifest", path],
                           capture_output=True, text=True, env=env)
    tap.ok(shown.returncode == 0 and not shown.stderr.strip(),
           "%s: flatpak-builder --show-manifest with fatal warnings" % name,
           (shown.stderr or "").splitlines())
    deps = subprocess.run(["flatpak-builder", "--show-deps", path],
                          capture_output=True, text=True)
    tap.ok(deps.returncode == 0, "%s: flatpak-builder --show-deps" % name,
           (deps.stderr or "").splitlines())
    try:
        manifest = json.loads(shown.stdout)
    except ValueError:
        tap.ok(False, "%s: the shown manifest is JSON" % name)
        return

    tap.ok(manifest.get("id", manifest.get("app-id")) == app_id,
           "%s: app ID is %s" % (name, app_id))
    tap.ok(manifest.get("runtime") == "org.gnome.Platform"
           and manifest.get("sdk") == "org.gnome.Sdk"
           and re.fullmatch(r"[0-9]+", str(manifest.get("runtime-version", ""))),
           "%s: a numbered org.gnome.Platform release, never a moving branch" % name)

    args = manifest.get("finish-args", [])
    unknown = [a for a in args if a not in ALLOWED_FINISH_ARGS]
    forbidden = [a for a in args if FORBIDDEN.match(a)]
    tap.ok(not unknown and not forbidden,
           "%s: finish-args are only %s" % (name, ", ".join(sorted(ALLOWED_FINISH_ARGS))),
           unknown + forbidden)
    tap.ok("--socket=x11" not in args and "--socket=wayland" in args,
           "%s: Wayland, with X11 only as a fallback" % name)

    unpinned = ["%s: %s" % (module, source.get("url"))
                for module, source in git_sources(manifest)
                if not (source.get("tag") and re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")))]
    tap.ok(not unpinned, "%s: every git source has a tag and its commit" % name, unpinned)
    tap.ok({m for m, _ in git_sources(manifest)} >= {"gmime"},
           "%s: GMime, which the runtime lacks, is built from a pinned source" % name)

    whence = [m for m in manifest["modules"] if isinstance(m, dict) and m.get("name") == "whence"]
    opts = whence[0].get("config-opts", []) if whence else []
    tap.ok(bool(whence) and ("-Dprofile=%s" % profile) in opts,
           "%s: Whence is built with -Dprofile=%s" % (name, profile), opts)


def main():
    if len(sys.argv) != 2:
        print("usage: test-data-flatpak.py SOURCE_ROOT", file=sys.stderr)
        return 2
    if shutil.which("flatpak-builder") is None:
        print("1..0 # SKIP flatpak-builder is missing")
        return 0
    root = sys.argv[1]
    tap = Tap()
    check_manifest(tap, os.path.join(root, "flatpak", APP_ID + ".json"), APP_ID, "default")
    check_manifest(tap, os.path.join(root, "flatpak", APP_ID + ".Devel.json"),
                   APP_ID + ".Devel", "development")
    print("1..%d" % tap.n)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screen reader check over AT-SPI: every control a person can use has a name.

Usage (under Xvfb; the script makes its own private session bus):
    /usr/bin/python3 tests/test-a11y.py WHENCE_BINARY

Runs the real app, reads its accessibility tree the way Orca does, and lists
every interactive node without a name. To cover a new screen, add a Scene:
a name, how to get there (keys or a file to open), and the window title.
Prints TAP.
"""

import os
import shutil
import subprocess
import sys
import time

SRCDIR = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
from whence_a11y import (  # noqa: E402  (re-runs this script on a private bus)
    actions, count_interactive, describe, find_app, find_frame, has_area, is_interactive,
    press, raw_mnemonics, run_checks, start_app, stop_app, unnamed_interactive, walk)


class Scene:
    """One screen to check: start the app with files, press keys, find a window."""

    def __init__(self, name, title, files=(), keys=(), press=(), min_controls=1, todo=None,
                 opens=None):
        self.name, self.title = name, title
        # The title of a window the presses open (a wizard): checked instead.
        self.opens = opens
        self.files, self.keys, self.min_controls = list(files), list(keys), min_controls
        # Names of controls to activate, in order, through AT-SPI's Action
        # interface, as a screen reader user would (e.g. a wizard's button).
        self.press = list(press)
        # A page still being built: its naming checks are reported as TAP TODO
        # (meson counts them as expected failures) until the owner fixes them.
        self.todo = todo


SAMPLE = os.path.join(SRCDIR, "..", "data", "sample", "klez-style-sample.eml")
SCENES = [
    Scene("empty window", "Whence", min_controls=5),
    Scene("help topics (F1)", "Help", keys=["F1"], min_controls=5),
    # The help opens with the first topic focused: Enter opens it.
    Scene("help: saving an email", "Saving an Email as a File", keys=["F1", "Return"],
          min_controls=8),
    Scene("loaded email (result page)", "Whence", files=[SAMPLE], min_controls=10),
    # "Report It…" on the result page opens the wizard at its first step;
    # "Next" moves on to the step that asks where the person lives.
    Scene("report wizard: where are you", "Whence", files=[SAMPLE], press=["Report It"],
          opens="Report It", min_controls=4),
]

def run_scene(tap, binary, scene):
    proc = start_app(binary, scene.files)
    try:
        app = find_app("whence")
        tap.ok(app is not None, "%s: the app shows up on the accessibility bus" % scene.name)
        if app is None:
            return
        main = find_frame(app, "Whence")
        if scene.keys and main is not None and shutil.which("xdotool"):
            subprocess.call(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Whence$",
                             "windowfocus", "--sync"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
            for key in scene.keys:
                subprocess.call(["xdotool", "key", key])
                time.sleep(1.0)  # let the window or page it opens appear
        frame = find_frame(app, scene.title)
        tap.ok(frame is not None, "%s: a window titled %r is showing" % (scene.name, scene.title))
        if frame is None:
            return
        for name in scene.press:
            time.sleep(0.5)
            tap.ok(press(frame, name), "%s: %r can be activated" % (scene.name, name),
                   ["%s, actions %s" % (describe(n), actions(n)) for n in walk(frame)
                    if is_interactive(n) and has_area(n)])
        if scene.opens is not None:
            frame = None
            for _ in range(20):
                time.sleep(0.5)
                frame = find_frame(app, scene.opens)
                if frame is not None:
                    break
            tap.ok(frame is not None, "%s: a window titled %r opened" % (scene.name, scene.opens))
            if frame is None:
                return
            time.sleep(0.5)
            tap.ok(press(frame, "Next"), "%s: 'Next' can be activated" % scene.name)
        time.sleep(0.5)  # let the page settle (stack transitions)
        controls = count_interactive(frame)
        tap.ok(controls >= scene.min_controls,
               "%s: at least %d controls are exposed (found %d)"
               % (scene.name, scene.min_controls, controls))
        missing = unnamed_interactive(frame)
        tap.ok(not missing, "%s: every control has a name" % scene.name, missing, scene.todo)
        raw = raw_mnemonics(frame)
        tap.ok(not raw, "%s: no name reads out a mnemonic underscore" % scene.name, raw,
               scene.todo)
    finally:
        stop_app(proc)


def run_scenes(tap, binary):
    for scene in SCENES:
        run_scene(tap, binary, scene)


if __name__ == "__main__":
    sys.exit(run_checks("test-a11y.py", run_scenes))

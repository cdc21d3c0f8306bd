#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screen reader check of the result page over AT-SPI.

Usage (under Xvfb): /usr/bin/python3 tests/test-result-a11y.py WHENCE_BINARY

Opens the Klez-style sample and reads the page as Orca would: the verdict is
exposed with its words, the journey is a list whose items come in order with
place and time, the boundary and made-up steps say so, and every control has
a name. Then a batch of two emails: the grouped list is exposed by name.
Uses the helpers of tests/whence_a11y.py (private bus, tree walking). Prints TAP.
"""

import os
import re
import sys
import time

SRCDIR = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
import whence_a11y as a11y  # noqa: E402  (re-runs this script on a private bus with AT-SPI)
pyatspi = a11y.pyatspi

SAMPLE = os.path.join(SRCDIR, "data", "load", "klez-style-sample.eml")
MBOX = os.path.join(SRCDIR, "data", "load", "three.mbox")
JOURNEY = "The journey of this email, oldest step first"
BATCH = "Emails, grouped by the computer that sent them"


def find_named(root, name, prefix=False):
    for node in a11y.walk(root):
        n = node.name or ""
        if (n.startswith(name) if prefix else n == name) and a11y.has_area(node):
            return node
    return None


def children(node):
    return [node.getChildAtIndex(i) for i in range(node.childCount)]


def wait_for(fn, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.3)
    return fn()


def find_window(timeout=40.0):
    """The showing "Whence" frame of a live app; an app that just quit may
    still be listed for a moment, so look at every one, again and again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            apps = [desktop.getChildAtIndex(i) for i in range(desktop.childCount)]
        except Exception:
            apps = []
        for app in apps:
            try:
                if app is None or app.name != "whence":
                    continue
                for i in range(app.childCount):
                    frame = app.getChildAtIndex(i)
                    if frame is not None and frame.name == "Whence" and a11y.is_showing(frame):
                        return frame
            except Exception:
                continue
        time.sleep(0.3)
    return None


def check_result_page(tap, binary):
    proc = a11y.start_app(binary, [SAMPLE])
    try:
        frame = find_window()
        tap.ok(frame is not None, "result page: the window is on the accessibility bus")
        if frame is None:
            return

        verdict = wait_for(lambda: find_named(frame, "Dangerous: ", prefix=True))
        tap.ok(verdict is not None and "worm" in verdict.name,
               "result page: the verdict is exposed with its words",
               [verdict.name if verdict else "no node named 'Dangerous: …'"])
        if verdict is not None:
            tap.ok("sender" in (verdict.description or ""),
                   "result page: the verdict's paragraph is its description",
                   [verdict.description or "(none)"])

        journey = wait_for(lambda: find_named(frame, JOURNEY))
        tap.ok(journey is not None, "result page: the journey is exposed as a named list")
        if journey is None:
            return
        tap.ok(journey.getRole() in (pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_BOX),
               "result page: the journey's role is a list (%s)" % journey.getRoleName())

        items = [c for c in children(journey) if c.getRole() == pyatspi.ROLE_LIST_ITEM]
        names = [c.name or "" for c in items]
        tap.ok(len(items) == 5, "result page: 4 steps and 'your mailbox' are list items",
               names)
        in_order = all(n.startswith("Step %d of 5:" % (i + 1)) for i, n in enumerate(names[:4]))
        tap.ok(in_order, "result page: steps are read in order, oldest first", names)
        timed = all(re.search(r"\d\d:\d\d:\d\d", n) for n in names[:4])
        tap.ok(timed, "result page: every step is read with its time", names)
        placed = all(" to " in n or "Inside " in n for n in names[:4])
        tap.ok(placed, "result page: every step is read with its places", names)
        descriptions = [c.description or "" for c in items]
        tap.ok(len(descriptions) > 1 and "received it here" in descriptions[1],
               "result page: the boundary step says the provider received it there",
               descriptions)
        tap.ok(len(descriptions) > 0 and "made up" in descriptions[0],
               "result page: the unverified step says it could be made up", descriptions)
        tap.ok(len(names) == 5 and "mailbox" in names[4],
               "result page: the last item is your mailbox", names)

        missing = a11y.unnamed_interactive(frame)
        tap.ok(not missing, "result page: every control has a name", missing)
        raw = a11y.raw_mnemonics(frame)
        tap.ok(not raw, "result page: no name reads out a mnemonic underscore", raw)
    finally:
        a11y.stop_app(proc)


def check_batch(tap, binary):
    proc = a11y.start_app(binary, [SAMPLE, MBOX])
    try:
        frame = find_window()
        tap.ok(frame is not None, "batch: the window is on the accessibility bus")
        if frame is None:
            return
        batch = wait_for(lambda: find_named(frame, BATCH))
        tap.ok(batch is not None, "batch: the grouped list is exposed by name")
        missing = a11y.unnamed_interactive(frame)
        tap.ok(not missing, "batch: every control has a name", missing)
    finally:
        a11y.stop_app(proc)


def check_all(tap, binary):
    check_result_page(tap, binary)
    check_batch(tap, binary)


if __name__ == "__main__":
    sys.exit(a11y.run_checks("test-result-a11y.py", check_all))

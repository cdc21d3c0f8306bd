# SPDX-License-Identifier: GPL-3.0-or-later
"""What the AT-SPI tests share: a private bus, the tree walk, TAP output.

Importing this module re-runs the importing script on a private session bus
that can start the accessibility bus (skipping cleanly without at-spi2-core,
dbus-run-session or python3-pyatspi), exactly once. Then the script reads the
real app's accessibility tree the way Orca does, with the helpers below.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from whence_tap import Tap

A11Y_SERVICE = "/usr/share/dbus-1/services/org.a11y.Bus.service"

# Bus settings with the service folder left to fill in, shared with
# test-data-dbus-activation.sh.
SESSION_CONF_IN = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "session-services.conf.in")


def reexec_on_private_bus():
    """A bus that can start the accessibility bus and nothing else."""
    if os.environ.get("WHENCE_A11Y_BUS") == "1":
        return
    if not os.path.exists(A11Y_SERVICE) or shutil.which("dbus-run-session") is None:
        print("1..0 # SKIP at-spi2-core or dbus-run-session is missing")
        sys.exit(0)
    scratch = tempfile.mkdtemp(prefix="whence-a11y-")
    servicedir = os.path.join(scratch, "services")
    os.mkdir(servicedir)
    shutil.copy(A11Y_SERVICE, servicedir)
    conf = os.path.join(scratch, "session.conf")
    with open(SESSION_CONF_IN) as f:
        template = f.read()
    with open(conf, "w") as f:
        f.write(template.replace("@SERVICEDIR@", servicedir))
    # The services the bus starts print to its stdout: keep that out of the TAP
    # stream, which the inner run writes to a file instead.
    tap_file = os.path.join(scratch, "tap")
    env = dict(os.environ, WHENCE_A11Y_BUS="1", WHENCE_A11Y_TAP=tap_file)
    status = subprocess.call(["dbus-run-session", "--config-file=" + conf, "--",
                              sys.executable] + sys.argv, env=env, stdout=sys.stderr)
    if os.path.exists(tap_file):
        with open(tap_file) as f:
            sys.stdout.write(f.read())
    else:
        print("1..1\nnot ok 1 - the test ran on its private bus")
        status = status or 1
    shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(status)


reexec_on_private_bus()
if os.environ.get("WHENCE_A11Y_TAP"):
    sys.stdout = open(os.environ["WHENCE_A11Y_TAP"], "w", buffering=1)

try:
    import pyatspi  # noqa: E402  (Debian's python3-pyatspi, /usr/bin/python3 only)
except ImportError:
    print("1..0 # SKIP python3-pyatspi is missing (run with /usr/bin/python3)")
    sys.exit(0)

# Roles a person acts on. A node with one of these roles needs a name.
INTERACTIVE_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER, pyatspi.ROLE_LINK,
    pyatspi.ROLE_LIST_BOX, pyatspi.ROLE_LIST, pyatspi.ROLE_TREE_TABLE,
    pyatspi.ROLE_TABLE, pyatspi.ROLE_PAGE_TAB,
}
if hasattr(pyatspi, "ROLE_SWITCH"):
    INTERACTIVE_ROLES.add(pyatspi.ROLE_SWITCH)


def is_visible(node):
    # GTK 4.8 sets SHOWING on toplevels only, and marks every page of a
    # GtkStack VISIBLE: so hidden stack pages are checked too, which is stricter.
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def has_area(node):
    """Laid out on screen. Pages a GtkStack hides get no size, so this tells
    them apart where GTK 4.8's states cannot."""
    try:
        extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:
        return True  # no geometry to go by: check it anyway
    return extents.width > 0 and extents.height > 0


def is_showing(node):
    try:
        states = node.getState()
    except Exception:
        return False
    return states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)


def is_interactive(node):
    try:
        role = node.getRole()
        states = node.getState()
    except Exception:
        return False
    if role in INTERACTIVE_ROLES:
        return True
    # Rows and other widgets that take focus and can be activated count too.
    return states.contains(pyatspi.STATE_FOCUSABLE) and role in (
        pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TABLE_ROW, pyatspi.ROLE_TREE_ITEM)


def walk(node, depth=0):
    """Every visible node under @node (depth first), @node included."""
    if depth > 60 or not is_visible(node):
        return
    yield node
    try:
        children = [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        children = []
    for child in children:
        if child is not None:
            yield from walk(child, depth + 1)


def describe(node):
    path = []
    n = node
    while n is not None and len(path) < 6:
        try:
            path.append("%s(%r)" % (n.getRoleName(), n.name))
            n = n.parent
        except Exception:
            break
    return " < ".join(path)


def unnamed_interactive(root):
    """The helper to reuse: showing interactive nodes under root with no name."""
    missing = []
    for node in walk(root):
        if is_interactive(node) and has_area(node) and not (node.name or "").strip():
            missing.append(describe(node))
    return missing


MNEMONIC = re.compile(r"(^|\s)_\w")


def raw_mnemonics(root):
    """Names that still carry a mnemonic underscore ("_Open"): read aloud as is."""
    return [describe(node) for node in walk(root)
            if is_interactive(node) and has_area(node) and MNEMONIC.search(node.name or "")]


def count_interactive(root):
    return sum(1 for node in walk(root) if is_interactive(node) and has_area(node))


def find_app(name, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name:
                return app
        time.sleep(0.2)
    return None


def find_frame(app, title, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for i in range(app.childCount):
            frame = app.getChildAtIndex(i)
            if frame is not None and frame.name == title and is_showing(frame):
                return frame
        time.sleep(0.2)
    return None


def actions(node):
    try:
        action = node.queryAction()
        return [action.getName(i) for i in range(action.nActions)]
    except NotImplementedError:
        return []


def press(root, name):
    """Activates the first visible control called @name; False if none."""
    for node in walk(root):
        if (node.name or "").startswith(name) and is_interactive(node) and has_area(node):
            try:
                action = node.queryAction()
            except NotImplementedError:
                continue
            for i in range(action.nActions):
                if action.getName(i) in ("click", "activate", "press"):
                    return action.doAction(i)
            if action.nActions > 0:
                return action.doAction(0)
            # GTK 4.8 gives list rows no actions, and cannot move focus over
            # AT-SPI either: reach those with Scene keys instead.
    return False


def start_app(binary, files=()):
    """Runs Whence with the accessibility bridge on (the test environment turns it off)."""
    env = dict(os.environ)
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    return subprocess.Popen([binary] + list(files), env=env)


def stop_app(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_checks(script, check):
    """The script's main(): check(tap, binary) under a display, then the TAP plan."""
    if len(sys.argv) < 2:
        print("usage: %s WHENCE_BINARY" % script, file=sys.stderr)
        return 2
    if not os.environ.get("DISPLAY"):
        print("1..0 # SKIP no X display (run under xvfb-run)")
        return 0
    # Start the accessibility bus and registry before the first app, or the
    # app may announce itself before anyone listens.
    desktop = pyatspi.Registry.getDesktop(0)
    _ = desktop.childCount
    time.sleep(0.5)
    tap = Tap()
    check(tap, sys.argv[1])
    print("1..%d" % tap.n)
    return 1 if tap.failed else 0

# SPDX-License-Identifier: GPL-3.0-or-later
"""TAP output for the Python tests: numbered results, diagnostics, TODO and SKIP."""


class Tap:
    """Prints one line a result; the caller prints the plan ("1..%d" % tap.n) last."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, diag=(), todo=None):
        # A TODO result may fail without failing the test (meson counts it as
        # an expected failure).
        self.n += 1
        print("%s %d - %s%s" % ("ok" if cond else "not ok", self.n, what,
                                " # TODO " + todo if todo else ""))
        if not cond:
            if not todo:
                self.failed += 1
            for line in diag:
                print("#   %s" % (line,))

    def skip(self, what, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, what, why))

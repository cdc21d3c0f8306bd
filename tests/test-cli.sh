#!/bin/sh
# The command-line contract, checked the way scripts use it.
# Usage: test-cli.sh WHENCE_BINARY TESTS_SOURCE_DIR
exec /usr/bin/python3 "$2/test_cli.py" "$@"

#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs tst_tray on a private Xvfb display with trayer as the tray host. Exits 77 (CTest SKIP) when
# xvfb-run or trayer is missing.
set -u
test_binary=$1
for tool in xvfb-run trayer; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed (scripts/deps installs it)"
        exit 77
    fi
done
unset QT_QPA_PLATFORM WAYLAND_DISPLAY
export QT_QPA_PLATFORM=xcb
exec xvfb-run -a sh -c 'trayer --expand true --widthtype request & tray=$!; sleep 1; "$0"; code=$?; kill $tray 2>/dev/null; exit $code' "$test_binary"

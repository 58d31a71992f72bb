#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a test with a real Secret Service: a private D-Bus session (dbus-run-session) and a gnome-keyring
# daemon unlocked with a throw-away password, in a temporary HOME whose XDG folders the test may inspect.
# Usage: run-with-keyring.sh TEST-BINARY [ARGS...]
set -eu
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-with-keyring.sh: $tool is missing; install the packages dbus and gnome-keyring." >&2
        exit 1
    fi
done

if [ "${MOVIEFLOW_KEYRING_SESSION:-}" != 1 ]; then
    home=$(mktemp -d "${TMPDIR:-/tmp}/movieflow-keyring.XXXXXX")
    trap 'rm -rf "$home"' EXIT INT TERM
    mkdir -p "$home/config" "$home/data" "$home/cache" "$home/runtime"
    chmod 700 "$home/runtime"
    # Not exec: the trap removes the temporary HOME afterwards.
    HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
        XDG_RUNTIME_DIR="$home/runtime" MOVIEFLOW_KEYRING_SESSION=1 \
        dbus-run-session -- "$0" "$@"
    exit $?
fi

# Inside the session: start and unlock the keyring (it creates the "login" collection on first use).
unset DISPLAY WAYLAND_DISPLAY
eval "$(printf '%s' "movieflow-test-keyring" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"

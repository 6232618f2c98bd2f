#!/bin/sh
# Runs its arguments inside a throwaway desktop session: a virtual X display, a private
# D-Bus session bus and runtime folder, and an unlocked gnome-keyring Secret Service
# with an empty keyring of its own. Window tests and keyring tests need them; a
# headless container or CI runner has none of them.
#
#   scripts/test-session.sh cargo test -p wakadesk-e2e
#
# Exit code: the command's. Nothing is left behind: the keyring lives in a temporary
# directory removed on exit, and the bus, keyring daemon and X server end with it.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

for tool in xvfb-run dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: $tool not found; install xvfb, dbus and gnome-keyring" >&2
        exit 127
    fi
done

# The display comes first, so services the bus starts on demand (portals, a11y) see
# DISPLAY too.
exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
    dbus-run-session -- sh -c '
    set -eu
    session_dir=$(mktemp -d "${TMPDIR:-/tmp}/wakadesk-session.XXXXXX")
    daemon_pid=
    cleanup() {
        if [ -n "$daemon_pid" ]; then kill "$daemon_pid" 2>/dev/null || true; fi
        rm -rf "$session_dir"
    }
    trap cleanup EXIT
    mkdir -m 700 "$session_dir/data" "$session_dir/runtime"
    # A runtime folder of its own, like the bus: the keyring daemon puts its socket
    # there, and wakadesk its single-instance lock, so windows started here never hand
    # their links to a wakadesk running in the real session.
    export XDG_RUNTIME_DIR="$session_dir/runtime"

    # Unlock before anything touches the keyring, or the first caller gets a locked
    # collection and a prompt nobody can answer. A private XDG_DATA_HOME (for the
    # daemon only) gives a fresh login keyring whose password is the one we send.
    daemon_env=$(printf %s wakadesk-test-session |
        XDG_DATA_HOME="$session_dir/data" \
        gnome-keyring-daemon --unlock --components=secrets)
    eval "$daemon_env"
    export GNOME_KEYRING_CONTROL
    # The daemon claims its bus name a moment after it returns. A client that comes
    # sooner makes the bus start a second daemon, on the real home keyring; wait.
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus \
            /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
            string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 100 ]; then
            echo "test-session: the keyring daemon did not appear on the bus" >&2
            exit 1
        fi
        sleep 0.05
    done
    daemon_pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus \
        /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID \
        string:org.freedesktop.secrets | awk "/uint32/ { print \$2 }")

    export WEBKIT_DISABLE_COMPOSITING_MODE=1
    status=0
    "$@" || status=$?
    exit "$status"
' test-session "$@"

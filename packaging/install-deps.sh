#!/bin/sh
# Installs what installing the package needs beyond scripts/install-deps.sh test: the
# package's own dependencies that a build machine may lack. desktop-file-utils matters
# most: its dpkg trigger writes the MIME cache that `gio open` reads to find the
# package's URL handler. Idempotent: prints nothing when everything is present;
# otherwise apt's progress is shown.
set -eu

missing=
for p in desktop-file-utils xdg-utils libwebkit2gtk-4.1-0 libgtk-3-0 tzdata; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "Installing system packages:$missing"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
# Wait for another apt (a machine installing its own updates) instead of failing.
$sudo apt-get -o DPkg::Lock::Timeout=300 update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y $missing

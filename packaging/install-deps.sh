#!/bin/sh
# Installs what installing the package needs beyond scripts/install-deps.sh test: the
# package's own dependencies that a build machine may lack. desktop-file-utils matters
# most: its dpkg trigger writes the MIME cache that `gio open` reads to find the
# package's URL handler. Idempotent: prints nothing when everything is present.
set -eu

missing=
for p in desktop-file-utils xdg-utils libwebkit2gtk-4.1-0 libgtk-3-0; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "Installing system packages:$missing"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null

#!/usr/bin/env bash
# Installs what wakadesk needs to build (`run`) or to build and test (`test`) on
# Debian or Ubuntu. Idempotent: when everything is present it prints nothing. When
# something is missing it says what, and apt's own progress is shown: on a slow mirror
# the install takes minutes, and a silent terminal looks hung.
set -euo pipefail

mode=${1:-run}
# tzdata: the app reads the user's time zone from /usr/share/zoneinfo (jiff), so `run`
# needs it as much as the tests (and the stand-in) do.
build_pkgs=(build-essential pkg-config libwebkit2gtk-4.1-dev libsoup-3.0-dev
  libayatana-appindicator3-dev librsvg2-dev libssl-dev libsqlite3-dev libdbus-1-dev libcurl4-openssl-dev xdg-utils
  tzdata)
# A virtual display, the WebKit WebDriver, a Secret Service for the keyring tests,
# strace (the modes new files are created with) and curl (a request from another user).
test_pkgs=(xvfb xauth webkit2gtk-driver gnome-keyring dbus-x11 libglib2.0-bin libsecret-tools
  strace curl)
tauri_driver_version=2.1.0

pkgs=("${build_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: not a Debian/Ubuntu system; install the prerequisites listed in README.md." >&2
  [ "$mode" = run ] && exit 0 || exit 1
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  # A machine still installing its own updates holds dpkg's lock: wait for it (up to
  # five minutes) instead of failing at once.
  apt_wait=(-o DPkg::Lock::Timeout=300)
  "${sudo[@]}" apt-get "${apt_wait[@]}" update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get "${apt_wait[@]}" install -y "${missing[@]}"
fi

if [ "$mode" = test ] && ! tauri-driver --help >/dev/null 2>&1; then
  echo "Installing tauri-driver $tauri_driver_version (WebDriver bridge for the window tests)"
  cargo install --quiet --locked tauri-driver --version "$tauri_driver_version"
fi

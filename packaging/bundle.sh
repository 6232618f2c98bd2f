#!/bin/sh
# Builds the Debian package with Tauri's bundler.
#
#   packaging/bundle.sh                     `make bundle`: a release build, packaged in
#                                           target/release/bundle/deb/wakadesk_<version>_amd64.deb
#   packaging/bundle.sh --from-debug-build  `make test`: packages the existing debug build
#                                           (seconds, no compiling) in target/debug/bundle/deb/,
#                                           for the install test (crates/e2e/tests/package.rs)
#
# The bundler is the `@tauri-apps/cli` npm package (a prebuilt binary), pinned in
# packaging/package.json and installed into packaging/node_modules only when missing or
# of another version, so a second run installs nothing and prints nothing extra.
# Without npm, the `tauri-cli` crate is compiled once with `cargo install` (several
# minutes) and reused after that. The crate and the npm package are released
# separately and do not always share a version number, so each has its own pin.
#
# WAKADESK_BUILD_CLIENT_ID and WAKADESK_BUILD_CLIENT_SECRET, when both are set, build a
# registered WakaTime app into the release binary (`make bundle WAKADESK_BUILD_CLIENT_ID=...
# WAKADESK_BUILD_CLIENT_SECRET=...`); anyone who has the package can read them (SECURITY.md).
set -eu

# The tauri-cli crate used when npm is missing: a version crates.io has.
crate_version=2.12.4

# Both halves of the app, or neither; empty ones are unset, so a build without an app
# shares its compiled crates with plain cargo builds.
build_id=${WAKADESK_BUILD_CLIENT_ID:-}
build_secret=${WAKADESK_BUILD_CLIENT_SECRET:-}
unset WAKADESK_BUILD_CLIENT_ID WAKADESK_BUILD_CLIENT_SECRET
if [ -n "$build_id" ] && [ -n "$build_secret" ]; then
    export WAKADESK_BUILD_CLIENT_ID="$build_id" WAKADESK_BUILD_CLIENT_SECRET="$build_secret"
    echo "bundle: building in the WakaTime app $build_id"
elif [ -n "$build_id$build_secret" ]; then
    echo "bundle: set both WAKADESK_BUILD_CLIENT_ID and WAKADESK_BUILD_CLIENT_SECRET, or neither" >&2
    exit 1
fi

root=$(cd "$(dirname "$0")/.." && pwd)
packaging="$root/packaging"
version=$(sed -n 's/.*"@tauri-apps\/cli": *"\([^"]*\)".*/\1/p' "$packaging/package.json")

installed_npm_version() {
    node -p "require('$packaging/node_modules/@tauri-apps/cli/package.json').version" 2>/dev/null || true
}

if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    if [ "$(installed_npm_version)" != "$version" ]; then
        echo "bundle: installing @tauri-apps/cli $version into packaging/node_modules"
        (cd "$packaging" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
    tauri="$packaging/node_modules/.bin/tauri"
else
    if ! cargo tauri --version 2>/dev/null | grep -qx "tauri-cli $crate_version"; then
        echo "bundle: npm not found; compiling tauri-cli $crate_version with cargo install (once, several minutes)"
        cargo install --locked tauri-cli --version "$crate_version"
    fi
    tauri="cargo tauri"
fi

cd "$root"
target=$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$root/target")
# The tray program goes beside the window's in /usr/bin.
tray_files() {
    printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/wakadesk-tray":"%s"}}}}}' "$1"
}
if [ "${1:-}" = --from-debug-build ]; then
    shift
    for program in wakadesk wakadesk-tray; do
        if [ ! -x "$target/debug/$program" ]; then
            echo "bundle: no debug build of $program; run \`cargo build -p wakadesk -p wakadesk-tray\` first" >&2
            exit 1
        fi
    done
    if [ -n "$build_id" ]; then
        echo "bundle: the debug build is packaged as it was compiled; a built-in app needs \`make bundle\`" >&2
    fi
    $tauri bundle --debug --bundles deb --config "$(tray_files "$target/debug/wakadesk-tray")" "$@"
else
    cargo build --release -p wakadesk-tray
    # The same features as `make bench-startup`, so both share one release build.
    $tauri build --bundles deb --features custom-protocol \
        --config "$(tray_files "$target/release/wakadesk-tray")" "$@"
fi

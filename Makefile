# The two commands of the README, plus lint. Each installs what it needs first.
CARGO ?= cargo

.PHONY: run test lint bench bench-startup bundle test-package deps test-deps package-deps

## run: install what is missing, build, and open the window on the default data directory
run: deps
	@# The tray program beside the window's, which starts it.
	$(CARGO) build -p wakadesk-tray
	$(CARGO) run -p wakadesk

## test: install what tests need, then run every test (unit, integration, CLI, window)
test: test-deps package-deps
	$(CARGO) build -p wakadesk -p wakadesk-tray -p fake-wakatime
	@# The install test (crates/e2e/tests/package.rs) needs a .deb: package the debug build (seconds).
	packaging/bundle.sh --from-debug-build
	scripts/test-session.sh $(CARGO) test --workspace --no-fail-fast

## bench: sync and dashboard figures against the local stand-in, then the startup budget (see BENCHMARKS.md)
bench: deps
	$(CARGO) run --release -p wakadesk-bench --bin wakadesk-bench
	$(MAKE) --no-print-directory bench-startup

## bench-startup: wakadesk against a bare Tauri window (crates/bare-window): time to the first
## screen, memory (PSS of the app and its WebKit processes), release binary size
bench-startup: test-deps
	@# Both apps in one invocation, so they share one set of dependency builds (and `make bundle`'s).
	$(CARGO) build --release -p wakadesk -p bare-window --features wakadesk/custom-protocol,bare-window/custom-protocol
	$(CARGO) build --release -p wakadesk-tray
	$(CARGO) build --release -p wakadesk-bench --bin startup
	scripts/test-session.sh $(CARGO) run -q --release -p wakadesk-bench --bin startup

## bundle: the Debian package (release build, Tauri's bundler) in target/release/bundle/deb/;
## `make bundle WAKADESK_BUILD_CLIENT_ID=... WAKADESK_BUILD_CLIENT_SECRET=...` builds a
## registered WakaTime app into it (README, "Registering wakadesk with WakaTime")
## (make puts variables given on its command line into the recipe's environment, and
## does not print them, as it would print a recipe line holding them)
bundle: deps
	packaging/bundle.sh

## test-package: install the package of `make bundle` (as root), open a link through the desktop, remove it
test-package: bundle test-deps package-deps
	WAKADESK_DEB=$$(realpath "$$(ls -t $${CARGO_TARGET_DIR:-target}/release/bundle/deb/wakadesk_*.deb | head -n 1)") \
		scripts/test-session.sh $(CARGO) test -p wakadesk-e2e --test package

## lint: formatting check and clippy with warnings as errors
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

deps:
	@scripts/install-deps.sh run

test-deps:
	@scripts/install-deps.sh test

# What installing the package needs (desktop-file-utils builds the MIME cache gio reads).
package-deps:
	@packaging/install-deps.sh

# The two commands of the README, plus lint. Each installs what it needs first.
CARGO ?= cargo

.PHONY: run test lint bench deps test-deps

## run: install what is missing, build, and open the window on the default data directory
run: deps
	$(CARGO) run -p wakadesk

## test: install what tests need, then run every test (unit, integration, CLI, window)
test: test-deps
	$(CARGO) build -p wakadesk -p fake-wakatime
	scripts/test-session.sh $(CARGO) test --workspace --no-fail-fast

## bench: sync and dashboard figures against the local stand-in (see BENCHMARKS.md)
bench: deps
	$(CARGO) run --release -p wakadesk-bench

## lint: formatting check and clippy with warnings as errors
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

deps:
	@scripts/install-deps.sh run

test-deps:
	@scripts/install-deps.sh test

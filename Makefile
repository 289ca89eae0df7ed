# provlens: the commands the README documents. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

# Tools installed by `cargo install` live here; make sure a fresh shell finds them.
export PATH := $(HOME)/.cargo/bin:$(PATH)

# npm's binaryen (wasm-opt 132) must come first: Debian's wasm-opt is too old for today's wasm.
E2E_BIN := $(CURDIR)/tests/e2e/node_modules/.bin
# Trunk.toml sets `[build] offline = true`: a missing tool is an error, never a download.
TRUNK_BUILD := PATH="$(E2E_BIN):$$PATH" trunk build --release

PORT ?= 8080

.PHONY: setup build serve test bench fuzz clean

## setup: install the toolchain pieces that are missing (scripts/setup.sh)
setup:
	scripts/setup.sh

## build: release build of the web app into dist/
build: setup
	$(TRUNK_BUILD)

## serve: build, then serve dist/ at http://127.0.0.1:$(PORT)/ (static, offline)
serve: build
	@echo "provlens: http://127.0.0.1:$(PORT)/"
	python3 -m http.server --bind 127.0.0.1 --directory dist $(PORT)

## test: formatting, lints, unit tests, release build, then the browser tests
test: setup
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace
	$(TRUNK_BUILD)
	node tests/e2e/run.mjs

## bench: the scale figures of issue 5 as one table: load throughput per format (native and in
## Chromium, against JSON.parse), the CLI against jq, a 600 MB download's time, memory and longest
## task, sort and filter on 1M events. Generated files go to target/bench/ (~3 GB, reused).
bench: build
	node tests/bench/run.mjs

## fuzz: run every cargo-fuzz target of fuzz/ for FUZZ_SECONDS each (default 120) on stable
## Rust, no sanitizer; outside CI (its own workspace). Installs cargo-fuzz if missing. Prints
## executions and coverage per target; a crashing input lands in fuzz/artifacts/<target>/ (keep it
## in crates/core/tests/corpus/<target>/, which `cargo test` replays). `make fuzz TARGETS=load`.
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),120) fuzz/run.sh $(TARGETS)

## clean: remove build output (installed tools stay)
clean:
	cargo clean
	rm -rf dist

# `make test` runs every test; `make demo` starts the page with the proxy and emulator.
# Both do their own set-up (scripts/setup.sh installs what is missing).

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export GECKODRIVER ?= $(HOME)/.cargo/bin/geckodriver

WASM_PACK_BUILD := wasm-pack build --release --no-pack

.PHONY: all setup test lint test-native test-wasm package pack test-package test-www test-e2e bench fuzz demo clean

all: package

setup:
	@bash scripts/setup.sh

test: setup lint test-native test-wasm package test-package test-www test-e2e

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --tests --no-default-features --features signer -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --tests --no-default-features --features client -- -D warnings

test-native:
	cargo test
	cargo build --release --target wasm32-unknown-unknown

# The same suite (tests/wasm.rs) in Node, headless Chromium and headless Firefox.
test-wasm:
	wasm-pack test --node
	# Each run sees only its own driver: the test runner takes GECKODRIVER over CHROMEDRIVER.
	env -u GECKODRIVER WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --test wasm
	env -u CHROMEDRIVER WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --firefox --test wasm

# pkg/: the npm package (`make pack` makes its tarball, `npm publish ./pkg` publishes it).
# Node gets one module with both features, at the release profile's opt-level (2: built for
# speed, where tools sign in batches). The web build gets the signer (pkg/web, feature
# `signer`: signing, validation, planning) that init() loads, and the client module without
# the signer (pkg/web/client, feature `client`) that send, SlbClient and initClient() load
# on demand. Both are built for size (WEB_OPT_LEVEL): a page feels bytes, not a signing's
# microseconds. At z the signer is 12 KB gzipped smaller than at 2 (7 KB than at s) and
# signs at about 0.7x in Chromium (still tens of thousands a second); the client is 15%
# smaller at z than at s.
WEB_OPT_LEVEL ?= z
package:
	rm -rf pkg
	$(WASM_PACK_BUILD) --target nodejs --out-dir pkg/node
	CARGO_PROFILE_RELEASE_OPT_LEVEL=$(WEB_OPT_LEVEL) $(WASM_PACK_BUILD) --target web --out-dir pkg/web -- --no-default-features --features signer
	CARGO_PROFILE_RELEASE_OPT_LEVEL=$(WEB_OPT_LEVEL) $(WASM_PACK_BUILD) --target web --out-dir pkg/web/client -- --no-default-features --features client
	node scripts/build-package.mjs

# pkg/ packed as `npm publish ./pkg` would upload it, into target/. The `./` matters: a bare
# `npm pack pkg` packs the registry's package named `pkg`.
TARBALL = target/aliyun-slb-wasm-$(shell node -p "require('./pkg-template/package.json').version").tgz
pack: package
	mkdir -p target
	npm pack ./pkg --pack-destination target

# That tarball installed into a fresh folder: its name and files, ESM, CommonJS, TypeScript, Chromium.
test-package: pack
	node tests/package/install-packed.mjs $(TARBALL)
	cd target/package-test/test && tsc -p tsconfig.json && tsc -p tsconfig.bundler.json
	cd target/package-test && node --test test/

test-www: package
	node --test www/test/*.test.mjs

# The page in headless Chromium: each action's preview, send to the emulator through the proxy,
# errors, the group editor (by mouse and by keyboard), axe-core.
test-e2e: package
	node --test tests/e2e/

# Fuzzing on stable Rust (cargo-fuzz needs a nightly toolchain, which cannot be installed
# here): the property tests of the `fuzz` modules of tests/properties.rs and tests/response.rs
# (typed signing of every action and generic signing from arbitrary input, the JSON reader
# against serde_json, the membership planner, responses from arbitrary text and bytes as
# JSON and XML), in rounds of FUZZ_CASES cases each with new random seeds, until
# FUZZ_EXECUTIONS cases have run in all (0: no count) or FUZZ_SECONDS have passed; prints the
# count. `make test` runs a smoke of each property.
FUZZ_SECONDS ?= 300
FUZZ_CASES ?= 50000
FUZZ_EXECUTIONS ?= 0
FUZZ_TESTS := --release -q --test properties --test response
fuzz:
	cargo test --release --no-run --test properties --test response
	@properties=$$(cargo test $(FUZZ_TESTS) -- --list fuzz 2>/dev/null | grep -c ': test$$'); \
	per_round=$$(( properties * $(FUZZ_CASES) )); \
	end=$$(( $$(date +%s) + $(FUZZ_SECONDS) )); rounds=0; \
	while [ $$(date +%s) -lt $$end ] && { [ $(FUZZ_EXECUTIONS) -eq 0 ] || [ $$(( rounds * per_round )) -lt $(FUZZ_EXECUTIONS) ]; }; do \
		PROPTEST_CASES=$(FUZZ_CASES) cargo test $(FUZZ_TESTS) fuzz > target/fuzz-round.log 2>&1 || { cat target/fuzz-round.log; exit 1; }; \
		rounds=$$((rounds + 1)); \
		echo "fuzz: round $$rounds done at $$(date +%T): $$(( rounds * per_round )) executions so far"; \
	done; \
	echo "fuzz: $$rounds rounds x $$properties properties x $(FUZZ_CASES) cases = $$(( rounds * per_round )) executions, no failure"

# Speed and size beside pop-core and a WebCrypto signer (not part of `make test`).
bench: setup package
	@if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then \
		cd bench && npm ci --no-audit --no-fund; \
	fi
	node bench/run.mjs

# The proxy under load and faults against the emulator, on 127.0.0.1 (not part of `make test`).
.PHONY: load
load: package
	node www/load/run.mjs

demo: setup package
	node www/demo.mjs

clean:
	cargo clean
	rm -rf pkg target/package-test

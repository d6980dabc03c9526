#!/usr/bin/env bash
# Installs what the build and tests need, skipping what is present (idempotent).
# Used by `make setup` (and so by `make test` and `make demo`) and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }

# Rust: the wasm target and the lint components.
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy

# wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock, or the test runner breaks.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --locked \
    || cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi
command -v wasm-pack >/dev/null || { say "installing wasm-pack"; cargo install wasm-pack --version 0.15.1 --locked; }
command -v geckodriver >/dev/null || { say "installing geckodriver"; cargo install geckodriver --version 0.37.1 --locked; }

# Browsers from Debian (no browser download works here).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing+=(firefox-esr)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Node tools (binaryen's wasm-opt, TypeScript, esbuild, playwright-core, axe-core for the page's
# accessibility test, @alicloud/credentials for the differential test), pinned by
# package-lock.json; `ini`, the package's one dependency, too, so that npm's cache has it
# when test-package installs the tarball offline.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

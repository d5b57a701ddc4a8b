#!/usr/bin/env bash
# Installs everything the build needs, skipping what is already there:
# the pinned Rust toolchain, wasm target and std sources, cargo-leptos, wasm-bindgen-cli
# matching Cargo.lock, and the npm packages for sass, wasm-opt (binaryen)
# and Playwright. With --test it also installs Chromium for the browser tests.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$(now)
with_browser=false
[[ "${1:-}" == "--test" ]] && with_browser=true

if ! command -v rustup >/dev/null; then
  log "installing rustup"
  command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; }
  curl -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain none --profile minimal
fi

TOOLCHAIN=$(toolchain)
if ! rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 \
  || ! rustup target list --installed --toolchain "$TOOLCHAIN" | grep -q wasm32-unknown-unknown \
  || ! rustup component list --installed --toolchain "$TOOLCHAIN" | grep -q clippy \
  || ! rustup component list --installed --toolchain "$TOOLCHAIN" | grep -q rust-src; then
  log "installing Rust $TOOLCHAIN with the wasm32 target and the standard library's source"
  rustup toolchain install "$TOOLCHAIN" --profile minimal \
    --component clippy,rustfmt,rust-src --target wasm32-unknown-unknown
fi

CARGO_LEPTOS_VERSION=0.3.11
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "building cargo-leptos $CARGO_LEPTOS_VERSION (about 25 minutes on two cores, once per machine)"
  # Built by the pinned toolchain: it needs rustc 1.96 or newer.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

WB_VERSION=$(wasm_bindgen_version)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  log "installing wasm-bindgen-cli $WB_VERSION (matches Cargo.lock)"
  # Not --locked: its own lockfile names a crate version this registry lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if ! command -v npm >/dev/null; then
  log "installing Node.js and npm"
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi
if [[ ! -x node_modules/.bin/sass || ! -x node_modules/.bin/wasm-opt \
      || ! -d node_modules/@playwright/test || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm packages (sass, binaryen, @playwright/test)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if $with_browser && [[ ! -x /usr/bin/chromium ]]; then
  log "installing Chromium for the end-to-end tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

log "tools ready in $(( $(now) - started ))s"

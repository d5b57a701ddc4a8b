#!/usr/bin/env bash
# Release build of the server binary and the site (wasm, JS, CSS) with
# cargo-leptos. Prints where they are and how big the wasm is.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh "$@"
started=$(now)
# --split puts every lazily loaded route in its own wasm chunk (see
# app/src/ui/lazy.rs); --precompress writes a .br and a .gz beside every
# static file; the server sends them to browsers that accept them.
log "release build of the client (wasm, JS, CSS)"
# The wasm links a standard library compiled for it, for size (opt-level
# z, optimize_for_size) and with panics that abort on the spot
# (-Cpanic=immediate-abort: no panic messages, locations or formatting in
# the client; a panic still ends the app and shell/fallback.js takes over).
# That is 86 KB less raw wasm, 22 KB less brotli (README, first load).
# -Zbuild-std is unstable: RUSTC_BOOTSTRAP allows it on the pinned stable
# toolchain, for this one build of the client only; the server below is
# built as usual.
RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
  cargo leptos build --release --precompress --split --frontend-only \
  --lib-cargo-args=-Zbuild-std=std,panic_abort \
  --lib-cargo-args=-Zbuild-std-features=optimize_for_size
log "release build of the server"
cargo leptos build --release --precompress --split --server-only
log "release build done in $(( $(now) - started ))s"
bash scripts/wasm-size.sh

#!/usr/bin/env bash
# Release build of the server binary and the site (wasm, JS, CSS) with
# cargo-leptos. Prints where they are and how big the wasm is.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh "$@"
started=$(now)
log "release build (cargo leptos build --release --precompress --split)"
# --split puts every lazily loaded route in its own wasm chunk (see
# app/src/ui/lazy.rs); --precompress writes a .br and a .gz beside every
# static file; the server sends them to browsers that accept them.
cargo leptos build --release --precompress --split
log "release build done in $(( $(now) - started ))s"
bash scripts/wasm-size.sh

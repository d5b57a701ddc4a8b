#!/usr/bin/env bash
# Reports the size of the release wasm as served: raw, gzip and brotli.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
# The main wasm, plain or content-hashed (mentorhub.<hash>.wasm).
wasm=$(ls target/site/pkg/mentorhub*.wasm 2>/dev/null | head -n 1 || true)
[[ -n "$wasm" && -f "$wasm" ]] || die "no target/site/pkg/mentorhub*.wasm: run scripts/build.sh first"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
if command -v brotli >/dev/null; then
  br=$(brotli -q 11 -c "$wasm" | wc -c)
else
  br=$(python3 -c 'import sys
try:
    import brotli
except ImportError:
    print("n/a"); sys.exit()
print(len(brotli.compress(open(sys.argv[1], "rb").read(), quality=11)))' "$wasm")
fi
printf 'wasm size: %s bytes raw, %s gzip -9, %s brotli -q 11\n' "$raw" "$gz" "$br"

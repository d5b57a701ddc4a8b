# Shared by the scripts in this folder: paths, logging, and the environment
# every build uses. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

# Builds land outside the clone so that CI (a fresh clone every run) and a
# second checkout reuse the compiled dependencies. Override to taste.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentorhub/target}"


log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The toolchain named in rust-toolchain.toml.
toolchain() { sed -n 's/^channel *= *"\(.*\)"/\1/p' "$ROOT/rust-toolchain.toml"; }

# The exact wasm-bindgen version in Cargo.lock; the CLI must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Seconds since the epoch, for the timings the scripts print.
now() { date +%s; }

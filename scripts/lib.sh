# Shared by the scripts in this folder: paths, logging, and the environment
# every build uses. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

# Builds land outside the clone so that CI (a fresh clone every run) and a
# second checkout reuse the compiled dependencies. Override to taste.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentorhub/target}"

# A persistent target directory only grows (every feature set and every
# change leaves artifacts behind). Past this many GiB the debug half is
# dropped before a build; it rebuilds in minutes.
TARGET_DIR_LIMIT_GIB="${TARGET_DIR_LIMIT_GIB:-25}"
prune_target_dir() {
  [[ -d "$CARGO_TARGET_DIR" ]] || return 0
  local used
  used=$(du -s --block-size=1G "$CARGO_TARGET_DIR" 2>/dev/null | cut -f1)
  if (( ${used:-0} > TARGET_DIR_LIMIT_GIB )); then
    printf '==> %s uses %s GiB (limit %s): removing its debug builds\n' \
      "$CARGO_TARGET_DIR" "$used" "$TARGET_DIR_LIMIT_GIB" >&2
    rm -rf "$CARGO_TARGET_DIR/debug"
  fi
}


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

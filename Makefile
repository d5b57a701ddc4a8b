# The two commands of the README, plus a few conveniences. The real work is
# in scripts/, so CI and people run exactly the same steps.
.PHONY: run test setup build dev fmt lint wasm-size bench

run:        ## install what is missing, build in release mode, serve on :3000 with SQLite
	bash scripts/run.sh

test:       ## install what is missing, start PostgreSQL, run every check and test
	bash scripts/test.sh

setup:      ## only install the tools
	bash scripts/setup.sh

build:      ## release build of the server and the site
	bash scripts/build.sh

dev:        ## rebuild and restart on change (debug build)
	bash -c 'source scripts/lib.sh && LEPTOS_SITE_ROOT=target/site cargo leptos watch'

fmt:
	cargo fmt --all

lint:
	cargo clippy -p app -p server --features app/ssr,app/test-support --all-targets -- -D warnings
	cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

wasm-size:  ## size of the release wasm, raw, gzip and brotli
	bash scripts/wasm-size.sh

bench:      ## seed both databases at scale, load every page, write BENCHMARKS.md (not part of test)
	bash scripts/bench.sh

//! Keeps each page's constant data in that page's wasm chunk.
//!
//! In optimised builds wasm-ld merges read-only data into one segment, and
//! the splitter of `cargo leptos build --split` then cannot move a page's
//! strings into the page's chunk: they all stay in the main file
//! (cargo-leptos#679). Unmerged segments cost a few bytes each and let the
//! splitter place them.
fn main() {
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if arch.starts_with("wasm") {
        println!("cargo:rustc-link-arg-cdylib=--no-merge-data-segments");
    }
    println!("cargo:rerun-if-changed=build.rs");
}

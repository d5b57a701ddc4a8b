//! The domains' layering, checked on the source (ARCHITECTURE.md, "Layers"):
//!
//! `ui` ← `hub` ← `accounts` ← `programs` (← the next domains) ← `shell`
//!
//! A module may use the ones to its left, never one to its right; only the
//! composition root (`lib.rs`) names `shell`. Where a lower layer needs a
//! higher one's data it defines an interface the higher one implements
//! (`accounts::extensions`). Test modules (`#[cfg(test)]` to the end of a
//! file) may build fixtures from any layer.

use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &[
    "ui",
    "hub",
    "accounts",
    "programs",
    "mentors",
    "resources",
    "discussion",
    "events",
    "home",
    "shell",
];

fn sources(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

/// The code of a file without its test module and comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    // A test module's body (`#[cfg(test)] mod tests { … }`, at the end of
    // a file) is cut off; a declaration such as `#[cfg(test)] mod
    // fixtures;` is not, and the code after it is still checked.
    let mut end = text.len();
    for (at, _) in text.match_indices("#[cfg(test)]") {
        let next = text[at + "#[cfg(test)]".len()..].trim_start();
        if next.starts_with("mod ") && next.lines().next().is_some_and(|line| line.contains('{')) {
            end = at;
            break;
        }
    }
    text[..end]
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `code` names through `crate::`, including the
/// ones of a group (`crate::{accounts::x, programs}`).
fn crate_modules(code: &str) -> Vec<String> {
    let ident = |text: &str| -> String {
        text.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = Vec::new();
    for (index, _) in code.match_indices("crate::") {
        let rest = &code[index + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        item_start = true;
                        continue;
                    }
                    _ => {}
                }
                if item_start && !c.is_whitespace() {
                    names.push(ident(&group[i..]));
                    item_start = false;
                }
            }
        } else {
            names.push(ident(rest));
        }
    }
    names
}

/// The layers above `layer` that its files name, as (file, named layer).
fn higher_layers_named(layer: &str) -> Vec<(String, &'static str)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let position = LAYERS.iter().position(|l| *l == layer).unwrap();
    let mut files = Vec::new();
    let dir = root.join(layer);
    if dir.is_dir() {
        sources(&dir, &mut files);
    }
    let single = root.join(format!("{layer}.rs"));
    if single.is_file() {
        files.push(single);
    }
    assert!(!files.is_empty(), "no sources for layer {layer}");
    let mut found = Vec::new();
    for file in files {
        let named = crate_modules(&code(&file));
        for higher in &LAYERS[position + 1..] {
            if named.iter().any(|name| name == higher) {
                found.push((file.display().to_string(), *higher));
            }
        }
    }
    found
}

#[test]
fn no_layer_uses_one_above_it() {
    let violations: Vec<_> = LAYERS
        .iter()
        .flat_map(|layer| higher_layers_named(layer))
        .collect();
    assert!(violations.is_empty(), "layering broken: {violations:#?}");
}

/// One way to read the reactive context: `crate::context` (leptos' own
/// `use_context` can hang a worker when a request is cut off; see there).
#[test]
fn the_reactive_context_is_read_only_through_crate_context() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let allowed = [root.join("context.rs"), root.join("layering_tests.rs")];
    let direct: Vec<_> = files
        .iter()
        .filter(|path| !allowed.contains(path))
        .filter(|path| {
            let code = code(path);
            code.contains("use_context") || code.contains("expect_context")
        })
        .collect();
    assert!(
        direct.is_empty(),
        "use crate::context::lookup / expect in {direct:#?}"
    );
}

#[test]
fn every_way_of_naming_a_module_is_seen() {
    assert_eq!(crate_modules("use crate::programs::store;"), ["programs"]);
    assert_eq!(
        crate_modules("use crate::{\n    accounts::extensions::X, db::Db,\n    hub::{A, B},\n};"),
        ["accounts", "db", "hub"]
    );
    assert_eq!(
        crate_modules("let x = crate::hub::load(); f(crate::shell)"),
        ["hub", "shell"]
    );
    // Comments and test modules are not code.
    let dir = std::env::temp_dir().join(format!("layering-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("probe.rs");
    std::fs::write(
        &file,
        "// crate::shell in a comment\nuse crate::ui;\n#[cfg(test)]\nmod tests { use crate::programs; }\n",
    )
    .unwrap();
    assert_eq!(crate_modules(&code(&file)), ["ui"]);
    // A test-only module declaration does not hide the code after it.
    std::fs::write(
        &file,
        "#[cfg(test)]\nmod fixtures;\nuse crate::hub;\n#[cfg(test)]\nmod tests { use crate::programs; }\n",
    )
    .unwrap();
    assert_eq!(crate_modules(&code(&file)), ["hub"]);
    std::fs::remove_dir_all(dir).unwrap();
}

//! The layers of docs/ARCHITECTURE.md hold: every module of `src/` uses only the modules beneath it, so the
//! dependencies between them form a graph without cycles.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, lowest first: a module may use the modules before it, and no module after it.
const LAYERS: [&str; 12] = [
    "error",
    "config",
    "telemetry",
    "analytics",
    "db",
    "auth",
    "limits",
    "dashboard",
    "graphql",
    "http",
    "startup",
    "cli",
];

fn rust_files(directory: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to; None for the crate roots.
fn module_of(source: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(source).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// The top-level modules a text names after `crate::`, braced groups included (`crate::{a::b, c}`).
fn used_modules(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(group.len(), |(index, _)| index);
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let name: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !name.is_empty() {
                            used.insert(name);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            used.insert(name);
        }
    }
    used
}

#[test]
fn every_module_uses_only_the_layers_beneath_it() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&source, &mut files);
    let mut back_edges = Vec::new();

    for file in &files {
        let Some(module) = module_of(&source, file) else {
            continue;
        };
        let rank = LAYERS
            .iter()
            .position(|layer| *layer == module)
            .unwrap_or_else(|| panic!("src/{module} is in no layer: add it to LAYERS and docs/ARCHITECTURE.md"));
        let text = std::fs::read_to_string(file).unwrap();
        for used in used_modules(&text) {
            match LAYERS.iter().position(|layer| *layer == used) {
                Some(used_rank) if used_rank > rank => {
                    back_edges.push(format!("{} uses {used}", file.display()));
                }
                _ => {}
            }
        }
    }

    assert!(
        back_edges.is_empty(),
        "imports against the layers:\n{}",
        back_edges.join("\n")
    );
}

#[test]
fn the_layer_check_reads_paths_and_braced_groups() {
    let text = "use crate::db::Db;\nuse crate::{error::Error, http::{AppState, state}};\nlet x = crate::cli::run;";

    let used = used_modules(text);

    assert_eq!(used, BTreeSet::from(["cli", "db", "error", "http"].map(String::from)));
}

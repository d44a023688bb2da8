//! Project chores.
//!
//! ```text
//! cargo run -p xtask -- gen-catalog tests/fixtures/claude-code/model_catalog.json
//! ```
//!
//! `gen-catalog` turns Claude Code's baked model catalog (extracted from the binary) into
//! `core/src/models/catalog.rs`: plain Rust statics, so the core never parses JSON at run
//! time. A new Claude Code release is a data update: vendor the new JSON and rerun.
//!
//! ```text
//! cargo run -p xtask -- gen-types
//! ```
//!
//! `gen-types` writes `bindings-types/index.d.ts`, the TypeScript declarations of the core's
//! JS-facing serde types, from their Rust definitions. A test fails when the file drifts.

mod catalog;
mod types;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the generated catalog lives, relative to the workspace root.
pub const CATALOG_RS: &str = "core/src/models/catalog.rs";
/// Where the generated TypeScript declarations live, relative to the workspace root.
pub const TYPES_DTS: &str = "bindings-types/index.d.ts";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn usage() -> ExitCode {
    eprintln!("usage: cargo run -p xtask -- gen-catalog PATH/TO/model_catalog.json");
    eprintln!("       cargo run -p xtask -- gen-types");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen-catalog") => {
            let Some(input) = args.get(1) else {
                return usage();
            };
            let json = match std::fs::read_to_string(input) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("xtask gen-catalog: cannot read {input}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let out = match catalog::generate(&json) {
                Ok(out) => out,
                Err(e) => {
                    eprintln!("xtask gen-catalog: {input}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            for note in &out.notes {
                eprintln!("xtask gen-catalog: note: {note}");
            }
            let path = workspace_root().join(CATALOG_RS);
            if let Err(e) = std::fs::write(&path, out.rust) {
                eprintln!("xtask gen-catalog: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!("xtask gen-catalog: wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Some("gen-types") => {
            let path = workspace_root().join(TYPES_DTS);
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, types::generate()));
            if let Err(e) = written {
                eprintln!("xtask gen-types: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!("xtask gen-types: wrote {}", path.display());
            ExitCode::SUCCESS
        }
        _ => usage(),
    }
}

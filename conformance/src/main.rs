//! The conformance runner:
//!
//! ```text
//! conformance claude-code DIR [--json] [--expected-failures FILE]
//! conformance sdk DIR [--json] [--expected-failures FILE]
//! conformance sigv4-suite DIR
//! conformance botocore DIR
//! conformance layers DIR
//! conformance resign DIR
//! ```
//!
//! Each mode reads every case file in DIR as found in the reference material (files that are
//! not cases are skipped), prints `PASS name` / `FAIL name: what differed`, and ends with
//! `N passed, N failed`. It exits non-zero when a case fails that is not listed, with a
//! reason, in the expected-failures file (default: `DIR/expected_failures.txt`).

mod botocore;
mod capture;
mod claude_code;
mod emit;
mod layers;
mod report;
mod resign;
mod sdk;
mod sigv4_oracle;
mod sigv4_suite;
mod util;

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: conformance <claude-code|sdk|sigv4-suite|botocore|resign|layers> DIR [--json] [--expected-failures FILE] [--emit FILE]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(dir)) = (args.first(), args.get(1)) else {
        return usage();
    };
    let dir = PathBuf::from(dir);
    let json = args.iter().any(|a| a == "--json");
    let expected_path = args
        .iter()
        .position(|a| a == "--expected-failures")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("expected_failures.txt"));
    if !dir.is_dir() {
        eprintln!("conformance: {} is not a directory", dir.display());
        return ExitCode::from(2);
    }
    let results: Vec<report::CaseResult> = match mode.as_str() {
        // Modes are registered here as they are implemented.
        "claude-code" => claude_code::run(&dir, json),
        "layers" => layers::run(&dir),
        "sigv4-suite" => sigv4_suite::run(&dir),
        "botocore" => botocore::run(&dir),
        "resign" => resign::run(&dir),
        "sdk" => sdk::run(&dir, json),
        _ => return usage(),
    };
    if let Some(path) = args
        .iter()
        .position(|a| a == "--emit")
        .and_then(|i| args.get(i + 1))
    {
        let cases: Vec<serde_json::Value> = results.iter().filter_map(|r| r.emit.clone()).collect();
        if let Err(e) = emit::write(std::path::Path::new(path), &cases) {
            eprintln!("conformance: cannot write {path}: {e}");
            return ExitCode::from(2);
        }
    }
    let expected = report::load_expected_failures(&expected_path);
    ExitCode::from(report::finish(&results, &expected, json) as u8)
}

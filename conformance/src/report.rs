//! Per-case results and the closing line every mode prints.

use std::collections::BTreeMap;
use std::path::Path;

/// One case's outcome.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub name: String,
    /// `None` when it passed; otherwise what differed.
    pub failure: Option<String>,
    /// With `--json`: the core's resolution and the request it built.
    pub json: Option<serde_json::Value>,
    /// With `--emit FILE`: the case's core inputs and the core's outputs, for the bindings.
    pub emit: Option<serde_json::Value>,
    /// `Some(why)` when the case was not run; neither passed nor failed.
    pub skipped: Option<String>,
    /// What a pass checked when it is less than the whole case.
    pub note: Option<String>,
}

impl CaseResult {
    pub fn pass(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            failure: None,
            json: None,
            emit: None,
            skipped: None,
            note: None,
        }
    }

    pub fn fail(name: impl Into<String>, why: impl Into<String>) -> Self {
        Self {
            failure: Some(why.into()),
            ..Self::pass(name)
        }
    }

    /// A case that is not run (printed as `SKIP name: why`, counted apart).
    pub fn skip(name: impl Into<String>, why: impl Into<String>) -> Self {
        Self {
            skipped: Some(why.into()),
            ..Self::pass(name)
        }
    }

    /// Says what a pass covered (printed as `PASS name (note)`).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Pass when `diffs` is empty, else fail with the diffs joined.
    pub fn from_diffs(name: impl Into<String>, diffs: Vec<String>) -> Self {
        if diffs.is_empty() {
            Self::pass(name)
        } else {
            Self::fail(name, diffs.join("; "))
        }
    }
}

/// Expected failures: `name: reason` lines in `DIR/expected_failures.txt` (or the file given).
pub fn load_expected_failures(path: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            l.split_once(':')
                .map(|(n, r)| (n.trim().to_owned(), r.trim().to_owned()))
        })
        .collect()
}

/// Prints every case and the closing `N passed, N failed` line; returns the exit code.
pub fn finish(results: &[CaseResult], expected: &BTreeMap<String, String>, json: bool) -> i32 {
    let mut passed = 0usize;
    let mut failed = 0usize;
    let mut expected_hit = 0usize;
    let mut skipped = 0usize;
    for r in results {
        if json {
            let v = serde_json::json!({"name": r.name, "pass": r.failure.is_none() && r.skipped.is_none(), "skipped": r.skipped, "failure": r.failure, "note": r.note, "result": r.json});
            println!("{v}");
        }
        if let Some(why) = &r.skipped {
            skipped += 1;
            println!("SKIP {}: {why}", r.name);
            continue;
        }
        let note = r
            .note
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        match (&r.failure, expected.get(&r.name)) {
            (None, Some(_)) => {
                passed += 1;
                println!(
                    "PASS {}{note} (listed as an expected failure: remove it from the list)",
                    r.name
                );
            }
            (None, None) => {
                passed += 1;
                println!("PASS {}{note}", r.name);
            }
            (Some(why), Some(reason)) => {
                expected_hit += 1;
                println!("XFAIL {}: {why} [expected: {reason}]", r.name);
            }
            (Some(why), None) => {
                failed += 1;
                println!("FAIL {}: {why}", r.name);
            }
        }
    }
    if expected_hit > 0 {
        println!("{expected_hit} expected failures (XFAIL above, each listed with its reason; not counted below)");
    }
    if skipped > 0 {
        println!("{skipped} skipped (not run, not counted below)");
    }
    // The closing line counts unexpected failures only: it is what CI reads.
    println!("{passed} passed, {failed} failed");
    i32::from(failed > 0)
}

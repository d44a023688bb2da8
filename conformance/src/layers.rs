//! Mode `layers DIR`: settings-layer precedence, from `DIR/cases.json`.
//!
//! Each case is a configuration (process env and settings layers, as the JS API takes it) with
//! what Claude Code's documented precedence says it resolves to: JSON Pointers into the
//! resolution (`validate`, credentials not checked) and the problem codes that must and must
//! not be reported, optionally with the variable and file each must name. The Node and WASM
//! tests read the same file and check the same expectations through their builds
//! (`tests/js/layer-expectations.mjs`), and replay `--emit`'s outputs for exact agreement.

use crate::report::CaseResult;
use claude_provider_core::api;
use claude_provider_core::auth::CredentialCheck;
use claude_provider_core::ConfigInput;
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// The file the cases are read from, in DIR.
const CASES_FILE: &str = "cases.json";

#[derive(Deserialize)]
struct CaseFile {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    input: Value,
    /// JSON Pointer into the resolution -> the value it must hold.
    expect: serde_json::Map<String, Value>,
    problems: Problems,
}

#[derive(Deserialize)]
struct Problems {
    present: Vec<ProblemExpectation>,
    absent: Vec<String>,
}

/// A code, or a code with the variable and file the problem must name.
#[derive(Deserialize)]
#[serde(untagged)]
enum ProblemExpectation {
    Code(String),
    Named {
        code: String,
        #[serde(rename = "envVar")]
        env_var: Option<String>,
        file: Option<String>,
    },
}

pub fn run(dir: &Path) -> Vec<CaseResult> {
    let path = dir.join(CASES_FILE);
    let file: CaseFile = match std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(f) => f,
        Err(e) => {
            return vec![CaseResult::fail(
                CASES_FILE,
                format!("{}: {e}", path.display()),
            )]
        }
    };
    file.cases.iter().map(run_case).collect()
}

fn run_case(case: &Case) -> CaseResult {
    let config: ConfigInput = match serde_json::from_value(case.input.clone()) {
        Ok(c) => c,
        Err(e) => return CaseResult::fail(&case.name, format!("input is not a ConfigInput: {e}")),
    };
    let check = CredentialCheck::NotChecked;
    let emitted = crate::emit::record(&case.name, &config, check, None);
    let resolution = emitted.get("validate").cloned().unwrap_or(Value::Null);
    let mut all = diffs(case, &resolution);
    // `resolve` (no runtime facts) must agree with `validate` on every pointer.
    let resolved = serde_json::to_value(api::resolve(&config)).unwrap_or(Value::Null);
    all.extend(
        pointer_diffs(case, &resolved)
            .into_iter()
            .map(|d| format!("resolve: {d}")),
    );
    let mut result = CaseResult::from_diffs(&case.name, all);
    result.emit = Some(emitted);
    result
}

fn diffs(case: &Case, resolution: &Value) -> Vec<String> {
    let mut out = pointer_diffs(case, resolution);
    let problems = resolution
        .get("problems")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let field = |p: &Value, k: &str| p.get(k).and_then(Value::as_str).map(str::to_owned);
    for want in &case.problems.present {
        let (code, env_var, file) = match want {
            ProblemExpectation::Code(code) => (code, &None, &None),
            ProblemExpectation::Named {
                code,
                env_var,
                file,
            } => (code, env_var, file),
        };
        let found = problems.iter().any(|p| {
            field(p, "code").as_ref() == Some(code)
                && (env_var.is_none() || field(p, "envVar") == *env_var)
                && (file.is_none() || field(p, "file") == *file)
        });
        if !found {
            out.push(format!(
                "no {code} problem{}{}",
                env_var
                    .as_ref()
                    .map(|v| format!(" naming {v}"))
                    .unwrap_or_default(),
                file.as_ref()
                    .map(|f| format!(" in {f}"))
                    .unwrap_or_default()
            ));
        }
    }
    for code in &case.problems.absent {
        if problems
            .iter()
            .any(|p| field(p, "code").as_deref() == Some(code))
        {
            out.push(format!("unexpected {code} problem"));
        }
    }
    out
}

fn pointer_diffs(case: &Case, resolution: &Value) -> Vec<String> {
    case.expect
        .iter()
        .filter_map(|(pointer, want)| {
            let got = resolution.pointer(pointer).unwrap_or(&Value::Null);
            (got != want).then(|| format!("{pointer}: got {got}, want {want}"))
        })
        .collect()
}

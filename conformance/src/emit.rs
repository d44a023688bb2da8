//! `--emit FILE`: the cross-binding conformance set. For every case it records the exact
//! inputs given to the core's JS-facing API (`claude_provider_core::api`) and the outputs the
//! Rust core returned for them; the Node and WASM test suites replay the inputs through their
//! builds and must get identical outputs.

use claude_provider_core::api::{self, BuildInput, RequestSpec, ValidateInput};
use claude_provider_core::auth::CredentialCheck;
use claude_provider_core::secret::Exposed;
use claude_provider_core::ConfigInput;
use serde_json::{json, Value};

pub fn record(
    name: &str,
    config: &ConfigInput,
    check: CredentialCheck,
    spec: Option<&RequestSpec>,
) -> Value {
    let vinput = ValidateInput {
        config: config.clone(),
        credentials_check: check,
        google_project_id: spec.and_then(|s| s.credentials.google_project_id.clone()),
    };
    let validated = api::validate(&vinput);
    let built = spec.map(|spec| match api::build_request(config, spec, None) {
        Ok(out) => json!({"ok": out}),
        Err(e) => json!({"error": api::ErrorInfo::from(&e)}),
    });
    // Inputs are written with their secrets (the fixtures' example credentials) in full, so a
    // binding that replays them signs with the same keys; outputs stay as the core serializes them.
    let build_input = spec.map(|s| BuildInput {
        config: config.clone(),
        request: s.clone(),
    });
    json!({
        "name": name,
        "validateInput": exposed(&vinput),
        "validate": validated,
        "buildInput": exposed(&build_input),
        "build": built,
    })
}

fn exposed<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(Exposed(v)).unwrap_or(Value::Null)
}

/// Writes every recorded case to `path` as one JSON document.
pub fn write(path: &std::path::Path, cases: &[Value]) -> std::io::Result<()> {
    let doc = json!({"generator": "conformance --emit", "cases": cases});
    std::fs::write(path, serde_json::to_vec_pretty(&doc)?)
}

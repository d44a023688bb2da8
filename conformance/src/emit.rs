//! `--emit FILE`: the cross-binding conformance set. For every case it records the exact
//! inputs given to the core's JS-facing API (`claude_provider_core::api`) and the outputs the
//! Rust core returned for them; the Node and WASM test suites replay the inputs through their
//! builds and must get identical outputs.

use claude_provider_core::api::{self, BuildInput, RequestSpec, ValidateInput};
use claude_provider_core::auth::CredentialCheck;
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
    };
    let validated = api::validate(&vinput);
    let built = spec.map(|spec| match api::build_request(config, spec, None) {
        Ok(out) => json!({"ok": out}),
        Err(e) => json!({"error": api::ErrorInfo::from(&e)}),
    });
    json!({
        "name": name,
        "validateInput": vinput,
        "validate": validated,
        "buildInput": spec.map(|s| BuildInput { config: config.clone(), request: s.clone() }),
        "build": built,
    })
}

/// Writes every recorded case to `path` as one JSON document.
pub fn write(path: &std::path::Path, cases: &[Value]) -> std::io::Result<()> {
    let doc = json!({"generator": "conformance --emit", "cases": cases});
    std::fs::write(path, serde_json::to_vec_pretty(&doc)?)
}

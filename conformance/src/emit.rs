//! `--emit FILE`: the cross-binding conformance set. For every case it records the exact
//! inputs given to the core's JS-facing API (`claude_provider_core::api`) and the outputs the
//! Rust core returned for them; the Node and WASM test suites replay the inputs through their
//! builds and must get identical outputs.

use claude_provider_core::api::{self, BuildInput, RequestSpec, ValidateInput};
use claude_provider_core::auth::CredentialCheck;
use claude_provider_core::{ConfigInput, Credentials};
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
    let build_input = spec.map(|s| {
        let mut v = json!(BuildInput {
            config: config.clone(),
            request: s.clone()
        });
        // `Secret` serializes as `<redacted>`; the replay must sign with the real (test) values.
        v["request"]["credentials"] = exposed_credentials(&s.credentials);
        v
    });
    json!({
        "name": name,
        "validateInput": vinput,
        "validate": validated,
        "buildInput": build_input,
        "build": built,
    })
}

/// `credentials` as JSON with the secret values in clear (they are the captures' test values).
fn exposed_credentials(c: &Credentials) -> Value {
    let mut v = json!(c);
    if let Some(aws) = &c.aws {
        v["aws"]["secretAccessKey"] = json!(aws.secret_access_key.expose());
        if let Some(t) = &aws.session_token {
            v["aws"]["sessionToken"] = json!(t.expose());
        }
    }
    for (key, secret) in [
        ("googleAccessToken", &c.google_access_token),
        ("azureAccessToken", &c.azure_access_token),
        ("apiKeyHelper", &c.api_key_helper),
    ] {
        if let Some(s) = secret {
            v[key] = json!(s.expose());
        }
    }
    v
}

/// Writes every recorded case to `path` as one JSON document.
pub fn write(path: &std::path::Path, cases: &[Value]) -> std::io::Result<()> {
    let doc = json!({"generator": "conformance --emit", "cases": cases});
    std::fs::write(path, serde_json::to_vec_pretty(&doc)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use claude_provider_core::sigv4::AwsCredentials;
    use claude_provider_core::Secret;

    #[test]
    fn exposed_credentials_round_trip_every_field() {
        let c = Credentials {
            aws: Some(AwsCredentials {
                access_key_id: "AKID".into(),
                secret_access_key: Secret::new("s3cret"),
                session_token: Some(Secret::new("tok")),
                expires_at: Some(1),
            }),
            google_access_token: Some(Secret::new("g")),
            google_project_id: Some("p".into()),
            azure_access_token: Some(Secret::new("a")),
            api_key_helper: Some(Secret::new("h")),
        };
        let v = exposed_credentials(&c);
        assert!(!v.to_string().contains("redacted"), "{v}");
        let back: Credentials = serde_json::from_value(v).unwrap();
        assert_eq!(back, c);
    }
}

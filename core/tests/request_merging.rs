//! What the configuration merges into a request: `ANTHROPIC_CUSTOM_HEADERS` as the Anthropic
//! SDK merges `defaultHeaders`, where Claude Code puts them (`@anthropic-ai/sdk` `buildHeaders`:
//! a later source replaces an earlier header of the same name; order: base < auth < custom <
//! body < request headers), and `CLAUDE_CODE_EXTRA_BODY` (SPEC §6).

use claude_provider_core::{
    build_request, ConfigInput, Credentials, HttpRequest, RequestOptions, Secret,
};

const BODY: &[u8] =
    br#"{"model":"claude-sonnet-4-5","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#;

fn build(env: &[(&str, &str)], betas: &[String]) -> HttpRequest {
    let mut input = ConfigInput::default();
    for (k, v) in env {
        input.process_env.insert((*k).into(), (*v).into());
    }
    let creds = Credentials {
        google_access_token: Some(Secret::new("ya29.GOOGLE")),
        ..Credentials::default()
    };
    build_request(
        &input,
        &RequestOptions {
            betas,
            ..RequestOptions::messages(
                BODY,
                &creds,
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_768_478_400),
            )
        },
    )
    .expect("builds")
    .request
}

/// Every value of header `name`, in order.
fn values<'a>(r: &'a HttpRequest, name: &'a str) -> Vec<&'a str> {
    r.header_values(name).collect()
}

#[test]
fn a_custom_auth_header_replaces_the_key_or_token_header() {
    let r = build(
        &[
            ("ANTHROPIC_API_KEY", "sk-from-env"),
            ("ANTHROPIC_CUSTOM_HEADERS", "X-Api-Key: sk-custom"),
        ],
        &[],
    );
    assert_eq!(values(&r, "x-api-key"), ["sk-custom"]);
    let r = build(
        &[
            ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
            ("ANTHROPIC_AUTH_TOKEN", "tok-from-env"),
            ("ANTHROPIC_CUSTOM_HEADERS", "Authorization: Bearer custom"),
        ],
        &[],
    );
    assert_eq!(values(&r, "authorization"), ["Bearer custom"]);
}

#[test]
fn custom_headers_replace_base_headers_and_yield_to_body_and_request_headers() {
    let env = [
        ("ANTHROPIC_API_KEY", "k"),
        (
            "ANTHROPIC_CUSTOM_HEADERS",
            "anthropic-version: 2099-01-01\nContent-Type: text/plain\nanthropic-beta: custom-beta\nAccept: */*",
        ),
    ];
    let r = build(&env, &["claude-code-20250219".to_owned()]);
    assert_eq!(values(&r, "anthropic-version"), ["2099-01-01"]);
    assert_eq!(values(&r, "accept"), ["*/*"]);
    assert_eq!(values(&r, "content-type"), ["application/json"]);
    assert_eq!(values(&r, "anthropic-beta"), ["claude-code-20250219"]);
    // With no betas, nothing overrides the custom anthropic-beta.
    let r = build(&env, &[]);
    assert_eq!(values(&r, "anthropic-beta"), ["custom-beta"]);
}

#[test]
fn request_time_credentials_replace_a_custom_authorization() {
    // Vertex: the Google token is set per request, after the custom headers.
    let r = build(
        &[
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
            ("ANTHROPIC_CUSTOM_HEADERS", "Authorization: Bearer custom"),
        ],
        &[],
    );
    assert_eq!(values(&r, "authorization"), ["Bearer ya29.GOOGLE"]);
    // Bedrock: the SigV4 signature is the Authorization; other custom headers are signed.
    let r = build(
        &[
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            (
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ),
            (
                "ANTHROPIC_CUSTOM_HEADERS",
                "Authorization: Bearer custom\nX-Team: t1",
            ),
        ],
        &[],
    );
    let auth = values(&r, "authorization");
    assert_eq!(auth.len(), 1, "{auth:?}");
    assert!(auth[0].starts_with("AWS4-HMAC-SHA256 "), "{auth:?}");
    assert!(auth[0].contains("x-team"), "{auth:?}");
}

fn body(r: &HttpRequest) -> serde_json::Value {
    serde_json::from_slice(&r.body).expect("a JSON body")
}

#[test]
fn extra_body_is_merged_on_every_provider_unless_experimental_betas_are_off() {
    let extra = r#"{"top_k": 5, "anthropic_beta": ["extra-beta-2025-01-01"]}"#;
    // First party: a body field like any other (Bedrock's own list is covered by the captures).
    let r = build(
        &[
            ("ANTHROPIC_API_KEY", "k"),
            ("CLAUDE_CODE_EXTRA_BODY", extra),
        ],
        &[],
    );
    let b = body(&r);
    assert_eq!(b["top_k"], 5);
    assert_eq!(
        b["anthropic_beta"],
        serde_json::json!(["extra-beta-2025-01-01"])
    );
    // Disabled experimental betas: no extra fields, and resolution says why.
    let env = [
        ("ANTHROPIC_API_KEY", "k"),
        ("CLAUDE_CODE_EXTRA_BODY", extra),
        ("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS", "1"),
    ];
    let b = body(&build(&env, &[]));
    assert!(
        b.get("top_k").is_none() && b.get("anthropic_beta").is_none(),
        "{b}"
    );
    let mut input = ConfigInput::default();
    for (k, v) in env {
        input.process_env.insert(k.into(), v.into());
    }
    let r = claude_provider_core::resolve(&input);
    assert!(
        r.problems
            .iter()
            .any(|p| p.code == claude_provider_core::Code::ExtraBodyInvalid
                && p.env_var.as_deref() == Some("CLAUDE_CODE_EXTRA_BODY")
                && p.message.contains("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS")),
        "{:?}",
        r.problems
    );
}

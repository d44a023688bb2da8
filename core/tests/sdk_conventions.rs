//! Request details that follow an official SDK (`sdk_conventions`, `sdk_family`) or a provider
//! API rather than Claude Code. The full SDK vectors run in `conformance sdk`.

use base64::Engine as _;
use claude_provider_core::{
    build_request, ConfigInput, Credentials, HttpRequest, RequestKind, RequestOptions, SdkFamily,
    Secret, WireVersion,
};
use serde_json::Value;

const BODY: &[u8] =
    br#"{"model":"claude-sonnet-4-5@20250929","max_tokens":64,"messages":[{"role":"user","content":"Hello, Claude"}]}"#;

fn build(
    vars: &[(&str, &str)],
    kind: RequestKind,
    sdk_conventions: bool,
    sdk_family: SdkFamily,
) -> HttpRequest {
    let mut input = ConfigInput::default();
    for (k, v) in vars {
        input.process_env.insert((*k).into(), (*v).into());
    }
    let creds = Credentials {
        google_access_token: Some(Secret::new("ya29.FAKE-ACCESS-TOKEN")),
        ..Credentials::default()
    };
    build_request(
        &input,
        &RequestOptions {
            kind,
            stream: false,
            body: BODY,
            betas: &[],
            wire: WireVersion::V2023_06_01,
            sdk_conventions,
            sdk_family,
            now: std::time::UNIX_EPOCH,
            credentials: &creds,
            signer: claude_provider_core::sigv4::Signer::DEFAULT,
        },
    )
    .expect("builds")
    .request
}

const VERTEX: &[(&str, &str)] = &[
    ("CLAUDE_CODE_USE_VERTEX", "1"),
    ("CLOUD_ML_REGION", "us-east5"),
    ("ANTHROPIC_VERTEX_PROJECT_ID", "fake-project"),
];

#[test]
fn python_sdk_drops_the_version_header_on_vertex() {
    let m = RequestKind::Messages;
    let py = build(VERTEX, m, true, SdkFamily::Python);
    assert_eq!(py.header("anthropic-version"), None);
    let body: Value = serde_json::from_slice(&py.body).unwrap();
    assert_eq!(body["anthropic_version"], "vertex-2023-10-16");
    // TypeScript 0.x keeps it, and so does Claude Code whatever the family says.
    let ts = build(VERTEX, m, true, SdkFamily::TypeScript);
    assert_eq!(ts.header("anthropic-version"), Some("2023-06-01"));
    let cc = build(VERTEX, m, false, SdkFamily::Python);
    assert_eq!(cc.header("anthropic-version"), Some("2023-06-01"));
}

#[test]
fn python_sdk_sends_a_foundry_key_as_x_api_key_and_api_key() {
    let vars = [
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "fake-resource"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "FAKE-FOUNDRY-KEY"),
    ];
    let m = RequestKind::Messages;
    let py = build(&vars, m, true, SdkFamily::Python);
    assert_eq!(py.header("x-api-key"), Some("FAKE-FOUNDRY-KEY"));
    assert_eq!(py.header("api-key"), Some("FAKE-FOUNDRY-KEY"));
    assert!(py
        .headers
        .iter()
        .all(|h| !h.name.ends_with("api-key") || h.secret));
    for (conv, fam) in [(true, SdkFamily::TypeScript), (false, SdkFamily::Python)] {
        let r = build(&vars, m, conv, fam);
        assert_eq!(r.header("x-api-key"), Some("FAKE-FOUNDRY-KEY"));
        assert_eq!(r.header("api-key"), None);
    }
}

#[test]
fn only_claude_platform_on_aws_sends_the_workspace_header() {
    let aws = build(
        &[
            ("CLAUDE_CODE_USE_ANTHROPIC_AWS", "1"),
            ("AWS_REGION", "us-west-2"),
            ("ANTHROPIC_AWS_WORKSPACE_ID", "wrkspc_FAKE"),
            ("ANTHROPIC_AWS_API_KEY", "FAKE-ANTHROPIC-AWS-KEY"),
        ],
        RequestKind::Messages,
        false,
        SdkFamily::TypeScript,
    );
    assert_eq!(aws.header("anthropic-workspace-id"), Some("wrkspc_FAKE"));
    let gcp = build(
        &[
            ("CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", "1"),
            ("ANTHROPIC_GOOGLE_CLOUD_PROJECT", "fake-project"),
            ("ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID", "wrkspc_FAKE"),
        ],
        RequestKind::Messages,
        false,
        SdkFamily::TypeScript,
    );
    assert_eq!(gcp.header("anthropic-workspace-id"), None);
    assert!(gcp.url.ends_with(
        "/v1/projects/fake-project/locations/global/workspaces/wrkspc_FAKE/invoke/v1/messages"
    ));
}

#[test]
fn bedrock_count_tokens_wraps_an_invoke_model_body_with_max_tokens() {
    let vars = [
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_BEARER_TOKEN_BEDROCK", "ABSKFAKEBEDROCKAPIKEY"),
    ];
    let count_body = br#"{"model":"anthropic.claude-sonnet-4-5-20250929-v1:0","messages":[{"role":"user","content":"Hello, Claude"}]}"#;
    let mut input = ConfigInput::default();
    for (k, v) in vars {
        input.process_env.insert(k.into(), v.into());
    }
    let creds = Credentials::default();
    let r = build_request(
        &input,
        &RequestOptions {
            kind: RequestKind::CountTokens,
            stream: false,
            body: count_body,
            betas: &[],
            wire: WireVersion::V2023_06_01,
            sdk_conventions: false,
            sdk_family: SdkFamily::TypeScript,
            now: std::time::UNIX_EPOCH,
            credentials: &creds,
            signer: claude_provider_core::sigv4::Signer::DEFAULT,
        },
    )
    .unwrap()
    .request;
    assert!(r
        .url
        .ends_with("/model/anthropic.claude-sonnet-4-5-20250929-v1:0/count-tokens"));
    let outer: Value = serde_json::from_slice(&r.body).unwrap();
    let inner = base64::engine::general_purpose::STANDARD
        .decode(outer["input"]["invokeModel"]["body"].as_str().unwrap())
        .unwrap();
    let inner: Value = serde_json::from_slice(&inner).unwrap();
    assert_eq!(inner["anthropic_version"], "bedrock-2023-05-31");
    assert!(inner["max_tokens"].as_u64().is_some_and(|n| n > 0));
    assert!(inner.get("model").is_none());
}

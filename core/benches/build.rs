//! `cargo bench --bench build`: building and signing a 50 KB Bedrock streaming request, next to
//! `aws-sigv4` signing the same request alone and SHA-256 of the body alone (the floor).
//! Targets: build+sign within 1.3× of `aws-sigv4` alone and within 1.6× of the SHA-256 floor.

use aws_credential_types::Credentials as AwsCreds;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use claude_provider_core::request::{build_request, RequestKind, RequestOptions, WireVersion};
use claude_provider_core::{ConfigInput, Credentials};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use sha2::{Digest, Sha256};
use std::time::{Duration, UNIX_EPOCH};

/// A ~50 KB Messages body: a system prompt, tools and a long conversation, partly non-ASCII.
pub fn body_50k() -> Vec<u8> {
    let mut messages = Vec::new();
    let mut n = 0;
    while serde_json::to_vec(&messages).unwrap().len() < 46_000 {
        let text = format!("Turn {n}: please refactor the function below and explain the change — größer, schneller, 更快. {}", "fn main() { println!(\"hello\"); } ".repeat(8));
        messages.push(serde_json::json!({"role": if n % 2 == 0 { "user" } else { "assistant" }, "content": [{"type": "text", "text": text}]}));
        n += 1;
    }
    if messages.len() % 2 == 0 {
        messages.push(serde_json::json!({"role": "user", "content": "continue"}));
    }
    serde_json::to_vec(&serde_json::json!({
        "system": [{"type": "text", "text": "You are Claude Code, Anthropic's official CLI for Claude."}],
        "tools": [{"name": "Bash", "description": "Run a shell command", "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}}}],
        "messages": messages,
        "thinking": {"type": "adaptive"},
        "metadata": {"user_id": "bench"}
    }))
    .unwrap()
}

pub fn bedrock_input() -> ConfigInput {
    let mut i = ConfigInput::default();
    for (k, v) in [
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        (
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ),
        ("AWS_SESSION_TOKEN", "FAKE-SESSION-TOKEN"),
    ] {
        i.process_env.insert(k.into(), v.into());
    }
    i
}

fn bench(c: &mut Criterion) {
    let body = body_50k();
    let input = bedrock_input();
    let creds = Credentials::default();
    let betas = vec![
        "claude-code-20250219".to_owned(),
        "interleaved-thinking-2025-05-14".to_owned(),
        "effort-2025-11-24".to_owned(),
    ];
    let now = UNIX_EPOCH + Duration::from_secs(1_768_478_400);
    let opts = RequestOptions {
        kind: RequestKind::Messages,
        stream: true,
        body: &body,
        betas: &betas,
        wire: WireVersion::V2023_06_01,
        sdk_conventions: false,
        sdk_family: Default::default(),
        now,
        credentials: &creds,
    };
    let built = build_request(&input, &opts).expect("the bench request builds");
    let url = built.request.url.clone();
    let out_body = built.request.body.clone();
    let plain_headers: Vec<(String, String)> = built
        .request
        .headers
        .iter()
        .filter(|h| !h.name.starts_with("x-amz") && h.name != "authorization")
        .map(|h| (h.name.clone(), h.value.clone()))
        .collect();

    let mut g = c.benchmark_group("bedrock-50KB");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("claude-provider: resolve + build + sign", |b| {
        b.iter(|| build_request(black_box(&input), black_box(&opts)).unwrap())
    });
    g.bench_function("aws-sigv4 alone: sign the built request", |b| {
        let identity = AwsCreds::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("FAKE-SESSION-TOKEN".into()),
            None,
            "bench",
        )
        .into();
        b.iter(|| {
            let mut settings = SigningSettings::default();
            settings.payload_checksum_kind =
                aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
            let params = v4::SigningParams::builder()
                .identity(&identity)
                .region("us-east-1")
                .name("bedrock")
                .time(now)
                .settings(settings)
                .build()
                .unwrap()
                .into();
            let req = SignableRequest::new(
                "POST",
                &url,
                plain_headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                SignableBody::Bytes(black_box(&out_body)),
            )
            .unwrap();
            sign(req, &params).unwrap()
        })
    });
    g.bench_function("sha256 of the body alone (floor)", |b| {
        b.iter(|| Sha256::digest(black_box(&out_body)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! SigV4 signing cost for a ~50 KB Bedrock InvokeModel body, with Claude Code's headers:
//! (a) `sigv4::sign` (with the default signer, `aws-sigv4`), (a2) `sigv4::sign_using` with the
//! built-in signer, (b) aws-sigv4 alone on the same request, (c) SHA-256 of the body alone, the
//! floor every signer pays (the payload hash).
//!
//! `cargo bench -p claude-provider-core --bench sign`

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    self, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use claude_provider_core::sigv4::{self, AwsCredentials, SignOptions, SignRequest, Signer};
use claude_provider_core::Secret;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime};

const URL: &str =
    "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream";

/// A Messages body of about 50 KB: a long conversation, as Claude Code sends after a few turns.
fn body() -> Vec<u8> {
    let mut messages = Vec::new();
    let mut i = 0;
    while serde_json::to_vec(&messages).unwrap().len() < 50_000 {
        let role = if i % 2 == 0 { "user" } else { "assistant" };
        let text = format!(
            "Turn {i}: {}",
            "Please look at src/main.rs and explain the error handling. ".repeat(12)
        );
        messages
            .push(serde_json::json!({"role": role, "content": [{"type": "text", "text": text}]}));
        i += 1;
    }
    serde_json::to_vec(&serde_json::json!({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 32000,
        "messages": messages,
        "system": [{"type": "text", "text": "You are Claude Code."}],
    }))
    .unwrap()
}

fn headers() -> Vec<(String, String)> {
    [
        ("Accept", "application/json"),
        ("Content-Type", "application/json"),
        ("Host", "bedrock-runtime.us-east-1.amazonaws.com"),
        ("User-Agent", "claude-cli/2.1.332 (external, sdk-cli)"),
        ("anthropic-version", "2023-06-01"),
        (
            "anthropic-beta",
            "claude-code-20250219,interleaved-thinking-2025-05-14",
        ),
        ("x-app", "cli"),
        (
            "x-claude-code-session-id",
            "a9e03521-bd4d-4235-9424-1165ccca9410",
        ),
        ("X-Stainless-Arch", "x64"),
        ("X-Stainless-Lang", "js"),
        ("X-Stainless-OS", "Linux"),
        ("X-Stainless-Package-Version", "0.128.0"),
        ("X-Stainless-Retry-Count", "0"),
        ("X-Stainless-Runtime", "node"),
        ("X-Stainless-Runtime-Version", "v24.3.0"),
        ("X-Stainless-Timeout", "600"),
    ]
    .iter()
    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
    .collect()
}

fn bench(c: &mut Criterion) {
    let body = body();
    let headers = headers();
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_681_393);
    let creds = AwsCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        session_token: None,
        expires_at: None,
    };
    // (b) is given its identity ready-made, as a client with cached credentials would have it.
    let identity: Identity = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "bench",
    )
    .into();
    let req = SignRequest {
        method: "POST",
        url: URL,
        headers: &headers,
        body: &body,
        service: "bedrock",
        region: "us-east-1",
        time,
        credentials: &creds,
    };

    // Same signature from both, or the comparison means nothing.
    let ours = sigv4::sign(&req).unwrap();
    let direct = |body: &[u8]| {
        let mut settings = SigningSettings::default();
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        settings.percent_encoding_mode = PercentEncodingMode::Double;
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("bedrock")
            .time(time)
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let signable = SignableRequest::new(
            "POST",
            URL,
            headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            SignableBody::Bytes(body),
        )
        .unwrap();
        let (instructions, signature) = http_request::sign(signable, &params).unwrap().into_parts();
        (instructions.into_parts().0, signature)
    };
    assert_eq!(direct(&body).1, ours.signature);
    let builtin = |req: &SignRequest<'_>| {
        sigv4::sign_using(Signer::Builtin, req, &SignOptions::CLAUDE_CODE).unwrap()
    };
    assert_eq!(builtin(&req), ours);

    // The machine is shared: run-to-run drift in load is larger than the differences measured
    // here, so also time the three interleaved, round by round, and compare medians.
    let small = &body[..128];
    // Only under `cargo bench` (not when `cargo test --benches` runs this once as a smoke test).
    let benching = std::env::args().any(|a| a == "--bench");
    let sizes: &[(&str, &[u8])] = if benching {
        &[("50 KB body", &body), ("128 B body (fixed costs)", small)]
    } else {
        &[]
    };
    for &(label, b) in sizes {
        let req = SignRequest { body: b, ..req };
        let [a, a2, d, h] = interleaved([
            &mut || {
                black_box(sigv4::sign(black_box(&req)).unwrap());
            },
            &mut || {
                black_box(builtin(black_box(&req)));
            },
            &mut || {
                black_box(direct(black_box(b)));
            },
            &mut || {
                black_box(Sha256::digest(black_box(b)));
            },
        ]);
        println!(
            "interleaved medians, {label}: (a) sign {a:.2} µs, (a2) sign, built-in signer {a2:.2} µs, (b) aws-sigv4 {d:.2} µs, (c) sha256 {h:.2} µs; a/b = {:.3}, a-b = {:.2} µs, a2-b = {:.2} µs, a2-c = {:.2} µs",
            a / d,
            a - d,
            a2 - d,
            a2 - h
        );
    }

    let mut g = c.benchmark_group(format!("sigv4_{}B_body", body.len()));
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("a_claude_provider_core_sign", |b| {
        b.iter(|| sigv4::sign(black_box(&req)).unwrap())
    });
    g.bench_function("a2_claude_provider_core_sign_builtin", |b| {
        b.iter(|| builtin(black_box(&req)))
    });
    g.bench_function("b_aws_sigv4_direct", |b| {
        b.iter(|| direct(black_box(&body)))
    });
    g.bench_function("c_sha256_body_only", |b| {
        b.iter(|| Sha256::digest(black_box(&body)))
    });
    g.finish();
}

/// Median µs per call of each closure, timed in alternating rounds of equal length.
fn interleaved<const N: usize>(mut fs: [&mut dyn FnMut(); N]) -> [f64; N] {
    const ROUNDS: usize = 60;
    const PER_ROUND: usize = 200;
    let mut samples = vec![Vec::with_capacity(ROUNDS); N];
    for f in fs.iter_mut() {
        for _ in 0..PER_ROUND {
            f();
        }
    }
    for _ in 0..ROUNDS {
        for (i, f) in fs.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..PER_ROUND {
                f();
            }
            samples[i].push(t.elapsed().as_secs_f64() * 1e6 / PER_ROUND as f64);
        }
    }
    std::array::from_fn(|i| {
        let s = &mut samples[i];
        s.sort_by(f64::total_cmp);
        s[ROUNDS / 2]
    })
}

criterion_group!(benches, bench);
criterion_main!(benches);

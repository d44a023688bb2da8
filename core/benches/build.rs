//! `cargo bench --bench build`: building and signing a 50 KB Bedrock streaming request, next to
//! `aws-sigv4` signing the same request alone and SHA-256 of the body alone (the floor).
//! Targets: build+sign within 1.3× of `aws-sigv4` alone and within 1.6× of the SHA-256 floor.
//! "build + sign" starts from a configuration resolved once (`api::Prepared`, what the Node
//! package's `prepare()` and client use); "resolve + build + sign" includes resolving it
//! (`cargo bench --bench resolve` measures that alone). Both sign with `aws-sigv4`, the Rust
//! default; "build + sign (resolved once, built-in signer)" signs the same request with the
//! built-in signer, which the Node and WebAssembly packages use (see `core/src/sigv4/builtin.rs`).

use aws_credential_types::Credentials as AwsCreds;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use claude_provider_core::api::{Prepared, RequestSpec};
use claude_provider_core::request::json_object::TopLevel;
use claude_provider_core::request::{build_request, RequestOptions};
use claude_provider_core::sigv4::Signer;
use claude_provider_core::Credentials;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use sha2::{Digest, Sha256};

#[path = "fixtures/build_input.rs"]
mod fixtures;
use fixtures::{bedrock_input, body_50k};

fn bench(c: &mut Criterion) {
    let body = body_50k();
    let input = bedrock_input();
    let creds = Credentials::default();
    let betas = vec![
        "claude-code-20250219".to_owned(),
        "interleaved-thinking-2025-05-14".to_owned(),
        "effort-2025-11-24".to_owned(),
    ];
    let now = fixtures::now();
    let opts = RequestOptions {
        betas: &betas,
        ..fixtures::stream_options(&body, &creds)
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
    let prepared = Prepared::new(input.clone());
    let spec = RequestSpec {
        betas: betas.clone(),
        ..fixtures::stream_spec()
    };
    let prepared_request = prepared.build(&spec, Some(&body)).unwrap();
    assert_eq!(
        prepared_request, built.request,
        "prepared and one-shot builds agree"
    );
    g.bench_function("claude-provider: build + sign (resolved once)", |b| {
        b.iter(|| {
            prepared
                .build(black_box(&spec), Some(black_box(&body)))
                .unwrap()
        })
    });
    let builtin = Prepared::new(input.clone()).with_signer(Signer::Builtin);
    assert_eq!(
        builtin.build(&spec, Some(&body)).unwrap(),
        built.request,
        "both signers build the same request"
    );
    g.bench_function(
        "claude-provider: build + sign (resolved once, built-in signer)",
        |b| {
            b.iter(|| {
                builtin
                    .build(black_box(&spec), Some(black_box(&body)))
                    .unwrap()
            })
        },
    );
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
    g.bench_function("top-level scan of the body alone", |b| {
        b.iter(|| TopLevel::parse(black_box(&body)).unwrap().members().len())
    });
    g.bench_function("sha256 of the body alone (floor)", |b| {
        b.iter(|| Sha256::digest(black_box(&out_body)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Builds and signs the `build` bench's 50 KB Bedrock request in a loop, for profilers
//! (`valgrind --tool=callgrind target/release/examples/build_loop 200 [prepared]`); with
//! `--no-default-features` it signs with the built-in signer instead of `aws-sigv4`.
#[path = "../benches/fixtures/build_input.rs"]
mod bench;

use claude_provider_core::api::{Prepared, RequestSpec};
use claude_provider_core::request::{build_request, RequestKind, RequestOptions, WireVersion};
use claude_provider_core::Credentials;
use std::time::{Duration, UNIX_EPOCH};

fn main() {
    let body = bench::body_50k();
    let input = bench::bedrock_input();
    let creds = Credentials::default();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    let opts = RequestOptions {
        kind: RequestKind::Messages,
        stream: true,
        body: &body,
        betas: &[],
        wire: WireVersion::V2023_06_01,
        sdk_conventions: false,
        sdk_family: Default::default(),
        now: UNIX_EPOCH + Duration::from_secs(1_768_478_400),
        credentials: &creds,
    };
    let mut bytes = 0usize;
    if std::env::args().nth(2).as_deref() == Some("prepared") {
        // From a configuration resolved once, as the bench's "build + sign (resolved once)".
        let prepared = Prepared::new(input.clone());
        let spec = RequestSpec {
            kind: opts.kind,
            stream: opts.stream,
            body: None,
            betas: Vec::new(),
            wire: opts.wire,
            sdk_conventions: false,
            sdk_family: Default::default(),
            now_ms: 1_768_478_400_000,
            credentials: Credentials::default(),
        };
        for _ in 0..n {
            let req = prepared
                .build(&spec, Some(std::hint::black_box(&body)))
                .expect("builds");
            bytes += req.body.len();
        }
    } else {
        for _ in 0..n {
            let built = build_request(std::hint::black_box(&input), &opts).expect("builds");
            bytes += built.request.body.len();
        }
    }
    println!("{bytes}");
}

//! Builds and signs the `build` bench's 50 KB Bedrock request in a loop, for profilers
//! (`valgrind --tool=callgrind target/release/examples/build_loop 200 [prepared]`); with
//! `--no-default-features` it signs with the built-in signer instead of `aws-sigv4`.
#[path = "../benches/fixtures/build_input.rs"]
mod bench;

use claude_provider_core::api::Prepared;
use claude_provider_core::request::build_request;
use claude_provider_core::Credentials;

fn main() {
    let body = bench::body_50k();
    let input = bench::bedrock_input();
    let creds = Credentials::default();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    let opts = bench::stream_options(&body, &creds);
    let mut bytes = 0usize;
    if std::env::args().nth(2).as_deref() == Some("prepared") {
        // From a configuration resolved once, as the bench's "build + sign (resolved once)".
        let prepared = Prepared::new(input.clone());
        let spec = bench::stream_spec();
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

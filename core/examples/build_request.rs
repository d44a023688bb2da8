//! Reads a `BuildInput` (the JS-facing shape, see `claude_provider_core::api`) as JSON on stdin
//! and prints the `BuildOutput` as JSON, secrets included (it is a test oracle: the browser
//! tests compare the playground's SigV4 signature with this one), or the error as `{"error": …}`.
//!
//! ```text
//! echo '{"processEnv": {...}, "request": {"body": "{...}", "nowMs": 1768478400000}}' |
//!   cargo run --release -q -p claude-provider-core --example build_request
//! ```
use claude_provider_core::api::{self, BuildInput, ErrorInfo};
use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("read stdin");
    let input: BuildInput = serde_json::from_str(&text).expect("a BuildInput as JSON");
    let out = match api::build_request(&input.config, &input.request, None) {
        Ok(out) => serde_json::to_value(&out),
        Err(e) => serde_json::to_value(serde_json::json!({"error": ErrorInfo::from(&e)})),
    }
    .expect("serializable");
    println!("{out}");
}

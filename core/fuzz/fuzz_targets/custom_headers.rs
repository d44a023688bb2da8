#![no_main]
//! `ANTHROPIC_CUSTOM_HEADERS` parsing: never panics on any string.

use claude_provider_core::headers::parse_custom_headers;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    let parsed = parse_custom_headers(raw);
    let _ = parsed.headers.len() + parsed.problems.len();
});

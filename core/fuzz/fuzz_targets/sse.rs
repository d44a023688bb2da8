#![no_main]
//! SSE decoder: arbitrary bytes, cut anywhere, with small limits; the outcome must not
//! depend on the cuts.

use claude_provider_core::stream::{Limits, SseDecoder};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fn run(limits: &Limits, parts: &[&[u8]]) -> common::Outcome {
    let mut d = SseDecoder::new(limits);
    let mut events = Vec::new();
    for p in parts {
        match d.push(p) {
            Ok(e) => events.extend(e),
            Err(e) => return (events, Some(e.code())),
        }
    }
    (events, d.finish().err().map(|e| e.code()))
}

fuzz_target!(|data: &[u8]| {
    let Some((head, body)) = data.split_first_chunk::<8>() else {
        return;
    };
    let seed = u64::from_le_bytes(*head);
    let small = (seed >> 60) & 1 == 1;
    let limits = if small {
        Limits {
            max_line_bytes: 64,
            max_event_bytes: 128,
            ..Limits::default()
        }
    } else {
        Limits::default()
    };
    let whole = run(&limits, &[body]);
    let split = run(&limits, &common::chunks(body, seed));
    assert_eq!(whole, split, "the cuts changed the outcome");
    common::touch(&whole.0);
});

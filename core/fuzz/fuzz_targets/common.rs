//! Shared by the stream targets: cut points and split-invariance.

use claude_provider_core::stream::StreamEvent;
use claude_provider_core::Code;

/// Cuts `data` at offsets drawn from `seed` (0 to 7 cuts).
pub fn chunks(data: &[u8], seed: u64) -> Vec<&[u8]> {
    let n = (seed & 7) as usize;
    let mut cuts: Vec<usize> = (0..n)
        .map(|i| ((seed >> (3 + i * 7)) as usize).wrapping_mul(2_654_435_761) % (data.len() + 1))
        .collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts {
        out.push(&data[start..c]);
        start = c;
    }
    out.push(&data[start..]);
    out
}

pub type Outcome = (Vec<StreamEvent>, Option<Code>);

/// Uses what a consumer would use, so those paths are fuzzed too.
pub fn touch(events: &[StreamEvent]) {
    for e in events {
        let _ = e.delta_text();
        let _ = e.is_terminal();
        let _ = serde_json::to_string(e).expect("events serialize");
        if let Some(err) = &e.error {
            let _ = err.to_error().to_string();
        }
    }
}

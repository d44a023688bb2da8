//! Helpers shared by the stream tests (included with `#[path]`; no tests of its own).
#![allow(dead_code)]

use claude_provider_core::stream::{EventStreamDecoder, SseDecoder, StreamEvent};
use claude_provider_core::Code;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/eventstream");

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_slice(&fixture(name)).expect("fixture JSON")
}

/// What a whole decode gives: the events, then the error that ended it (if any).
pub type Outcome = (Vec<StreamEvent>, Option<Code>);

/// Any of the typed decoders.
pub trait Decoder {
    fn push(&mut self, b: &[u8]) -> Result<Vec<StreamEvent>, claude_provider_core::Error>;
    fn finish(&mut self) -> Result<(), claude_provider_core::Error>;
}

impl Decoder for SseDecoder {
    fn push(&mut self, b: &[u8]) -> Result<Vec<StreamEvent>, claude_provider_core::Error> {
        SseDecoder::push(self, b)
    }
    fn finish(&mut self) -> Result<(), claude_provider_core::Error> {
        SseDecoder::finish(self)
    }
}

impl Decoder for EventStreamDecoder {
    fn push(&mut self, b: &[u8]) -> Result<Vec<StreamEvent>, claude_provider_core::Error> {
        EventStreamDecoder::push(self, b)
    }
    fn finish(&mut self) -> Result<(), claude_provider_core::Error> {
        EventStreamDecoder::finish(self)
    }
}

/// Feeds `chunks` in order, then finishes.
pub fn run<D: Decoder>(mut d: D, chunks: &[&[u8]]) -> Outcome {
    let mut events = Vec::new();
    for c in chunks {
        match d.push(c) {
            Ok(evs) => events.extend(evs),
            Err(e) => return (events, Some(e.code())),
        }
    }
    match d.finish() {
        Ok(()) => (events, None),
        Err(e) => (events, Some(e.code())),
    }
}

/// Feeds a piece of a stream (not a whole response, so without `message_stop`): the events,
/// and the error of a `push` (`finish` would report the missing end).
pub fn run_piece<D: Decoder>(mut d: D, chunks: &[&[u8]]) -> Outcome {
    let mut events = Vec::new();
    for c in chunks {
        match d.push(c) {
            Ok(evs) => events.extend(evs),
            Err(e) => return (events, Some(e.code())),
        }
    }
    (events, None)
}

/// The last event of a complete Anthropic stream.
pub const MESSAGE_STOP: &str = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

/// Cuts `bytes` at the given (unsorted, possibly repeated) offsets.
pub fn split_at<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts {
        out.push(&bytes[start..c]);
        start = c;
    }
    out.push(&bytes[start..]);
    out
}

/// The SSE text the TS Anthropic SDK would print for these events.
pub fn as_sse(events: &[StreamEvent]) -> String {
    events
        .iter()
        .map(|e| format!("event: {}\ndata: {}\n\n", e.kind, e.data))
        .collect()
}

#![no_main]
//! Event-stream decoders: arbitrary bytes, either raw or rebuilt into frames with valid CRCs
//! (so the fuzzer reaches header and payload parsing), cut anywhere; the outcome must not
//! depend on the cuts.

use claude_provider_core::stream::{EventStreamDecoder, FrameDecoder, Limits, Message};
use claude_provider_core::Code;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fn events(limits: &Limits, parts: &[&[u8]]) -> common::Outcome {
    let mut d = EventStreamDecoder::new(limits);
    let mut out = Vec::new();
    for p in parts {
        match d.push(p) {
            Ok(e) => out.extend(e),
            Err(e) => return (out, Some(e.code())),
        }
    }
    (out, d.finish().err().map(|e| e.code()))
}

fn frames(limits: &Limits, parts: &[&[u8]]) -> (Vec<Message>, Option<Code>) {
    let mut d = FrameDecoder::new(limits);
    let mut out = Vec::new();
    for p in parts {
        match d.push(p) {
            Ok(m) => out.extend(m),
            Err(e) => return (out, Some(e.code())),
        }
    }
    (out, d.finish().err().map(|e| e.code()))
}

/// Rebuilds `body` as frames: each piece is `[headers_len u8][headers][payload_len u8][payload]`,
/// wrapped with a correct prelude and CRCs.
fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some((&hl, r)) = rest.split_first() {
        let hl = (hl as usize).min(r.len());
        let (headers, r) = r.split_at(hl);
        let Some((&pl, r)) = r.split_first() else {
            break;
        };
        let pl = (pl as usize * 3).min(r.len());
        let (payload, r) = r.split_at(pl);
        rest = r;
        let total = (16 + headers.len() + payload.len()) as u32;
        let start = out.len();
        out.extend_from_slice(&total.to_be_bytes());
        out.extend_from_slice(&(headers.len() as u32).to_be_bytes());
        let crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
        out.extend_from_slice(headers);
        out.extend_from_slice(payload);
        let crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((head, body)) = data.split_first_chunk::<8>() else {
        return;
    };
    let seed = u64::from_le_bytes(*head);
    let limits = if (seed >> 60) & 1 == 1 {
        Limits {
            max_frame_bytes: 200,
            ..Limits::default()
        }
    } else {
        Limits::default()
    };
    let rebuilt;
    let bytes = if (seed >> 61) & 1 == 1 {
        rebuilt = framed(body);
        &rebuilt[..]
    } else {
        body
    };
    let parts = common::chunks(bytes, seed);
    let whole = events(&limits, &[bytes]);
    assert_eq!(
        whole,
        events(&limits, &parts),
        "the cuts changed the events"
    );
    assert_eq!(
        frames(&limits, &[bytes]),
        frames(&limits, &parts),
        "the cuts changed the frames"
    );
    common::touch(&whole.0);
});

//! `cargo bench --bench stream`: decoder throughput (MB/s) on a realistic Claude response
//! (many small `content_block_delta` events, 150–300 bytes each) and on large events.
//!
//! For each input: event-stream frame decode (CRC, headers, payload; no inner parse), full
//! decode to typed Anthropic events (base64 + JSON), SSE to typed events; and as references,
//! `aws-smithy-eventstream` on the same bytes (frames alone, and + base64 + serde_json as a
//! typical decoder does), and `crc32fast` over the bytes. `…/16k` variants feed 16 KiB chunks
//! (network-sized) instead of the whole body.

use aws_smithy_eventstream::frame::{write_message_to, DecodedFrame, MessageFrameDecoder};
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use base64::Engine as _;
use claude_provider_core::stream::{EventStreamDecoder, FrameDecoder, Limits, SseDecoder};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::time::Duration;

/// Deterministic pseudo-random generator (xorshift), so every run measures the same bytes.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Mostly English prose and code, with the escapes (`"`, `\n`) and the occasional non-ASCII
/// character a real answer has.
const WORDS: &[&str] = &[
    "the",
    "model",
    "returns",
    "a",
    "value",
    "when",
    "called",
    "with",
    "an",
    "argument",
    "and",
    "then",
    "we",
    "check",
    "that",
    "the",
    "result",
    "is",
    "correct.",
    "This",
    "function",
    "parses",
    "stream",
    "events",
    "quickly;",
    "for",
    "example:",
    "`let x = 42;`",
    "\n",
    "fn main() {",
    "}",
    "\"quoted\"",
    "über",
    "日本語",
    "if",
    "err",
    "!= nil {",
    "return",
];

/// The Anthropic events of one response whose deltas carry `text_len` bytes of text each.
fn anthropic_events(deltas: usize, text_len: (usize, usize), seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut ev = vec![
        r#"{"type":"message_start","message":{"id":"msg_bdrk_01BENCH","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1200,"output_tokens":1}}}"#.to_owned(),
        r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#.to_owned(),
    ];
    for _ in 0..deltas {
        let want = text_len.0 + (rng.next() as usize) % (text_len.1 - text_len.0 + 1);
        let mut text = String::new();
        while text.len() < want {
            text.push_str(WORDS[(rng.next() as usize) % WORDS.len()]);
            text.push(' ');
        }
        let delta = serde_json::json!({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":text}});
        ev.push(delta.to_string());
    }
    ev.push(r#"{"type":"content_block_stop","index":0}"#.to_owned());
    ev.push(r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4000}}"#.to_owned());
    ev.push(r#"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":1200,"outputTokenCount":4000,"invocationLatency":9000,"firstByteLatency":400}}"#.to_owned());
    ev
}

fn type_of(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json).unwrap()["type"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn as_sse(events: &[String]) -> Vec<u8> {
    let mut out = String::new();
    for e in events {
        out.push_str(&format!("event: {}\ndata: {e}\n\n", type_of(e)));
    }
    out.into_bytes()
}

/// Bedrock frames as `InvokeModelWithResponseStream` sends them (with its `p` padding).
fn as_event_stream(events: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let b64 = base64::engine::general_purpose::STANDARD.encode(e);
        let pad = &"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"[..(i * 7) % 36];
        let payload = format!(r#"{{"bytes":"{b64}","p":"{pad}"}}"#);
        let m = Message::new(payload.into_bytes())
            .add_header(Header::new(
                ":event-type",
                HeaderValue::String("chunk".into()),
            ))
            .add_header(Header::new(
                ":content-type",
                HeaderValue::String("application/json".into()),
            ))
            .add_header(Header::new(
                ":message-type",
                HeaderValue::String("event".into()),
            ));
        write_message_to(&m, &mut out).unwrap();
    }
    out
}

#[derive(serde::Deserialize)]
struct PayloadPart {
    bytes: String,
}

/// A typical decoder on aws-smithy-eventstream: frames, then `{"bytes"}` JSON, base64, and the
/// Anthropic event parsed with serde_json.
fn smithy_full(bytes: &[u8]) -> usize {
    let mut dec = MessageFrameDecoder::new();
    let mut buf = bytes::Bytes::copy_from_slice(bytes);
    let mut n = 0;
    while let Ok(DecodedFrame::Complete(m)) = dec.decode_frame(&mut buf) {
        let part: PayloadPart = serde_json::from_slice(m.payload()).unwrap();
        let raw = base64::engine::general_purpose::STANDARD
            .decode(part.bytes)
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&raw).unwrap();
        n += usize::from(v.get("type").is_some());
    }
    n
}

fn smithy_frames(bytes: &[u8]) -> usize {
    let mut dec = MessageFrameDecoder::new();
    let mut buf = bytes::Bytes::copy_from_slice(bytes);
    let mut n = 0;
    while let Ok(DecodedFrame::Complete(m)) = dec.decode_frame(&mut buf) {
        n += m.payload().len();
    }
    n
}

fn our_frames(bytes: &[u8], chunk: usize) -> usize {
    let mut d = FrameDecoder::new(&Limits::default());
    let mut n = 0;
    for c in bytes.chunks(chunk) {
        d.push_with(c, |f| {
            n += f.payload().len();
            Ok(())
        })
        .unwrap();
    }
    d.finish().unwrap();
    n
}

fn our_full(
    bytes: &[u8],
    chunk: usize,
    out: &mut Vec<claude_provider_core::stream::StreamEvent>,
) -> usize {
    let mut d = EventStreamDecoder::new(&Limits::default());
    let mut n = 0;
    for c in bytes.chunks(chunk) {
        out.clear();
        d.push_into(c, out).unwrap();
        n += out.len();
    }
    d.finish().unwrap();
    n
}

fn our_sse(
    bytes: &[u8],
    chunk: usize,
    out: &mut Vec<claude_provider_core::stream::StreamEvent>,
) -> usize {
    let mut d = SseDecoder::new(&Limits::default());
    let mut n = 0;
    for c in bytes.chunks(chunk) {
        out.clear();
        d.push_into(c, out).unwrap();
        n += out.len();
    }
    d.finish().unwrap();
    n
}

fn bench_input(c: &mut Criterion, name: &str, events: &[String]) {
    let es = as_event_stream(events);
    let sse = as_sse(events);
    let n = events.len();
    // Sanity: every decoder sees every event.
    let mut out = Vec::new();
    assert_eq!(our_full(&es, es.len(), &mut out), n);
    assert_eq!(our_sse(&sse, sse.len(), &mut out), n);
    assert_eq!(smithy_full(&es), n);
    let sizes: Vec<usize> = events.iter().map(|e| e.len()).collect();
    eprintln!(
        "{name}: {n} events, Anthropic JSON {}..{} bytes (mean {}), SSE {} bytes, event-stream {} bytes",
        sizes.iter().min().unwrap(),
        sizes.iter().max().unwrap(),
        sizes.iter().sum::<usize>() / n,
        sse.len(),
        es.len()
    );
    let whole = usize::MAX;
    let mut g = c.benchmark_group(name);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(2));
    g.sample_size(20);
    g.throughput(Throughput::Bytes(es.len() as u64));
    g.bench_function("event-stream frames (ours)", |b| {
        b.iter(|| our_frames(black_box(&es), whole))
    });
    g.bench_function("event-stream frames (ours, 16k)", |b| {
        b.iter(|| our_frames(black_box(&es), 16 * 1024))
    });
    g.bench_function("event-stream frames (aws-smithy-eventstream)", |b| {
        b.iter(|| smithy_frames(black_box(&es)))
    });
    g.bench_function("event-stream typed events (ours)", |b| {
        b.iter(|| our_full(black_box(&es), whole, &mut out))
    });
    g.bench_function("event-stream typed events (ours, 16k)", |b| {
        b.iter(|| our_full(black_box(&es), 16 * 1024, &mut out))
    });
    g.bench_function(
        "event-stream typed events (aws-smithy-eventstream+base64+serde_json)",
        |b| b.iter(|| smithy_full(black_box(&es))),
    );
    g.bench_function("crc32fast over the event-stream bytes", |b| {
        b.iter(|| crc32fast::hash(black_box(&es)))
    });
    g.throughput(Throughput::Bytes(sse.len() as u64));
    g.bench_function("SSE typed events (ours)", |b| {
        b.iter(|| our_sse(black_box(&sse), whole, &mut out))
    });
    g.bench_function("SSE typed events (ours, 16k)", |b| {
        b.iter(|| our_sse(black_box(&sse), 16 * 1024, &mut out))
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    // ~4,000 deltas whose Anthropic JSON is 150–300 bytes: a long realistic answer.
    let realistic = anthropic_events(4000, (70, 220), 0x5eed);
    bench_input(c, "realistic", &realistic);
    // 64 large deltas of ~256 KiB (big tool inputs, long thinking blocks).
    let large = anthropic_events(64, (200_000, 320_000), 0xb16);
    bench_input(c, "large", &large);
}

criterion_group!(stream, benches);
criterion_main!(stream);

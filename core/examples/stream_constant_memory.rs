//! Streams 1 GiB of synthetic Bedrock event-stream and 1 GiB of SSE through the decoders in
//! 64 KiB chunks and prints the peak RSS: memory stays constant whatever the stream length.
//!
//! `cargo run --release -p claude-provider-core --example stream_constant_memory [GiB]`
//! (Linux: reads VmHWM/VmRSS from /proc/self/status.) A developer tool, not a CI test.

use base64::Engine as _;
use claude_provider_core::stream::{EventStreamDecoder, Limits, SseDecoder, StreamEvent};
use std::time::Instant;

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .map(|l| l[field.len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".into())
}

/// One Anthropic response: `n` text deltas of ~200 bytes.
fn events(n: usize) -> Vec<String> {
    let mut v = vec![
        r#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#.to_owned(),
        r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#.to_owned(),
    ];
    for i in 0..n {
        let text = format!(
            "chunk {i}: the quick brown fox jumps over the lazy dog, \"twice\" — naïve café 🌍 "
        )
        .repeat(1 + i % 3);
        v.push(serde_json::json!({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":text}}).to_string());
    }
    v.push(r#"{"type":"content_block_stop","index":0}"#.to_owned());
    v.push(r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}"#.to_owned());
    v.push(r#"{"type":"message_stop"}"#.to_owned());
    v
}

fn frame(payload: &[u8]) -> Vec<u8> {
    let mut headers = Vec::new();
    for (k, v) in [
        (":event-type", "chunk"),
        (":content-type", "application/json"),
        (":message-type", "event"),
    ] {
        headers.push(k.len() as u8);
        headers.extend_from_slice(k.as_bytes());
        headers.push(7);
        headers.extend_from_slice(&(v.len() as u16).to_be_bytes());
        headers.extend_from_slice(v.as_bytes());
    }
    let total = (16 + headers.len() + payload.len()) as u32;
    let mut out = total.to_be_bytes().to_vec();
    out.extend_from_slice(&(headers.len() as u32).to_be_bytes());
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    out.extend_from_slice(&headers);
    out.extend_from_slice(payload);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

fn run(name: &str, unit: &[u8], total: u64, mut push: impl FnMut(&[u8], &mut Vec<StreamEvent>)) {
    const CHUNK: usize = 64 * 1024;
    let start = Instant::now();
    let (mut fed, mut events, mut out) = (0u64, 0u64, Vec::new());
    // The stream is `unit` repeated; chunks straddle unit boundaries like network reads do.
    let mut pos = 0;
    let mut chunk = Vec::with_capacity(CHUNK);
    while fed < total {
        chunk.clear();
        while chunk.len() < CHUNK {
            let n = (CHUNK - chunk.len()).min(unit.len() - pos);
            chunk.extend_from_slice(&unit[pos..pos + n]);
            pos = (pos + n) % unit.len();
        }
        push(&chunk, &mut out);
        events += out.len() as u64;
        out.clear();
        fed += chunk.len() as u64;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name}: {:.2} GiB, {events} events in {secs:.1} s ({:.0} MB/s); VmRSS {}, peak VmHWM {}",
        fed as f64 / (1u64 << 30) as f64,
        fed as f64 / secs / 1e6,
        status("VmRSS:"),
        status("VmHWM:")
    );
}

fn main() {
    let gib: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1.0);
    let total = (gib * (1u64 << 30) as f64) as u64;
    let evs = events(2000);
    let mut es = Vec::new();
    let mut sse = Vec::new();
    for e in &evs {
        let b64 = base64::engine::general_purpose::STANDARD.encode(e);
        es.extend(frame(format!(r#"{{"bytes":"{b64}"}}"#).as_bytes()));
        let ty = serde_json::from_str::<serde_json::Value>(e).unwrap()["type"]
            .as_str()
            .unwrap()
            .to_owned();
        sse.extend_from_slice(format!("event: {ty}\ndata: {e}\n\n").as_bytes());
    }
    println!(
        "input units: event-stream {} bytes, SSE {} bytes (repeated to {gib} GiB each); before decoding: VmRSS {}, VmHWM {}",
        es.len(),
        sse.len(),
        status("VmRSS:"),
        status("VmHWM:")
    );
    let limits = Limits::default();
    let mut d = EventStreamDecoder::new(&limits);
    run("event-stream", &es, total, |c, out| {
        d.push_into(c, out).expect("valid stream")
    });
    let mut d = SseDecoder::new(&limits);
    run("sse", &sse, total, |c, out| {
        d.push_into(c, out).expect("valid stream")
    });
}

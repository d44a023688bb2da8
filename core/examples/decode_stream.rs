//! Decodes a response body from stdin the way a binding does: `decode_stream PROVIDER
//! [CONTENT-TYPE] [CHUNK]` pushes the body in CHUNK-byte slices (default: all at once) and prints
//! `{"format": …, "events": [...], "error": {code, message, help, envVar?} | null}` as JSON. A
//! test oracle for the bindings' `createStreamDecoder`.
use claude_provider_core::api::ErrorInfo;
use claude_provider_core::stream::{DecoderOptions, StreamDecoder};
use claude_provider_core::ProviderId;
use serde_json::json;
use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let provider = ProviderId::parse(args.first().map_or("anthropic", String::as_str))
        .expect("a provider id (anthropic, bedrock, vertex, …)");
    let content_type = args.get(1).filter(|s| !s.is_empty()).map(String::as_str);
    let chunk: usize = args
        .get(2)
        .map_or(usize::MAX, |s| s.parse().expect("a chunk size"));
    let mut body = Vec::new();
    std::io::stdin().read_to_end(&mut body).expect("read stdin");
    let out = match StreamDecoder::new(provider, content_type, &DecoderOptions::default()) {
        Err(e) => json!({"format": null, "events": [], "error": ErrorInfo::from(&e)}),
        Ok(mut d) => {
            let mut events = Vec::new();
            let mut error = None;
            for piece in body.chunks(chunk.max(1)) {
                match d.push(piece) {
                    Ok(ev) => events.extend(ev),
                    Err(e) => {
                        error = Some(ErrorInfo::from(&e));
                        break;
                    }
                }
            }
            if error.is_none() {
                error = d.finish().err().map(|e| ErrorInfo::from(&e));
            }
            json!({"format": d.format(), "events": events, "error": error})
        }
    };
    println!("{out}");
}

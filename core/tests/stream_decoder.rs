//! The unified decoder: format from provider + Content-Type, Claude Code's Bedrock guard.

#[path = "stream_util.rs"]
mod util;

use claude_provider_core::stream::{stream_format, DecoderOptions, StreamDecoder, StreamFormat};
use claude_provider_core::{Code, ProviderId};
use util::*;

/// Claude Code 2.1.332's output (`API Error: …`) for a Bedrock gateway answering SSE.
const CLAUDE_CODE_GUARD: &str = "Bedrock streaming response has content-type \"text/event-stream\"; expected \"application/vnd.amazon.eventstream\". A gateway or proxy between Claude Code and Bedrock is likely transforming the response body \u{2014} Bedrock's binary event-stream format must be passed through unmodified. Set CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD=1 to suppress this check while the gateway is being fixed.";

fn decode_all(d: &mut StreamDecoder, bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    d.push_into(bytes, &mut out).unwrap();
    d.finish().unwrap();
    out.iter().map(|e| e.kind.to_string()).collect()
}

#[test]
fn bedrock_answering_sse_is_refused_like_claude_code() {
    let opts = DecoderOptions::default();
    let e = StreamDecoder::new(ProviderId::Bedrock, Some("text/event-stream"), &opts).unwrap_err();
    assert_eq!(e.code(), Code::StreamContentType);
    assert_eq!(e.message(), CLAUDE_CODE_GUARD);
    assert_eq!(
        e.env_var(),
        Some("CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD")
    );
    let e = stream_format(ProviderId::Bedrock, Some("application/json"), &opts).unwrap_err();
    assert!(e
        .message()
        .starts_with("Bedrock streaming response has content-type \"application/json\";"));
    // The guard disabled: SSE from the gateway is decoded (LiteLLM adds a ping).
    let opts = DecoderOptions {
        disable_bedrock_content_type_guard: true,
        ..DecoderOptions::default()
    };
    let mut d = StreamDecoder::new(
        ProviderId::Bedrock,
        Some("text/event-stream; charset=utf-8"),
        &opts,
    )
    .unwrap();
    assert_eq!(d.format(), StreamFormat::Sse);
    let kinds = decode_all(&mut d, &fixture("sse/litellm-bedrock-invoke-stream.sse"));
    assert_eq!(kinds[0], "ping");
    assert_eq!(kinds.last().unwrap(), "message_stop");
}

#[test]
fn formats_by_provider_and_content_type() {
    let opts = DecoderOptions::default();
    let f = |p, ct| stream_format(p, ct, &opts).map_err(|e| e.code());
    assert_eq!(
        f(
            ProviderId::Bedrock,
            Some("application/vnd.amazon.eventstream")
        ),
        Ok(StreamFormat::EventStream)
    );
    assert_eq!(
        f(
            ProviderId::Bedrock,
            Some("Application/VND.Amazon.EventStream; x=y")
        ),
        Ok(StreamFormat::EventStream)
    );
    assert_eq!(f(ProviderId::Bedrock, None), Ok(StreamFormat::EventStream));
    for p in ProviderId::ALL
        .into_iter()
        .filter(|p| *p != ProviderId::Bedrock)
    {
        assert_eq!(
            f(p, Some("text/event-stream; charset=utf-8")),
            Ok(StreamFormat::Sse),
            "{p}"
        );
        assert_eq!(f(p, None), Ok(StreamFormat::Sse), "{p}");
        for wrong in [
            "application/vnd.amazon.eventstream",
            "application/json",
            "text/html; charset=utf-8",
        ] {
            assert_eq!(
                f(p, Some(wrong)),
                Err(Code::StreamContentType),
                "{p} {wrong}"
            );
        }
    }
    let e = stream_format(ProviderId::Vertex, Some("application/json"), &opts).unwrap_err();
    assert!(
        e.message()
            .starts_with("Google Vertex AI streaming response"),
        "{}",
        e.message()
    );
    // A hostile content type is quoted without control characters.
    let e = stream_format(ProviderId::Bedrock, Some("text/x\r\nInjected: 1"), &opts).unwrap_err();
    assert!(!e.message().contains('\n'));
}

#[test]
fn decodes_each_format() {
    let opts = DecoderOptions::default();
    let mut d = StreamDecoder::new(
        ProviderId::Bedrock,
        Some("application/vnd.amazon.eventstream"),
        &opts,
    )
    .unwrap();
    let es = decode_all(&mut d, &fixture("stream-hello.bin"));
    let mut d =
        StreamDecoder::new(ProviderId::Anthropic, Some("text/event-stream"), &opts).unwrap();
    let sse = decode_all(&mut d, &fixture("sse/litellm-anthropic-stream.sse"));
    assert_eq!(es.len(), 7);
    assert_eq!(sse.iter().filter(|k| *k != "ping").count(), 7);
    let mut d = StreamDecoder::new(ProviderId::Bedrock, None, &opts).unwrap();
    assert!(d.push(&fixture("neg-truncated.bin")).unwrap().is_empty());
    assert_eq!(d.finish().unwrap_err().code(), Code::StreamTruncated);
}

#[test]
fn bytes_pushed_after_finish_are_refused_not_decoded_as_a_second_stream() {
    let opts = DecoderOptions::default();
    for (provider, content_type, body) in [
        (
            ProviderId::Anthropic,
            "text/event-stream",
            fixture("sse/litellm-anthropic-stream.sse"),
        ),
        (
            ProviderId::Bedrock,
            "application/vnd.amazon.eventstream",
            fixture("stream-hello.bin"),
        ),
    ] {
        let mut d = StreamDecoder::new(provider, Some(content_type), &opts).unwrap();
        assert!(!decode_all(&mut d, &body).is_empty());
        let e = d.push(&body).unwrap_err();
        assert_eq!(e.code(), Code::StreamFinished);
        assert!(e.help().contains("new decoder"), "{}", e.help());
        let mut out = Vec::new();
        assert_eq!(
            d.push_into(&body, &mut out).unwrap_err().code(),
            Code::StreamFinished
        );
        assert!(out.is_empty());
        // `finish` again says the same as before.
        assert!(d.finish().is_ok());
    }
}

#[test]
fn options_come_from_js_as_camel_case_json() {
    let o: DecoderOptions = serde_json::from_str(
        r#"{"limits":{"maxLineBytes":1024},"disableBedrockContentTypeGuard":true}"#,
    )
    .unwrap();
    assert!(o.disable_bedrock_content_type_guard);
    assert_eq!(o.limits.max_line_bytes, 1024);
    assert_eq!(
        o.limits.max_frame_bytes,
        16 * 1024 * 1024,
        "unset limits keep their default"
    );
    assert_eq!(
        serde_json::to_value(StreamFormat::EventStream).unwrap(),
        "event-stream"
    );
}

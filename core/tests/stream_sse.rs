//! SSE: WHATWG line rules, Anthropic typing, LiteLLM's streams, limits and errors.

#[path = "stream_util.rs"]
mod util;

use claude_provider_core::stream::{
    BlockType, DeltaType, ErrorKind, EventStreamDecoder, EventType, Limits, SseDecoder,
};
use claude_provider_core::{Code, ProviderId};
use serde_json::Value;
use util::*;

fn sse(text: &str) -> Outcome {
    run(SseDecoder::default(), &[text.as_bytes()])
}

/// A piece of a stream: the events, and an error of `push` (no `finish`).
fn sse_piece(text: &str) -> Outcome {
    run_piece(SseDecoder::default(), &[text.as_bytes()])
}

fn kinds(events: &[claude_provider_core::stream::StreamEvent]) -> Vec<&str> {
    events.iter().map(|e| e.kind.as_str()).collect()
}

#[test]
fn litellm_streams_pass_ping_through() {
    let (events, err) = run(
        SseDecoder::default(),
        &[&fixture("sse/litellm-anthropic-stream.sse")],
    );
    assert_eq!(err, None);
    assert_eq!(
        kinds(&events),
        [
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop"
        ]
    );
    assert_eq!(events[2].kind, EventType::Ping);
    let text: String = events.iter().filter_map(|e| e.delta_text()).collect();
    assert_eq!(text, "Hello!");
    let (events, err) = run(
        SseDecoder::default(),
        &[&fixture("sse/litellm-bedrock-invoke-stream.sse")],
    );
    assert_eq!(err, None);
    assert_eq!(kinds(&events)[..2], ["ping", "message_start"]);
    assert_eq!(events.len(), 8);
}

#[test]
fn sse_and_event_stream_give_the_same_events() {
    // expected.json's `sse` of each chunk = what an Anthropic SSE endpoint would send.
    let expected = fixture_json("expected.json");
    let text: String = expected["frames"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "chunk")
        .map(|f| f["sse"].as_str().unwrap())
        .collect();
    let from_sse = sse(&text);
    let from_es = run(
        EventStreamDecoder::default(),
        &[&fixture("stream-hello.bin")],
    );
    assert_eq!(from_sse, from_es);
    assert_eq!(from_sse.0.len(), 7);
}

#[test]
fn typed_fields() {
    let (e, err) = sse_piece(concat!(
        "event: content_block_start\n",
        "data: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":{}}}\n\n",
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\"}}\n\n",
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"brand_new_delta\"}}\n\n",
    ));
    assert_eq!(err, None);
    assert_eq!(e[0].index, Some(2));
    assert_eq!(e[0].block_type, Some(BlockType::ToolUse));
    assert_eq!(e[1].delta_type, Some(DeltaType::InputJsonDelta));
    assert_eq!(e[1].delta_text().unwrap(), "{\"a\":");
    assert_eq!(
        e[2].delta_type,
        Some(DeltaType::Other("brand_new_delta".into()))
    );
    // Serialized for JS: snake_case, raw data kept as text.
    let v: Value = serde_json::to_value(&e[1]).unwrap();
    assert_eq!(v["type"], "content_block_delta");
    assert_eq!(v["index"], 2);
    assert_eq!(v["delta_type"], "input_json_delta");
    assert_eq!(v["data"].as_str().unwrap(), e[1].data);
    assert!(v.get("block_type").is_none() && v.get("error").is_none());
}

#[test]
fn line_endings_comments_and_fields() {
    let lf = format!("event: ping\ndata: {{\"type\": \"ping\"}}\n\n{MESSAGE_STOP}");
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let mixed = lf.replacen("\n", "\r\n", 1).replacen("}\n\n", "}\r\r\n", 1);
    for t in [&lf, &crlf, &cr, &mixed] {
        let (e, err) = sse(t);
        assert_eq!(
            (kinds(&e), err),
            (vec!["ping", "message_stop"], None),
            "{t:?}"
        );
    }
    // Comments, unknown fields, `id`, `retry`, no space after the colon, BOM.
    let mut d = SseDecoder::default();
    let t = "\u{feff}: keep-alive\nid: 7\nretry: 1500\nfoo: bar\nevent:ping\ndata:{\"type\":\"ping\"}\n\n";
    let e = d.push(format!("{t}{MESSAGE_STOP}").as_bytes()).unwrap();
    d.finish().unwrap();
    assert_eq!(kinds(&e), ["ping", "message_stop"]);
    assert_eq!((d.last_event_id(), d.retry_ms()), ("7", Some(1500)));
    let mut d = SseDecoder::default();
    d.push(b"id: a\0b\nretry: 1x\ndata: {}\n\n").unwrap();
    assert_eq!((d.last_event_id(), d.retry_ms()), ("", None));
    // A BOM later in the stream is content (here: an unknown field name).
    let (e, _) = sse("data: {}\n\n\u{feff}data: {}\n\n");
    assert_eq!(e.len(), 1);
}

#[test]
fn data_lines_join_and_events_without_data_are_not_dispatched() {
    let (e, err) = sse_piece("event: message_start\ndata: {\"type\":\ndata:  \"message_start\"}\n\nevent: ping\n\n: only a comment\n\n");
    assert_eq!(err, None);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].data, "{\"type\":\n \"message_start\"}");
    assert_eq!(e[0].kind, EventType::MessageStart);
    // No `event:` (or `event: message`): the JSON type names the event.
    let (e, _) =
        sse("data: {\"type\":\"message_stop\"}\n\nevent: message\ndata: {\"type\":\"ping\"}\n\n");
    assert_eq!(kinds(&e), ["message_stop", "ping"]);
    // `data` with no value: an event with empty data, passed through.
    let (e, _) = sse("data\n\n");
    assert_eq!((e[0].kind.as_str(), e[0].data.as_str()), ("message", ""));
}

#[test]
fn unknown_events_pass_through_and_known_ones_must_be_json() {
    let (e, err) = sse_piece("event: mystery\ndata: not json \u{fffd}\n\ndata: [DONE]\n\n");
    assert_eq!(err, None);
    assert_eq!(e[0].kind, EventType::Other("mystery".into()));
    assert_eq!(e[0].data, "not json \u{fffd}");
    assert_eq!(e[1].kind.as_str(), "message");
    assert_eq!(e[1].data, "[DONE]");
    // Invalid UTF-8 becomes U+FFFD.
    let (e, _) = run(SseDecoder::default(), &[b"event: x\ndata: a\xffb\n\n"]);
    assert_eq!(e[0].data, "a\u{fffd}b");
    let (e, err) = sse("event: ping\ndata: {}\n\nevent: content_block_delta\ndata: {oops}\n\nevent: ping\ndata: {}\n\n");
    assert_eq!(e.len(), 1, "events before the error are delivered");
    assert_eq!(err, Some(Code::StreamPayloadInvalid));
}

#[test]
fn error_events_carry_the_provider_error() {
    let mut d = SseDecoder::default().with_provider(ProviderId::Anthropic);
    let e = d
        .push(b"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
        .unwrap();
    let info = e[0].error.as_ref().unwrap();
    assert_eq!(
        (
            info.kind,
            info.retryable,
            info.error_type.as_str(),
            info.message.as_str()
        ),
        (
            ErrorKind::Overloaded,
            true,
            "overloaded_error",
            "Overloaded"
        )
    );
    assert_eq!(info.provider, Some(ProviderId::Anthropic));
    assert!(e[0].is_terminal());
    let v = serde_json::to_value(&e[0]).unwrap();
    assert_eq!(v["error"]["kind"], "overloaded");
    // A gateway's plain-text error event still surfaces its message.
    let (e, err) = sse("event: error\ndata: upstream timed out\n\n");
    assert_eq!(err, None);
    let info = e[0].error.as_ref().unwrap();
    assert_eq!(
        (info.message.as_str(), info.kind),
        ("upstream timed out", ErrorKind::Unknown)
    );
    assert_eq!(v["error"]["errorType"], "overloaded_error");
}

#[test]
fn truncated_tails_are_reported() {
    for t in [
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}",
        "event: message_stop\n",
        "\u{feff}data",
    ] {
        let (e, err) = sse(t);
        assert!(e.is_empty());
        assert_eq!(err, Some(Code::StreamTruncated), "{t:?}");
    }
    // Complete events, then whitespace or a comment: complete once `message_stop` came.
    for t in ["", "\n", ": trailing comment", "\r"] {
        assert_eq!(sse(&format!("{MESSAGE_STOP}{t}")).1, None, "{t:?}");
        assert_eq!(sse(&format!("\u{feff}{MESSAGE_STOP}{t}")).1, None, "{t:?}");
    }
}

#[test]
fn a_stream_that_ends_before_message_stop_is_truncated() {
    // A gateway that closes the connection cleanly between two events.
    let cut = concat!(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n",
    );
    let mut d = SseDecoder::default();
    assert_eq!(d.push(cut.as_bytes()).unwrap().len(), 3);
    let e = d.finish().unwrap_err();
    assert_eq!(e.code(), Code::StreamTruncated);
    assert!(
        e.to_string()
            .contains("without `message_stop`, after 3 events"),
        "{e}"
    );
    assert_eq!(d.finish().unwrap_err().code(), Code::StreamTruncated);
    // An empty 200 body, or only comments and pings-without-data: no event at all.
    for t in ["", "\n", ": keep-alive\n\n", "event: ping\n\n", "\u{feff}"] {
        assert_eq!(sse(t), (vec![], Some(Code::StreamTruncated)), "{t:?}");
    }
    // Whole: with message_stop, or ended by the provider's `error` event.
    assert_eq!(sse(&format!("{cut}{MESSAGE_STOP}")).1, None);
    let error = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    assert_eq!(sse(&format!("{cut}{error}")).1, None);
}

#[test]
fn limits() {
    let limits = Limits {
        max_line_bytes: 32,
        max_event_bytes: 40,
        ..Limits::default()
    };
    let long_line = format!("data: {}\n\n", "x".repeat(40));
    assert_eq!(
        run(SseDecoder::new(&limits), &[long_line.as_bytes()]).1,
        Some(Code::StreamTooLarge)
    );
    // Also when the line arrives in pieces and never ends: memory stays bounded.
    let mut d = SseDecoder::new(&limits);
    let mut failed = None;
    for _ in 0..100 {
        if let Err(e) = d.push(b"xxxxxxxx") {
            failed = Some(e.code());
            break;
        }
    }
    assert_eq!(failed, Some(Code::StreamTooLarge));
    // Said as SSE: in this API "event-stream" is AWS's binary format, not this one.
    let e = SseDecoder::new(&limits)
        .push(long_line.as_bytes())
        .unwrap_err();
    assert_eq!(e.message(), "An SSE line is longer than the 32-byte limit.");
    let many = "data: 0123456789\n".repeat(4) + "\n";
    assert_eq!(
        run(SseDecoder::new(&limits), &[many.as_bytes()]).1,
        Some(Code::StreamTooLarge)
    );
    let ok = "data: 0123456789\n".repeat(3) + "\n" + MESSAGE_STOP;
    assert_eq!(run(SseDecoder::new(&limits), &[ok.as_bytes()]).1, None);
}

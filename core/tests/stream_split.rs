//! Splitting a stream anywhere (inside a UTF-8 character, a CRLF, a prelude, a CRC) never
//! changes the events or the final error: every single split point, and random multi-splits.

#[path = "stream_util.rs"]
mod util;

use claude_provider_core::stream::{EventStreamDecoder, FrameDecoder, Message, SseDecoder};
use proptest::prelude::*;
use util::*;

fn event_stream_samples() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        "stream-hello.bin",
        "stream-throttled-midway.bin",
        "neg-bad-prelude-crc.bin",
        "neg-bad-message-crc.bin",
        "neg-payload-bitflip.bin",
        "neg-truncated.bin",
        "neg-total-length-too-small.bin",
        "frames/92-error-internal.bin",
        "frames/93-all-header-types.bin",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    let mut hello_then_bad = fixture("stream-hello.bin");
    hello_then_bad.extend(fixture("neg-bad-message-crc.bin"));
    v.push(hello_then_bad);
    v
}

fn sse_samples() -> Vec<Vec<u8>> {
    let lf = String::from_utf8(fixture("sse/litellm-anthropic-stream.sse")).unwrap();
    let unicode = concat!(
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"wörld 🌍 日本語 ∑\"}}\n\n",
        ": comment with é\n",
        "event: mystery\ndata: line one ü\ndata: line two 🎉\n\n",
        "event: content_block_delta\ndata: {broken\n\n",
        "event: ping\ndata: {}\n\n",
    );
    vec![
        lf.clone().into_bytes(),
        lf.replace('\n', "\r\n").into_bytes(),
        lf.replace('\n', "\r").into_bytes(),
        format!("\u{feff}{}", lf.replace('\n', "\r\n")).into_bytes(),
        fixture("sse/litellm-bedrock-invoke-stream.sse"),
        unicode.replace('\n', "\r\n").into_bytes(),
        unicode.as_bytes().to_vec(),
        b"event: x\r\ndata: a\xf0\x9f\r\n\r\n\xef\xbb".to_vec(),
        lf.as_bytes()[..lf.len() - 3].to_vec(),
    ]
}

fn frames_outcome(chunks: &[&[u8]]) -> (Vec<Message>, Option<claude_provider_core::Code>) {
    let mut d = FrameDecoder::default();
    let mut out = Vec::new();
    for c in chunks {
        match d.push(c) {
            Ok(m) => out.extend(m),
            Err(e) => return (out, Some(e.code())),
        }
    }
    (out, d.finish().err().map(|e| e.code()))
}

#[test]
fn every_single_split_point_gives_identical_events() {
    for s in event_stream_samples() {
        let whole = run(EventStreamDecoder::default(), &[&s]);
        let whole_frames = frames_outcome(&[&s]);
        for i in 0..=s.len() {
            let parts = [&s[..i], &s[i..]];
            assert_eq!(
                run(EventStreamDecoder::default(), &parts),
                whole,
                "split at {i}"
            );
            assert_eq!(frames_outcome(&parts), whole_frames, "split at {i}");
        }
    }
    for s in sse_samples() {
        let whole = run(SseDecoder::default(), &[&s]);
        assert!(!whole.0.is_empty());
        for i in 0..=s.len() {
            assert_eq!(
                run(SseDecoder::default(), &[&s[..i], &s[i..]]),
                whole,
                "split at {i}"
            );
        }
    }
}

#[test]
fn byte_by_byte_gives_identical_events() {
    for s in event_stream_samples() {
        let bytes: Vec<&[u8]> = s.chunks(1).collect();
        assert_eq!(
            run(EventStreamDecoder::default(), &bytes),
            run(EventStreamDecoder::default(), &[&s])
        );
    }
    for s in sse_samples() {
        let bytes: Vec<&[u8]> = s.chunks(1).collect();
        assert_eq!(
            run(SseDecoder::default(), &bytes),
            run(SseDecoder::default(), &[&s])
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_multi_splits_give_identical_events(
        cuts in proptest::collection::vec(any::<usize>(), 0..24),
        which in any::<usize>(),
    ) {
        let es = event_stream_samples();
        let s = &es[which % es.len()];
        let chunks = split_at(s, &cuts);
        prop_assert_eq!(run(EventStreamDecoder::default(), &chunks), run(EventStreamDecoder::default(), &[s]));
        prop_assert_eq!(frames_outcome(&chunks), frames_outcome(&[s]));

        let ss = sse_samples();
        let s = &ss[which % ss.len()];
        let chunks = split_at(s, &cuts);
        prop_assert_eq!(run(SseDecoder::default(), &chunks), run(SseDecoder::default(), &[s]));
    }

    /// Arbitrary bytes: never a panic, and splitting still does not matter.
    #[test]
    fn arbitrary_input_is_split_invariant(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        cuts in proptest::collection::vec(any::<usize>(), 0..8),
    ) {
        let chunks = split_at(&bytes, &cuts);
        prop_assert_eq!(run(SseDecoder::default(), &chunks), run(SseDecoder::default(), &[&bytes]));
        prop_assert_eq!(run(EventStreamDecoder::default(), &chunks), run(EventStreamDecoder::default(), &[&bytes]));
    }
}

//! Sans-I/O decoders for every provider's response stream into one Anthropic event stream.
//!
//! Anthropic, Foundry, Vertex, Mantle and gateways answer a streaming `messages` call with
//! Server-Sent Events ([`SseDecoder`]); Bedrock's `invoke-with-response-stream` answers with AWS
//! event-stream frames whose `chunk` payloads carry the base64 of the same Anthropic event JSON
//! ([`EventStreamDecoder`], built on the generic [`FrameDecoder`]). [`StreamDecoder`] picks the
//! right one from the provider and the response `Content-Type`, and refuses a mismatch the way
//! Claude Code does.
//!
//! Every decoder is incremental: `push(bytes)` takes any slice of the body (split anywhere, even
//! inside a UTF-8 character, a CRLF, a frame prelude or a CRC) and returns the events completed so
//! far; `finish()` reports a truncated tail, and a stream that ended without `message_stop` or
//! an `error` event (empty included) as truncated too. No decoder does I/O, reads the clock or spawns
//! anything, and memory stays bounded by [`Limits`] whatever the input.
//!
//! Errors are [`crate::Error`]s with stable codes (`STREAM_*`). When an error happens after
//! some events of the same `push`, `push` returns those events and the error comes from the next
//! `push` or `finish` (a decoder stays failed once it failed); `push_into` returns it at once.
//! Errors the *provider* reports (an SSE `error` event, a Bedrock exception frame, an HTTP error
//! body) are data: a [`StreamEvent`] of type `error` carrying a [`ProviderErrorInfo`], and
//! [`parse_error_response`] for HTTP error bodies.

mod crc;
mod decoder;
mod event;
mod eventstream;
mod frame;
mod fuse;
mod http_error;
mod http_error_help;
mod http_page;
mod json;
mod retry;
mod sse;

pub use decoder::{stream_format, DecoderOptions, StreamDecoder, StreamFormat};
pub use event::{BlockType, DeltaType, EventType, StreamEvent};
pub use eventstream::EventStreamDecoder;
pub use frame::{
    FrameDecoder, FrameRef, Header, HeaderIter, HeaderRef, HeaderValue, HeaderValueRef, Message,
};
pub use http_error::{parse_error_response, ErrorKind, ProviderErrorInfo};
pub use retry::{parse_http_date, parse_retry_after, RetryHint};
pub use sse::SseDecoder;

use serde::{Deserialize, Serialize};

/// UTF-8 validation (SIMD where the target has it; the hot path of typed decoding).
#[inline]
pub(crate) fn utf8(b: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(b).ok()
}

/// `application/vnd.amazon.eventstream`, Bedrock's streaming content type.
pub const EVENT_STREAM_CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";
/// `text/event-stream`, the SSE content type.
pub const SSE_CONTENT_TYPE: &str = "text/event-stream";

/// Memory bounds. Every decoder errors with `STREAM_TOO_LARGE` before buffering more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Limits {
    /// Largest event-stream message (prelude, headers, payload and CRC). AWS caps messages at
    /// 16 MiB; the default is that.
    #[serde(with = "byte_limit")]
    #[cfg_attr(feature = "ts", ts(as = "Option<u64>", optional))]
    pub max_frame_bytes: usize,
    /// Longest SSE line, terminator excluded.
    #[serde(with = "byte_limit")]
    #[cfg_attr(feature = "ts", ts(as = "Option<u64>", optional))]
    pub max_line_bytes: usize,
    /// Largest SSE event (all its `data` lines together).
    #[serde(with = "byte_limit")]
    #[cfg_attr(feature = "ts", ts(as = "Option<u64>", optional))]
    pub max_event_bytes: usize,
}

/// A limit as given: any whole number of bytes a JS number holds (`Number.MAX_SAFE_INTEGER`
/// for "no limit" included, past `usize` in wasm), saturated to `usize::MAX`; `undefined` or
/// `null` is the default.
mod byte_limit {
    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        crate::de::limit(d, super::DEFAULT_MAX_BYTES)
    }

    pub(super) fn serialize<S: serde::Serializer>(v: &usize, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(*v as u64)
    }
}

/// 16 MiB.
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_frame_bytes: DEFAULT_MAX_BYTES,
            max_line_bytes: DEFAULT_MAX_BYTES,
            max_event_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

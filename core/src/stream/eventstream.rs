//! Bedrock `invoke-with-response-stream`: event-stream messages → Anthropic events.
//!
//! * `:message-type event`, `:event-type chunk`: payload `{"bytes":"<base64>"}` (unknown
//!   members such as Bedrock's `p` padding ignored) → the Anthropic event JSON inside.
//! * `:message-type exception` (`throttlingException`, `modelStreamErrorException`,
//!   `validationException`, `internalServerException`, `serviceUnavailableException`…) and
//!   `:message-type error` (`:error-code`, `:error-message`) → an `error` event shaped like
//!   the official SDKs' (`{"type":"error","error":{"type":"throttlingException","message":…}}`)
//!   carrying a classified [`ProviderErrorInfo`](super::ProviderErrorInfo).
//! * Any other event type passes through as an event of that type with the payload as `data`.

use super::event::{EventType, StreamEvent};
use super::frame::{FrameDecoder, FrameRef};
use super::fuse::{push_vec, Ending, Fuse};
use super::http_error::{from_error_frame, from_exception};
use super::{json, Limits};
use crate::problem::{Code, Error, Problem};
use crate::provider::ProviderId;

/// Decodes standard base64, padded or not (botocore and the SDKs accept both), appending to
/// `out`. SIMD where the CPU has it (`base64-simd`); the `base64` crate's scalar decoder was
/// a third of the typed decode time.
fn decode_b64(src: &[u8], out: &mut Vec<u8>) -> bool {
    let engine = if src.len() % 4 == 0 {
        base64_simd::STANDARD
    } else {
        base64_simd::STANDARD_NO_PAD
    };
    engine.decode_append(src, out).is_ok()
}

/// Scratch capacity kept between chunks (larger is released after use).
const RETAIN_BYTES: usize = 1024 * 1024;

/// Incremental Bedrock event-stream decoder producing typed Anthropic events.
#[derive(Debug, Default)]
pub struct EventStreamDecoder {
    frames: FrameDecoder,
    /// Reused buffer for base64-decoded chunks.
    scratch: Vec<u8>,
    ending: Ending,
    fuse: Fuse,
}

impl EventStreamDecoder {
    pub fn new(limits: &Limits) -> Self {
        Self {
            frames: FrameDecoder::new(limits),
            scratch: Vec::new(),
            ending: Ending::default(),
            fuse: Fuse::default(),
        }
    }

    /// Feeds bytes; appends the events completed to `out`. On error, `out` holds the events
    /// decoded before it.
    pub fn push_into(&mut self, input: &[u8], out: &mut Vec<StreamEvent>) -> Result<(), Error> {
        self.fuse.check()?;
        let (scratch, ending) = (&mut self.scratch, &mut self.ending);
        let r = self.frames.push_with(input, |f| {
            let event = frame_to_event(f, scratch)?;
            ending.note(&event);
            out.push(event);
            Ok(())
        });
        self.fuse.record(r)
    }

    /// Feeds bytes; returns the events completed. An error after some events is returned by
    /// the next call.
    pub fn push(&mut self, input: &[u8]) -> Result<Vec<StreamEvent>, Error> {
        push_vec(|out| self.push_into(input, out))
    }

    /// Ends the stream: `STREAM_TRUNCATED` if it stopped inside a message, or without
    /// `message_stop` (or an error), including an empty one.
    pub fn finish(&mut self) -> Result<(), Error> {
        self.fuse.check()?;
        let r = self.frames.finish().and_then(|()| self.ending.check());
        self.fuse.record(r)
    }
}

fn invalid(f: &FrameRef<'_>, code: Code, what: &str) -> Error {
    Problem::error(
        code,
        format!("Event-stream message at byte {}: {what}.", f.offset()),
        "The Bedrock stream is not what InvokeModelWithResponseStream sends: a gateway or proxy may be rewriting it, or the endpoint is not Bedrock.",
    )
    .into()
}

/// One Bedrock message → one typed event.
pub(crate) fn frame_to_event(f: FrameRef<'_>, scratch: &mut Vec<u8>) -> Result<StreamEvent, Error> {
    let (mut message_type, mut event_type, mut exception_type) = (None, None, None);
    let (mut error_code, mut error_message) = (None, None);
    for h in f.headers() {
        let slot = match h.name {
            ":message-type" => &mut message_type,
            ":event-type" => &mut event_type,
            ":exception-type" => &mut exception_type,
            ":error-code" => &mut error_code,
            ":error-message" => &mut error_message,
            _ => continue,
        };
        if slot.is_none() {
            *slot = h.value.as_str();
        }
    }
    match message_type {
        Some("event") => match event_type {
            Some("chunk") => chunk(&f, scratch),
            Some(other) => Ok(passthrough(other, f.payload())),
            None => Err(invalid(
                &f,
                Code::StreamFrameInvalid,
                "event without an :event-type header",
            )),
        },
        Some("exception") => Ok(StreamEvent::from_error(from_exception(
            exception_type.unwrap_or("exception"),
            f.payload(),
        ))),
        Some("error") => Ok(StreamEvent::from_error(from_error_frame(
            error_code.unwrap_or("error"),
            error_message.unwrap_or(""),
        ))),
        Some(other) => Ok(passthrough(other, f.payload())),
        None => Err(invalid(
            &f,
            Code::StreamFrameInvalid,
            "no :message-type string header",
        )),
    }
}

fn passthrough(kind: &str, payload: &[u8]) -> StreamEvent {
    StreamEvent {
        kind: EventType::from_wire(kind),
        index: None,
        delta_type: None,
        block_type: None,
        data: String::from_utf8_lossy(payload).into_owned(),
        error: None,
    }
}

fn chunk(f: &FrameRef<'_>, decoded: &mut Vec<u8>) -> Result<StreamEvent, Error> {
    let fields = json::scan(f.payload(), true).map_err(|e| {
        invalid(
            f,
            Code::StreamPayloadInvalid,
            &format!(
                "chunk payload is not a JSON object ({} at byte {})",
                e.reason, e.at
            ),
        )
    })?;
    let Some(b64) = fields.bytes else {
        return Err(invalid(
            f,
            Code::StreamPayloadInvalid,
            "chunk payload has no \"bytes\" string",
        ));
    };
    decoded.clear();
    let ok = if b64.escaped {
        // `\/` is legal JSON for `/`; rare, so take the slow path.
        b64.value()
            .is_some_and(|v| decode_b64(v.as_bytes(), decoded))
    } else {
        decode_b64(b64.raw, decoded)
    };
    if !ok {
        return Err(invalid(
            f,
            Code::StreamPayloadInvalid,
            "chunk \"bytes\" is not valid base64",
        ));
    }
    let data = super::utf8(decoded).map(str::to_owned).ok_or_else(|| {
        invalid(
            f,
            Code::StreamPayloadInvalid,
            "chunk \"bytes\" does not decode to UTF-8 text",
        )
    })?;
    if decoded.capacity() > RETAIN_BYTES {
        *decoded = Vec::new();
    }
    StreamEvent::from_data(None, data, Some(ProviderId::Bedrock), true).map_err(|e| {
        invalid(
            f,
            Code::StreamPayloadInvalid,
            &format!("chunk event: {}", e.message()),
        )
    })
}

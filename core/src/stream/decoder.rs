//! The unified decoder: SSE or Bedrock event-stream, chosen from the provider and the
//! response `Content-Type`, refusing a mismatch the way Claude Code does.

use super::event::StreamEvent;
use super::eventstream::EventStreamDecoder;
use super::sse::SseDecoder;
use super::{Limits, EVENT_STREAM_CONTENT_TYPE, SSE_CONTENT_TYPE};
use crate::problem::{Code, Error, Problem};
use crate::provider::ProviderId;
use serde::{Deserialize, Serialize};

/// The wire format of a response stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum StreamFormat {
    /// `text/event-stream`.
    Sse,
    /// `application/vnd.amazon.eventstream`.
    EventStream,
}

/// How to decode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct DecoderOptions {
    #[serde(with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Limits>", optional))]
    pub limits: Limits,
    /// `CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD` is truthy: accept SSE from a Bedrock
    /// gateway instead of failing.
    #[serde(with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub disable_bedrock_content_type_guard: bool,
}

/// The media type, lowercased, without parameters (`text/event-stream; charset=utf-8` →
/// `text/event-stream`).
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Picks the format for `provider` given the response `Content-Type` (`None` when absent).
pub fn stream_format(
    provider: ProviderId,
    content_type: Option<&str>,
    options: &DecoderOptions,
) -> Result<StreamFormat, Error> {
    let raw = content_type.unwrap_or("").trim();
    let media = media_type(raw);
    if provider == ProviderId::Bedrock {
        return match media.as_str() {
            "" | EVENT_STREAM_CONTENT_TYPE => Ok(StreamFormat::EventStream),
            SSE_CONTENT_TYPE if options.disable_bedrock_content_type_guard => Ok(StreamFormat::Sse),
            _ if options.disable_bedrock_content_type_guard => Ok(StreamFormat::EventStream),
            _ => Err(Problem::error(
                Code::StreamContentType,
                format!("Bedrock streaming response has content-type \"{}\"; expected \"{EVENT_STREAM_CONTENT_TYPE}\". A gateway or proxy between Claude Code and Bedrock is likely transforming the response body \u{2014} Bedrock's binary event-stream format must be passed through unmodified. Set CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD=1 to suppress this check while the gateway is being fixed.", printable(raw)),
                "Configure the gateway to pass Bedrock's response through unmodified (binary application/vnd.amazon.eventstream), or point ANTHROPIC_BEDROCK_BASE_URL at an endpoint that does. A gateway that deliberately converts to SSE (LiteLLM's /v1/messages route) is an Anthropic-style gateway: use it with ANTHROPIC_BASE_URL instead of CLAUDE_CODE_USE_BEDROCK, or set CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD=1.",
            )
            .with_var("CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD")
            .into()),
        };
    }
    let wrong = |what: &str, help: &str| -> Error {
        Problem::error(
            Code::StreamContentType,
            format!(
                "{} streaming response has content-type \"{}\" ({what}); expected \"{SSE_CONTENT_TYPE}\".",
                provider.display_name(),
                printable(raw)
            ),
            help,
        )
        .into()
    };
    match media.as_str() {
        EVENT_STREAM_CONTENT_TYPE => Err(wrong(
            "Bedrock's binary event-stream",
            "This endpoint speaks the Bedrock Invoke API: use CLAUDE_CODE_USE_BEDROCK=1 with ANTHROPIC_BEDROCK_BASE_URL for it, or point the base URL at an Anthropic-compatible /v1/messages endpoint.",
        )),
        "application/json" => Err(wrong(
            "a single JSON document, not a stream",
            "The endpoint ignored \"stream\": true (or answered an error with status 200): check that the gateway supports streaming /v1/messages.",
        )),
        "text/html" => Err(wrong(
            "an HTML page",
            "Something other than the provider answered (a proxy login page, a wrong base URL): check the base URL and the proxy settings.",
        )),
        _ => Ok(StreamFormat::Sse),
    }
}

/// A content-type value safe to quote in a message (control characters dropped, at most 200
/// characters).
fn printable(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(200).collect()
}

#[derive(Debug)]
enum Inner {
    Sse(SseDecoder),
    EventStream(EventStreamDecoder),
}

/// Decodes any provider's response stream into typed Anthropic events.
#[derive(Debug)]
pub struct StreamDecoder {
    inner: Inner,
    /// `finish()` was called: the stream has ended.
    finished: bool,
}

/// `push` after `finish`: the bytes would be decoded as a second stream, after the first one's
/// end was already reported.
fn finished_error() -> Error {
    Problem::error(
        Code::StreamFinished,
        "Bytes were pushed after finish(): this decoder's stream has ended, so they are not decoded.",
        "Create a new decoder (createStreamDecoder) for each response body.",
    )
    .into()
}

impl StreamDecoder {
    /// A decoder for `provider`'s response with this `Content-Type`; fails with
    /// `STREAM_CONTENT_TYPE` when they disagree.
    pub fn new(
        provider: ProviderId,
        content_type: Option<&str>,
        options: &DecoderOptions,
    ) -> Result<Self, Error> {
        let format = stream_format(provider, content_type, options)?;
        Ok(Self::with_format(provider, format, &options.limits))
    }

    /// A decoder for a known format (no content-type check).
    pub fn with_format(provider: ProviderId, format: StreamFormat, limits: &Limits) -> Self {
        let inner = match format {
            StreamFormat::Sse => Inner::Sse(SseDecoder::new(limits).with_provider(provider)),
            StreamFormat::EventStream => Inner::EventStream(EventStreamDecoder::new(limits)),
        };
        Self {
            inner,
            finished: false,
        }
    }

    pub fn format(&self) -> StreamFormat {
        match self.inner {
            Inner::Sse(_) => StreamFormat::Sse,
            Inner::EventStream(_) => StreamFormat::EventStream,
        }
    }

    /// Feeds bytes; appends the events completed to `out`.
    pub fn push_into(&mut self, input: &[u8], out: &mut Vec<StreamEvent>) -> Result<(), Error> {
        if self.finished {
            return Err(finished_error());
        }
        match &mut self.inner {
            Inner::Sse(d) => d.push_into(input, out),
            Inner::EventStream(d) => d.push_into(input, out),
        }
    }

    /// Feeds bytes; returns the events completed (an error after some events comes from the
    /// next call).
    pub fn push(&mut self, input: &[u8]) -> Result<Vec<StreamEvent>, Error> {
        if self.finished {
            return Err(finished_error());
        }
        match &mut self.inner {
            Inner::Sse(d) => d.push(input),
            Inner::EventStream(d) => d.push(input),
        }
    }

    /// Ends the stream: `STREAM_TRUNCATED` for an incomplete tail, or a stream that ended
    /// without `message_stop` or an `error` event. A later `push` is `STREAM_FINISHED`; a
    /// later `finish` says the same again.
    pub fn finish(&mut self) -> Result<(), Error> {
        self.finished = true;
        match &mut self.inner {
            Inner::Sse(d) => d.finish(),
            Inner::EventStream(d) => d.finish(),
        }
    }
}

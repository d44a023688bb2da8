//! The typed Anthropic stream event every decoder produces.
//!
//! Cheap by design: the event keeps the provider's JSON text as it came (`data`) plus the few
//! fields that routing needs (`type`, `index`, `delta_type`, `block_type`), found by a
//! validating scan rather than a full parse. Anything else is parsed on demand
//! ([`StreamEvent::parse`], [`StreamEvent::delta_text`]).

use super::http_error::{self, ProviderErrorInfo};
use super::json::{self, Fields};
use crate::problem::{Code, Error, Problem};
use crate::provider::ProviderId;
use serde::{Serialize, Serializer};
use std::borrow::Cow;

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A type this version does not know, passed through as written.
            Other(Box<str>),
        }

        impl $name {
            /// The wire name, e.g. `content_block_delta`.
            pub fn as_str(&self) -> &str {
                match self { $($name::$variant => $wire,)* $name::Other(s) => s }
            }

            /// From the wire name; unknown names become `Other`.
            pub fn from_wire(s: &str) -> Self {
                match Self::known(s.as_bytes()) { Some(k) => k, None => $name::Other(s.into()) }
            }

            pub(crate) fn known(s: &[u8]) -> Option<Self> {
                $(if s == $wire.as_bytes() { return Some($name::$variant); })* None
            }

            pub(crate) fn from_raw(s: json::RawStr<'_>) -> Option<Self> {
                if !s.escaped {
                    if let Some(k) = Self::known(s.raw) { return Some(k); }
                }
                s.value().map(|v| Self::from_wire(&v))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// TypeScript: the known wire names, or any other string.
        #[cfg(feature = "ts")]
        impl ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                stringify!($name).to_owned()
            }
            fn inline(_: &ts_rs::Config) -> String {
                concat!($("\"", $wire, "\" | ",)* "(string & {})").to_owned()
            }
            fn decl(cfg: &ts_rs::Config) -> String {
                format!("type {} = {};", stringify!($name), <Self as ts_rs::TS>::inline(cfg))
            }
            fn decl_concrete(cfg: &ts_rs::Config) -> String {
                <Self as ts_rs::TS>::decl(cfg)
            }
            fn output_path() -> Option<std::path::PathBuf> {
                Some(std::path::PathBuf::from(concat!(stringify!($name), ".ts")))
            }
        }
    };
}

wire_enum! {
    /// An Anthropic stream event type.
    EventType {
        MessageStart = "message_start",
        ContentBlockStart = "content_block_start",
        ContentBlockDelta = "content_block_delta",
        ContentBlockStop = "content_block_stop",
        MessageDelta = "message_delta",
        MessageStop = "message_stop",
        Ping = "ping",
        Error = "error",
    }
}

wire_enum! {
    /// The `delta.type` of a `content_block_delta`.
    DeltaType {
        TextDelta = "text_delta",
        InputJsonDelta = "input_json_delta",
        ThinkingDelta = "thinking_delta",
        SignatureDelta = "signature_delta",
        CitationsDelta = "citations_delta",
    }
}

wire_enum! {
    /// The `content_block.type` of a `content_block_start`.
    BlockType {
        Text = "text",
        ToolUse = "tool_use",
        Thinking = "thinking",
        RedactedThinking = "redacted_thinking",
        ServerToolUse = "server_tool_use",
        WebSearchToolResult = "web_search_tool_result",
    }
}

impl EventType {
    /// One of the documented Anthropic event types (not `Other`).
    pub fn is_known(&self) -> bool {
        !matches!(self, EventType::Other(_))
    }
}

/// One Anthropic stream event, whatever the provider.
///
/// Serializes as `{"type":"content_block_delta","index":0,"delta_type":"text_delta",
/// "data":"{…the event JSON…}"}` (snake_case like Anthropic's JSON; absent fields omitted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct StreamEvent {
    /// The event type: the SSE `event:` name when there is one, else the JSON `type`.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// `index` (content block events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// `delta.type` (`content_block_delta`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta_type: Option<DeltaType>,
    /// `content_block.type` (`content_block_start`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_type: Option<BlockType>,
    /// The event's JSON text exactly as the provider sent it (for Bedrock, the base64-decoded
    /// chunk; for a Bedrock exception, the Anthropic-shaped error JSON the official SDKs
    /// synthesize). For an unknown SSE event it is the raw `data`, JSON or not.
    pub data: String,
    /// For `error` events: the provider's error, classified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Box<ProviderErrorInfo>>,
}

impl StreamEvent {
    /// Builds a typed event from one event's text. `name` is the SSE `event:` field, if any.
    /// Known event types other than `error` (and, when `strict`, unnamed events) must carry a
    /// JSON object; unknown ones pass through as they are.
    pub(crate) fn from_data(
        name: Option<EventType>,
        data: String,
        provider: Option<ProviderId>,
        strict: bool,
    ) -> Result<Self, Error> {
        let fields = match json::scan(data.as_bytes(), false) {
            Ok(f) => f,
            // An `error` event whose data is not JSON still carries the provider's message.
            Err(e)
                if name
                    .as_ref()
                    .map_or(strict, |n| n.is_known() && *n != EventType::Error) =>
            {
                let what = name.as_ref().map_or("an event", |n| n.as_str());
                return Err(Problem::error(
                    Code::StreamPayloadInvalid,
                    format!(
                        "The data of {what} is not a JSON object ({} at byte {} of {}).",
                        e.reason,
                        e.at,
                        data.len()
                    ),
                    "The stream is not the Anthropic Messages stream it should be: check that the base URL points at an Anthropic-compatible endpoint and that no proxy rewrites the response.",
                )
                .into());
            }
            Err(_) => Fields::default(),
        };
        let kind = match name {
            Some(n) => n,
            None => fields
                .ty
                .and_then(EventType::from_raw)
                .unwrap_or_else(|| EventType::Other("message".into())),
        };
        let error = (kind == EventType::Error)
            .then(|| Box::new(http_error::from_error_event(provider, &data)));
        Ok(Self {
            index: fields.index.and_then(|i| u32::try_from(i).ok()),
            delta_type: fields.delta_type.and_then(DeltaType::from_raw),
            block_type: fields.block_type.and_then(BlockType::from_raw),
            kind,
            data,
            error,
        })
    }

    /// An `error` event with the Anthropic JSON shape, made from a provider error
    /// (how the official SDKs surface Bedrock exception frames).
    pub(crate) fn from_error(info: ProviderErrorInfo) -> Self {
        // Written by hand to keep Anthropic's key order (`type` first), as the SDKs print it.
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let data = format!(
            r#"{{"type":"error","error":{{"type":{},"message":{}}}}}"#,
            q(&info.error_type),
            q(&info.message)
        );
        Self {
            kind: EventType::Error,
            index: None,
            delta_type: None,
            block_type: None,
            data,
            error: Some(Box::new(info)),
        }
    }

    /// Parses `data` into any deserializable type (e.g. `serde_json::Value`).
    pub fn parse<'a, T: serde::Deserialize<'a>>(&'a self) -> serde_json::Result<T> {
        // from_slice, not from_str: one serde_json reader in the .wasm (size)
        serde_json::from_slice(self.data.as_bytes())
    }

    /// The text a `content_block_delta` adds: `text`, `partial_json`, `thinking` or
    /// `signature`, by delta type. Parsed on demand.
    pub fn delta_text(&self) -> Option<Cow<'_, str>> {
        #[derive(serde::Deserialize)]
        struct Ev<'a> {
            #[serde(borrow)]
            delta: Delta<'a>,
        }
        #[derive(serde::Deserialize)]
        struct Delta<'a> {
            #[serde(borrow, default)]
            text: Option<Cow<'a, str>>,
            #[serde(borrow, default)]
            partial_json: Option<Cow<'a, str>>,
            #[serde(borrow, default)]
            thinking: Option<Cow<'a, str>>,
            #[serde(borrow, default)]
            signature: Option<Cow<'a, str>>,
        }
        let d = self.parse::<Ev<'_>>().ok()?.delta;
        match self.delta_type.as_ref()? {
            DeltaType::TextDelta => d.text,
            DeltaType::InputJsonDelta => d.partial_json,
            DeltaType::ThinkingDelta => d.thinking,
            DeltaType::SignatureDelta => d.signature,
            _ => d.text,
        }
    }

    /// `message_stop` or `error`: nothing meaningful follows.
    pub fn is_terminal(&self) -> bool {
        matches!(self.kind, EventType::MessageStop | EventType::Error)
    }
}

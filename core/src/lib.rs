//! # claude-provider-core
//!
//! The pure core of claude-provider: it decides which route to Claude a configuration takes
//! (Anthropic API, a gateway, Amazon Bedrock, Bedrock Mantle, Google Vertex AI, Microsoft
//! Foundry, Claude Platform on AWS or Google Cloud), exactly as Claude Code does; finds every
//! misconfiguration at once; builds the exact request (URL, headers, body, SigV4 signature);
//! and decodes each provider's response stream into Anthropic events.
//!
//! The core does no I/O: the environment, settings files, home files, the clock and any
//! credential are arguments. That is what lets the same code serve Node, the browser and
//! the editor.
//!
//! ```
//! use claude_provider_core::{resolve, ConfigInput, ProviderId};
//! let mut input = ConfigInput::default();
//! input.process_env.insert("CLAUDE_CODE_USE_BEDROCK".into(), "1".into());
//! input.process_env.insert("AWS_REGION".into(), "eu-west-1".into());
//! let r = resolve(&input);
//! assert_eq!(r.provider, ProviderId::Bedrock);
//! assert_eq!(r.endpoint.unwrap().base_url, "https://bedrock-runtime.eu-west-1.amazonaws.com");
//! ```
#![deny(unsafe_code)]

pub mod api;
pub mod auth;
pub mod aws_files;
pub mod env;
mod env_index;
pub mod headers;
pub mod models;
pub mod network;
pub mod problem;
pub mod provider;
pub mod request;
pub mod resolve;
pub mod secret;
pub mod setup;
pub mod sigv4;
pub mod snippets;
pub mod stream;
pub mod validate;
pub mod vars;

pub use auth::{AuthMethod, AuthPlan, CredentialCheck, Credentials};
pub use env::{ConfigInput, HomeFiles, SettingsLayer, SettingsScope, Source, TextFile};
pub use problem::{Code, Error, Problem, Result, Severity};
pub use provider::ProviderId;
pub use request::{
    build_request, Built, Header, HttpRequest, RequestKind, RequestOptions, SdkFamily, WireVersion,
};
pub use resolve::{resolve, Endpoint, Resolution};
pub use secret::Secret;
pub use validate::{validate, ValidateOptions};

/// `s.parse::<T>().ok()` for an unsigned integer type `T`, through the one `u64` parser:
/// the same `Some`/`None` for every input (an optional `+`, ASCII digits, no overflow of
/// `T`), without a parser per type in the .wasm.
pub(crate) fn parse_uint<T: TryFrom<u64>>(s: &str) -> Option<T> {
    T::try_from(s.parse::<u64>().ok()?).ok()
}

#[cfg(test)]
mod parse_uint_tests {
    #[test]
    fn same_as_the_typed_parsers() {
        for s in [
            "",
            "0",
            "+0",
            "-0",
            "+",
            "-",
            "1",
            "+1",
            "-1",
            "007",
            " 1",
            "1 ",
            "255",
            "256",
            "65535",
            "65536",
            "+65536",
            "4294967295",
            "4294967296",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
            "1_0",
            "0x10",
            "1e3",
            "١",
        ] {
            assert_eq!(super::parse_uint::<u8>(s), s.parse::<u8>().ok(), "{s:?}");
            assert_eq!(super::parse_uint::<u16>(s), s.parse::<u16>().ok(), "{s:?}");
            assert_eq!(super::parse_uint::<u32>(s), s.parse::<u32>().ok(), "{s:?}");
            assert_eq!(super::parse_uint::<u64>(s), s.parse::<u64>().ok(), "{s:?}");
        }
    }
}

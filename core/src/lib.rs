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
mod de;
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
pub mod settings_syntax;
pub mod setup;
pub mod sigv4;
pub mod snippets;
pub mod stream;
mod uint;
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

/// The README's Rust example, compiled and run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExample;

//! The Node-API binding of `claude-provider-core`. Each function converts the JS value to the
//! core's serde type, calls one function of `core::api`, and converts the result back (or the
//! core's error to a JS error carrying `.code`, `.help`, `.envVar`, `.file`). No decision about
//! provider behaviour is made here; the types are declared in `bindings-types/index.d.ts`.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod error;

use claude_provider_core::api::{self, BuildInput, ValidateInput};
use claude_provider_core::request::RequestFormat;
use claude_provider_core::setup::SetupInput;
use claude_provider_core::{stream, ConfigInput, HttpRequest, ProviderId};
use napi::bindgen_prelude::{Array, BufferSlice, Either, Uint8ArraySlice};
use napi::{Env, Result, Unknown};
use napi_derive::napi;

/// A JS argument as a core type; the error never quotes the value (it may be a secret).
fn from_js<T: serde::de::DeserializeOwned>(env: &Env, v: Unknown<'_>) -> Result<T> {
    env.from_js_value(v)
        .map_err(|e| napi::Error::new(e.status, api::conversion_error_text(&e.reason)))
}

/// Offline resolution: provider, region, endpoint, models, auth, network, sources, problems.
#[napi(ts_args_type = "input: ConfigInput", ts_return_type = "Resolution")]
pub fn resolve<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input)?;
    env.to_js_value(&api::resolve(&input))
}

/// Resolution plus the checks that need runtime facts (credentials found?) and near-miss names.
#[napi(ts_args_type = "input: ValidateInput", ts_return_type = "Resolution")]
pub fn validate<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: ValidateInput = from_js(env, input)?;
    env.to_js_value(&api::validate(&input))
}

/// The environment after the settings `env` blocks are applied (what Claude Code's process,
/// its helper commands and its SDKs see). Holds secrets.
#[napi(
    ts_args_type = "input: ConfigInput",
    ts_return_type = "Record<string, string>"
)]
pub fn effective_env<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input)?;
    env.to_js_value(&api::effective_env(&input))
}

/// What to set to use a provider: variables, the other selectors to clear, container mounts.
#[napi(ts_args_type = "input: SetupInput", ts_return_type = "ProviderSetup")]
pub fn provider_setup<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: SetupInput = from_js(env, input)?;
    env.to_js_value(&api::provider_setup(&input))
}

/// The request with secret header values redacted, for showing it to a person.
#[napi(ts_args_type = "request: HttpRequest", ts_return_type = "HttpRequest")]
pub fn redact_request<'env>(env: &'env Env, request: Unknown<'env>) -> Result<Unknown<'env>> {
    let request: HttpRequest = from_js(env, request)?;
    env.to_js_value(&api::redact_request(&request))
}

/// Is this variable's value a secret (never printed)?
#[napi]
pub fn is_secret_var(name: String) -> bool {
    api::is_secret_var(&name)
}

/// The value of variable (or settings/INI key) `name` as it may be shared: secrets become
/// `<redacted>`, passwords in URLs are masked, other values are unchanged.
#[napi]
pub fn shareable_value(name: String, value: String) -> String {
    api::shareable_value(&name, &value)
}

/// The proxy a request to `url` goes through (real URL and `Proxy-Authorization`), or `null`
/// for a direct connection. Holds secrets.
#[napi(
    ts_args_type = "input: ConfigInput, url: string",
    ts_return_type = "ProxyRoute | null"
)]
pub fn proxy_route<'env>(
    env: &'env Env,
    input: Unknown<'env>,
    url: String,
) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input)?;
    env.to_js_value(&api::proxy_route(&input, &url))
}

/// An HTTP error response of `provider`, classified (kind, retryable, retry-after, the fix).
#[napi(
    ts_args_type = "provider: ProviderId, status: number, headers: [string, string][], body: Uint8Array | string",
    ts_return_type = "ParsedError"
)]
pub fn parse_error_response<'env>(
    env: &'env Env,
    provider: Unknown<'env>,
    status: u32,
    headers: Vec<(String, String)>,
    body: Either<String, Uint8ArraySlice<'env>>,
) -> Result<Unknown<'env>> {
    let provider: ProviderId = from_js(env, provider)?;
    let status = u16::try_from(status).unwrap_or(u16::MAX);
    let body: &[u8] = match &body {
        Either::A(s) => s.as_bytes(),
        Either::B(b) => b,
    };
    env.to_js_value(&api::parse_error_response(provider, status, &headers, body))
}

/// A decoder of one provider's response stream into Anthropic events: `push(bytes)` returns
/// the events completed so far, `finish()` reports a truncated stream.
#[napi]
pub struct StreamDecoder {
    inner: stream::StreamDecoder,
}

/// The stream decoder for `provider` and the response `Content-Type` (a mismatch, such as
/// SSE from Bedrock, throws `STREAM_CONTENT_TYPE` with the fix).
#[napi(
    ts_args_type = "provider: ProviderId, contentType?: string | null, options?: DecoderOptions"
)]
pub fn create_stream_decoder<'env>(
    env: &'env Env,
    provider: Unknown<'env>,
    content_type: Option<String>,
    options: Option<Unknown<'env>>,
) -> Result<StreamDecoder> {
    let provider: ProviderId = from_js(env, provider)?;
    let options: stream::DecoderOptions = match options {
        Some(o) => from_js(env, o)?,
        None => stream::DecoderOptions::default(),
    };
    stream::StreamDecoder::new(provider, content_type.as_deref(), &options)
        .map(|inner| StreamDecoder { inner })
        .map_err(|e| error::to_js(env, &api::ErrorInfo::from(&e)))
}

#[napi]
impl StreamDecoder {
    /// The events completed by `chunk` (any slice of the body).
    #[napi(ts_args_type = "chunk: Uint8Array", ts_return_type = "StreamEvent[]")]
    pub fn push<'env>(
        &mut self,
        env: &'env Env,
        chunk: Uint8ArraySlice<'env>,
    ) -> Result<Unknown<'env>> {
        match self.inner.push(&chunk) {
            Ok(events) => env.to_js_value(&events),
            Err(e) => Err(error::to_js(env, &api::ErrorInfo::from(&e))),
        }
    }

    /// Throws `STREAM_TRUNCATED` when the body ended inside a frame or event.
    #[napi]
    pub fn finish(&mut self, env: &Env) -> Result<()> {
        self.inner
            .finish()
            .map_err(|e| error::to_js(env, &api::ErrorInfo::from(&e)))
    }

    /// `sse` or `event-stream`.
    #[napi(getter, ts_return_type = "'sse' | 'event-stream'")]
    pub fn format(&self) -> &'static str {
        match self.inner.format() {
            stream::StreamFormat::Sse => "sse",
            stream::StreamFormat::EventStream => "event-stream",
        }
    }
}

/// Converts the arguments of `buildRequest`/`buildHttpRequest` and calls the core.
fn build<'env>(
    env: &'env Env,
    input: Unknown<'env>,
    body: Option<Either<String, Uint8ArraySlice<'env>>>,
) -> Result<api::BuildOutput> {
    let input: BuildInput = from_js(env, input)?;
    api::build_request(&input.config, &input.request, body_bytes(&body))
        .map_err(|e| error::to_js(env, &api::ErrorInfo::from(&e)))
}

/// The exact request alone, for sending it: the body as a `Buffer` holding the exact bytes to
/// send (no UTF-8 decoding into a JS string), and no resolution to convert.
#[napi(
    ts_args_type = "input: BuildInput, body?: string | Uint8Array",
    ts_return_type = "[method: string, url: string, model: string, body: Buffer, ...headers: (string | boolean)[]]"
)]
pub fn build_http_request<'env>(
    env: &'env Env,
    input: Unknown<'env>,
    body: Option<Either<String, Uint8ArraySlice<'env>>>,
) -> Result<Array<'env>> {
    http_request_parts(env, build(env, input, body)?.request)
}

/// A request as one flat array, `[method, url, model, body, (name, value, secret)…]`, that the
/// TypeScript side turns into an `HttpRequest` object: setting each header object's keys from
/// here cost more (V8 internalizes every key name it is given) than object literals in JS.
fn http_request_parts(env: &Env, request: HttpRequest) -> Result<Array<'_>> {
    let mut parts = env.create_array(4 + 3 * request.headers.len() as u32)?;
    parts.set(0, request.method)?;
    parts.set(1, request.url)?;
    parts.set(2, request.model)?;
    // Copied into a buffer Node allocates, and ours freed at once (for the next request to
    // reuse): handing Node the Vec kept every body alive until a GC, and the fresh pages
    // each new one needed (page faults, zeroing) cost more than the copy.
    parts.set(3, BufferSlice::copy_from(env, &request.body)?)?;
    for (at, h) in (4u32..).step_by(3).zip(request.headers) {
        parts.set(at, h.name)?;
        parts.set(at + 1, h.value)?;
        parts.set(at + 2, h.secret)?;
    }
    Ok(parts)
}

fn body_bytes<'a>(body: &'a Option<Either<String, Uint8ArraySlice<'_>>>) -> Option<&'a [u8]> {
    match body {
        Some(Either::A(s)) => Some(s.as_bytes()),
        Some(Either::B(b)) => Some(b),
        None => None,
    }
}

/// A configuration converted and resolved once (`prepare`), for building many requests.
#[napi]
pub struct PreparedConfig {
    inner: api::Prepared,
}

/// Converts and resolves `config` once; see [`PreparedConfig`].
#[napi(ts_args_type = "config: ConfigInput")]
pub fn prepare<'env>(env: &'env Env, config: Unknown<'env>) -> Result<PreparedConfig> {
    let config: ConfigInput = from_js(env, config)?;
    Ok(PreparedConfig {
        inner: api::Prepared::new(config),
    })
}

#[napi]
impl PreparedConfig {
    /// The resolution behind every request built from this configuration.
    #[napi(getter, ts_return_type = "Resolution")]
    pub fn resolution<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        env.to_js_value(self.inner.resolution())
    }

    /// Like `buildHttpRequest` for this configuration: only `request` is converted.
    #[napi(
        ts_args_type = "request: RequestSpec, body?: string | Uint8Array",
        ts_return_type = "[method: string, url: string, model: string, body: Buffer, ...headers: (string | boolean)[]]"
    )]
    pub fn build_http_request<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        body: Option<Either<String, Uint8ArraySlice<'env>>>,
    ) -> Result<Array<'env>> {
        let spec: api::RequestSpec = from_js(env, request)?;
        let request = self
            .inner
            .build(&spec, body_bytes(&body))
            .map_err(|e| error::to_js(env, &api::ErrorInfo::from(&e)))?;
        http_request_parts(env, request)
    }
}

/// The exact request. `body`, when given, replaces `input.request.body`: a string, or bytes
/// handed to the core as they are (no UTF-8 round trip).
#[napi(
    ts_args_type = "input: BuildInput, body?: string | Uint8Array",
    ts_return_type = "BuildOutput"
)]
pub fn build_request<'env>(
    env: &'env Env,
    input: Unknown<'env>,
    body: Option<Either<String, Uint8ArraySlice<'env>>>,
) -> Result<Unknown<'env>> {
    env.to_js_value(&build(env, input, body)?)
}

/// The request as HTTP/1.1 text (`"http"`) or a `curl` command (`"curl"`); secret header
/// values are redacted unless `reveal` is true.
#[napi(
    ts_args_type = "request: HttpRequest, format: RequestFormat, reveal: boolean",
    ts_return_type = "string"
)]
pub fn render_request<'env>(
    env: &'env Env,
    request: Unknown<'env>,
    format: Unknown<'env>,
    reveal: bool,
) -> Result<String> {
    let request: HttpRequest = from_js(env, request)?;
    let format: RequestFormat = from_js(env, format)?;
    Ok(api::render_request(&request, format, reveal))
}

/// `~/.claude/settings.json` and `devcontainer.json` snippets that reproduce the configuration,
/// without secret values.
#[napi(ts_args_type = "input: ConfigInput", ts_return_type = "ConfigSnippets")]
pub fn config_snippets<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input)?;
    env.to_js_value(&api::config_snippets(&input))
}

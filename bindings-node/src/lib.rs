//! The Node-API binding of `claude-provider-core`. Each function converts the JS value to the
//! core's serde type, calls one function of `core::api`, and converts the result back (or the
//! core's error to a JS error carrying `.code`, `.help`, `.envVar`, `.file`). A malformed
//! argument is a `TypeError` naming the input, as in the wasm package. No decision about
//! provider behaviour is made here; the types are declared in `bindings-types/index.d.ts`.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod error;

use claude_provider_core::api::{self, BuildInput, ValidateInput, ARGUMENT_INVALID};
use claude_provider_core::request::RequestFormat;
use claude_provider_core::setup::SetupInput;
use claude_provider_core::{stream, ConfigInput, HttpRequest, ProviderId};
use napi::bindgen_prelude::{Array, BufferSlice, Either, Either3, Uint8ArraySlice};
use napi::{Env, JsTypeError, Result, Status, Unknown, ValueType};
use napi_derive::napi;

/// A malformed argument: a `TypeError` `invalid <what>: <text>` (the wasm package's message)
/// with `code` `ARGUMENT_INVALID`. `text` must not quote the value (it may be a secret).
fn type_error(env: &Env, what: &str, text: &str) -> napi::Error {
    let message = format!("invalid {what}: {text}");
    let error = JsTypeError::from(napi::Error::new(ARGUMENT_INVALID, message.as_str()));
    let error = error.into_unknown(*env);
    match error.get_type() {
        Ok(ValueType::Object) => napi::Error::from(error),
        // Could not even create the object: a plain error with the same text.
        _ => napi::Error::new(Status::InvalidArg, message),
    }
}

/// A JS argument as a core type (`what`: its type's name); the error never quotes the value.
fn from_js<T: serde::de::DeserializeOwned>(env: &Env, v: Unknown<'_>, what: &str) -> Result<T> {
    env.from_js_value(v)
        .map_err(|e| type_error(env, what, &api::conversion_error_text(&e.reason)))
}

/// An argument napi converted when it had the right JS type (`Either::A`); anything else
/// (`Either::B`) is a `TypeError` saying what `what` must be.
fn typed<T>(env: &Env, v: Either<T, Unknown<'_>>, what: &str, expected: &str) -> Result<T> {
    match v {
        Either::A(v) => Ok(v),
        Either::B(_) => Err(type_error(env, what, expected)),
    }
}

/// A body argument: text or bytes.
type Body<'env> = Either3<String, Uint8ArraySlice<'env>, Unknown<'env>>;

fn body_bytes<'a>(env: &Env, body: &'a Option<Body<'_>>) -> Result<Option<&'a [u8]>> {
    match body {
        Some(Either3::A(s)) => Ok(Some(s.as_bytes())),
        Some(Either3::B(b)) => Ok(Some(b)),
        Some(Either3::C(_)) => Err(type_error(env, "body", "expected a string or a Uint8Array")),
        None => Ok(None),
    }
}

/// Offline resolution: provider, region, endpoint, models, auth, network, sources, problems.
#[napi(ts_args_type = "input: ConfigInput", ts_return_type = "Resolution")]
pub fn resolve<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input, "ConfigInput")?;
    env.to_js_value(&api::resolve(&input))
}

/// Resolution plus the checks that need runtime facts (credentials found?) and near-miss names.
#[napi(ts_args_type = "input: ValidateInput", ts_return_type = "Resolution")]
pub fn validate<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: ValidateInput = from_js(env, input, "ValidateInput")?;
    env.to_js_value(&api::validate(&input))
}

/// The environment after the settings `env` blocks are applied (what Claude Code's process,
/// its helper commands and its SDKs see). Holds secrets.
#[napi(
    ts_args_type = "input: ConfigInput",
    ts_return_type = "Record<string, string>"
)]
pub fn effective_env<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input, "ConfigInput")?;
    env.to_js_value(&api::effective_env(&input))
}

/// What to set to use a provider: variables, the other selectors to clear, container mounts.
#[napi(ts_args_type = "input: SetupInput", ts_return_type = "ProviderSetup")]
pub fn provider_setup<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: SetupInput = from_js(env, input, "SetupInput")?;
    env.to_js_value(&api::provider_setup(&input))
}

/// The request with secret header values redacted, for showing it to a person.
#[napi(ts_args_type = "request: HttpRequest", ts_return_type = "HttpRequest")]
pub fn redact_request<'env>(env: &'env Env, request: Unknown<'env>) -> Result<Unknown<'env>> {
    let request: HttpRequest = from_js(env, request, "HttpRequest")?;
    env.to_js_value(&api::redact_request(&request))
}

/// Is this variable's value a secret (never printed)?
#[napi(ts_args_type = "name: string")]
pub fn is_secret_var(env: &Env, name: Either<String, Unknown<'_>>) -> Result<bool> {
    Ok(api::is_secret_var(&typed(
        env,
        name,
        "name",
        "expected a string",
    )?))
}

/// The value of variable (or settings/INI key) `name` as it may be shared: secrets become
/// `<redacted>`, passwords in URLs are masked, other values are unchanged.
#[napi(ts_args_type = "name: string, value: string")]
pub fn shareable_value(
    env: &Env,
    name: Either<String, Unknown<'_>>,
    value: Either<String, Unknown<'_>>,
) -> Result<String> {
    let name = typed(env, name, "name", "expected a string")?;
    let value = typed(env, value, "value", "expected a string")?;
    Ok(api::shareable_value(&name, &value))
}

/// A resolution, its problems or any JSON as it may be shown or handed to someone else: URL
/// passwords, credential commands' secrets and credential-shaped strings masked by key.
#[napi(ts_args_type = "value: unknown", ts_return_type = "unknown")]
pub fn shareable_json<'env>(env: &'env Env, value: Unknown<'env>) -> Result<Unknown<'env>> {
    let value: api::Json = from_js(env, value, "value")?;
    env.to_js_value(&api::shareable_json(&value))
}

/// The value of variable (or settings/AWS-file key) `name` as it may be put in a configuration
/// shared to be validated again: a name the core does not read keeps no value, secrets become
/// stand-ins of the same form, custom headers keep their names.
#[napi(ts_args_type = "name: string, value: string")]
pub fn shareable_config_value(
    env: &Env,
    name: Either<String, Unknown<'_>>,
    value: Either<String, Unknown<'_>>,
) -> Result<String> {
    let name = typed(env, name, "name", "expected a string")?;
    let value = typed(env, value, "value", "expected a string")?;
    Ok(api::shareable_config_value(&name, &value))
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
    url: Either<String, Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input, "ConfigInput")?;
    let url = typed(env, url, "url", "expected a string")?;
    env.to_js_value(&api::proxy_route(&input, &url))
}

/// The problem that forbids a request to `url` (a proxy variable that is set but unusable, when
/// `NO_PROXY` does not exempt `url`), or `null` when it may be sent.
#[napi(
    ts_args_type = "input: ConfigInput, url: string",
    ts_return_type = "Problem | null"
)]
pub fn proxy_refusal<'env>(
    env: &'env Env,
    input: Unknown<'env>,
    url: Either<String, Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input, "ConfigInput")?;
    let url = typed(env, url, "url", "expected a string")?;
    env.to_js_value(&api::proxy_refusal(&input, &url))
}

/// Why a settings file's text is not JSON (`SETTINGS_INVALID`, line and column), or `null`.
#[napi(
    ts_args_type = "text: string, path: string",
    ts_return_type = "SettingsSyntax | null"
)]
pub fn settings_syntax<'env>(
    env: &'env Env,
    text: Either<String, Unknown<'env>>,
    path: Either<String, Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let text = typed(env, text, "text", "expected a string")?;
    let path = typed(env, path, "path", "expected a string")?;
    env.to_js_value(&api::settings_syntax(&text, &path))
}

/// An HTTP error response of `provider`, classified (kind, retryable, retry-after, the fix).
#[napi(
    ts_args_type = "provider: ProviderId, status: number, headers: [string, string][], body: Uint8Array | string",
    ts_return_type = "ParsedError"
)]
pub fn parse_error_response<'env>(
    env: &'env Env,
    provider: Unknown<'env>,
    status: Either<f64, Unknown<'env>>,
    headers: Unknown<'env>,
    body: Body<'env>,
) -> Result<Unknown<'env>> {
    let provider: ProviderId = from_js(env, provider, "ProviderId")?;
    // An integer in u32's range, as the wasm package takes it.
    let status = match status {
        Either::A(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => n as u32,
        _ => return Err(type_error(env, "status", "expected an integer HTTP status")),
    };
    let status = u16::try_from(status).unwrap_or(u16::MAX);
    let headers: Vec<(String, String)> = from_js(env, headers, "headers")?;
    let body = Some(body);
    let body = body_bytes(env, &body)?.unwrap_or_default();
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
    content_type: Option<Either<String, Unknown<'env>>>,
    options: Option<Unknown<'env>>,
) -> Result<StreamDecoder> {
    let provider: ProviderId = from_js(env, provider, "ProviderId")?;
    let content_type = content_type
        .map(|c| typed(env, c, "contentType", "expected a string"))
        .transpose()?;
    let options: stream::DecoderOptions = match options {
        Some(o) => from_js(env, o, "DecoderOptions")?,
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
        chunk: Either<Uint8ArraySlice<'env>, Unknown<'env>>,
    ) -> Result<Unknown<'env>> {
        let chunk = typed(env, chunk, "chunk", "expected a Uint8Array")?;
        match self.inner.push(&chunk) {
            Ok(events) => env.to_js_value(&events),
            Err(e) => Err(error::to_js(env, &api::ErrorInfo::from(&e))),
        }
    }

    /// Throws `STREAM_TRUNCATED` when the body ended inside a frame or event, or without
    /// `message_stop` or an `error` event (an empty body included).
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
    body: Option<Body<'env>>,
) -> Result<api::BuildOutput> {
    let input: BuildInput = from_js(env, input, "BuildInput")?;
    api::build_request(&input.config, &input.request, body_bytes(env, &body)?)
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
    body: Option<Body<'env>>,
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

/// A configuration converted and resolved once (`prepare`), for building many requests.
#[napi]
pub struct PreparedConfig {
    inner: api::Prepared,
}

/// Converts and resolves `config` once; see [`PreparedConfig`].
#[napi(ts_args_type = "config: ConfigInput")]
pub fn prepare<'env>(env: &'env Env, config: Unknown<'env>) -> Result<PreparedConfig> {
    let config: ConfigInput = from_js(env, config, "ConfigInput")?;
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
        body: Option<Body<'env>>,
    ) -> Result<Array<'env>> {
        let spec: api::RequestSpec = from_js(env, request, "RequestSpec")?;
        let request = self
            .inner
            .build(&spec, body_bytes(env, &body)?)
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
    body: Option<Body<'env>>,
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
    reveal: Either<bool, Unknown<'env>>,
) -> Result<String> {
    let request: HttpRequest = from_js(env, request, "HttpRequest")?;
    let format: RequestFormat = from_js(env, format, "RequestFormat")?;
    let reveal = typed(env, reveal, "reveal", "expected a boolean")?;
    Ok(api::render_request(&request, format, reveal))
}

/// `~/.claude/settings.json` and `devcontainer.json` snippets that reproduce the configuration,
/// without secret values.
#[napi(ts_args_type = "input: ConfigInput", ts_return_type = "ConfigSnippets")]
pub fn config_snippets<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let input: ConfigInput = from_js(env, input, "ConfigInput")?;
    env.to_js_value(&api::config_snippets(&input))
}

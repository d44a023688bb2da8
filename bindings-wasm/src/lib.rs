//! claude-provider-core for JavaScript through WebAssembly. Conversion only: each function turns
//! its JS argument into a core type (serde-wasm-bindgen), calls one function of
//! `claude_provider_core::api`, and turns the result into a plain JS value. A core error
//! becomes a JS `Error` whose `code`, `help`, `envVar` and `file` properties are set from the
//! problem; a malformed argument becomes a `TypeError`.
//!
//! The same names, exact inputs and generated types as the Node package's `core` export:
//! `resolve`, `validate`, `buildRequest`, `prepare`, `effectiveEnv`, `providerSetup`,
//! `proxyRoute`, `proxyRefusal`, `settingsSyntax`, `parseErrorResponse`, `createStreamDecoder`,
//! `renderRequest`, `redactRequest`, `configSnippets`, `isSecretVar`, `shareableValue`,
//! `shareableConfigValue` and `shareableJson`; plus `version`, and
//! `toFetchRequest` (a built request as a Fetch API `Request`, this package's transport).
//! Where Node hands out a `Buffer` (`PreparedConfig.buildHttpRequest`'s body), this gives a
//! `Uint8Array`.

use claude_provider_core::api::{
    self, BuildInputRest, ErrorInfo, RequestSpec, ValidateInput, ValidateInputRest,
};
use claude_provider_core::request::{HttpRequest, RequestFormat};
use claude_provider_core::setup::SetupInput;
use claude_provider_core::stream::{DecoderOptions, StreamDecoder as CoreStreamDecoder};
use claude_provider_core::{ConfigInput, ProviderId};
use js_sys::{Object, Reflect, Uint8Array, JSON};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
import type {
  ConfigInput, ValidateInput, Resolution, BuildInput, BuildOutput, HttpRequest, RequestSpec,
  RequestFormat, ConfigSnippets, DecoderOptions, ErrorInfo, ProviderId, StreamEvent, StreamFormat,
  SetupInput, ProviderSetup, ProxyRoute, ParsedError, SettingsSyntax, Problem,
} from "./types.js";
export type * from "./types.js";
/** What a function throws when the core refuses (a failed build, a bad stream): an `Error` named
 * `ClaudeProviderError` with the core's fields. */
export interface ClaudeProviderError extends Error, ErrorInfo {}
/** What a function throws for a malformed argument: a `TypeError` naming the input at fault. */
export interface ArgumentError extends TypeError { code: "ARGUMENT_INVALID" }
/** A request body as this package takes it: JSON text, a plain object (written with
 * `JSON.stringify`) or its bytes. */
export type Body = string | object | Uint8Array;
/** `BuildInput` whose `request.body` may also be an object or bytes. */
export type BuildInputWithBody = Omit<BuildInput, "request"> & { request: Omit<RequestSpec, "body"> & { body?: Body | null } };
/** A built request, its body as text (`buildRequest`) or as bytes (`PreparedConfig.buildHttpRequest`). */
export type AnyHttpRequest = HttpRequest | (Omit<HttpRequest, "body"> & { body: Uint8Array });
"#;

#[wasm_bindgen]
extern "C" {
    /// The engine's `TextEncoder` (browsers, Node, Deno, workers). Declared here rather than
    /// taken from web-sys, whose `encodeInto` takes a Rust `&str`: the text would first be
    /// copied into wasm memory, the copy this avoids.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        source: &JsValue,
        destination: &Uint8Array,
    ) -> EncodeIntoResult;
    type EncodeIntoResult;
    /// `Object.prototype.toString.call(v)`: `[object Uint8Array]`, `[object Object]`… the same
    /// in every realm, where `instanceof` is not (an iframe's, `vm`'s or Jest's arrays).
    #[wasm_bindgen(js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    fn object_tag(v: &JsValue) -> String;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// Plain objects for maps, `null` for `None`, numbers for integers (what JSON gives).
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| type_error(&format!("cannot convert the result: {e}")))
}

/// A JS argument as a core type; the `TypeError` never quotes the value (it may be a secret).
fn from_js<T: DeserializeOwned>(v: JsValue, what: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(v).map_err(|e| conversion_error(e, what))
}

/// `from_js`'s `TypeError`, in one copy rather than one per converted type (size of the .wasm).
#[inline(never)]
fn conversion_error(e: serde_wasm_bindgen::Error, what: &str) -> JsValue {
    // The JS error's message, as napi gives it (its `to_string` adds "Error: ").
    let message = match JsValue::from(e).dyn_into::<js_sys::Error>() {
        Ok(err) => String::from(err.message()),
        Err(other) => other.as_string().unwrap_or_default(),
    };
    let text = api::conversion_error_text(&message);
    type_error(&format!("invalid {what}: {text}"))
}

/// A configuration and the rest of an input (`ValidateInput`, `BuildInput`) from one object,
/// read apart: `#[serde(flatten)]` would double the configuration's deserializers (measured:
/// -22.7 KB raw, -8.3 KB gzipped of .wasm).
fn config_and<T: DeserializeOwned>(v: JsValue, what: &str) -> Result<(ConfigInput, T), JsValue> {
    Ok((from_js(v.clone(), what)?, from_js(v, what)?))
}

/// A malformed argument: a `TypeError` with `code` `ARGUMENT_INVALID`, as in the Node package.
fn type_error(msg: &str) -> JsValue {
    let err: JsValue = js_sys::TypeError::new(msg).into();
    shown_in_json(&err, "TypeError", msg);
    set(&err, "code", api::ARGUMENT_INVALID);
    err
}

/// `name` and `message` as enumerable own properties, so that `JSON.stringify(error)` shows
/// them, as the Node package's errors' `toJSON` does (an `Error`'s own `message` is not
/// enumerable). A property, not a `toJSON` function: that would need `new Function`, which a
/// page's Content-Security-Policy may forbid.
fn shown_in_json(err: &JsValue, name: &str, message: &str) {
    set(err, "name", name);
    let descriptor = Object::new();
    let _ = Reflect::set(
        &descriptor,
        &JsValue::from_str("value"),
        &JsValue::from_str(message),
    );
    for flag in ["enumerable", "writable", "configurable"] {
        let _ = Reflect::set(&descriptor, &JsValue::from_str(flag), &JsValue::TRUE);
    }
    let _ = Reflect::define_property(
        err.unchecked_ref::<Object>(),
        &JsValue::from_str("message"),
        &descriptor,
    );
}

/// A string argument. (A `&str` parameter would take a number or an object without a check,
/// and read wasm memory from it.)
fn js_string(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| type_error(&format!("invalid {what}: expected a string")))
}

/// An `HttpRequest` whose `body` may be text or a `Uint8Array` (what
/// `PreparedConfig.buildHttpRequest` returns).
fn http_request_from_js(v: JsValue) -> Result<HttpRequest, JsValue> {
    let body = field(&v, "body")?;
    let Some(bytes) = as_bytes(&body) else {
        return from_js(v, "HttpRequest");
    };
    let text_body = copy_with(&v, "body", Some(&JsValue::from_str("")))?;
    let mut request: HttpRequest = from_js(text_body, "HttpRequest")?;
    request.body = bytes.to_vec();
    Ok(request)
}

/// `obj[key]`, or `undefined` when `obj` is not an object.
fn field(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if obj.is_object() {
        Reflect::get(obj, &JsValue::from_str(key))
    } else {
        Ok(JsValue::UNDEFINED)
    }
}

/// A shallow copy of `obj` with `key` set to `value`, or without it (`None`); the caller's
/// object is left as it was.
fn copy_with(obj: &JsValue, key: &str, value: Option<&JsValue>) -> Result<JsValue, JsValue> {
    let copy = Object::assign(&Object::new(), obj.unchecked_ref());
    let key = JsValue::from_str(key);
    match value {
        Some(v) => Reflect::set(&copy, &key, v)?,
        None => Reflect::delete_property(&copy, &key)?,
    };
    Ok(copy.into())
}

fn set(target: &JsValue, key: &str, value: &str) {
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), &JsValue::from_str(value));
}

/// A JS `Error` carrying the problem's `code`, `help`, `envVar` and `file`.
fn core_error(e: &claude_provider_core::Error) -> JsValue {
    let info = ErrorInfo::from(e);
    let err: JsValue = js_sys::Error::new(&info.message).into();
    shown_in_json(&err, "ClaudeProviderError", &info.message);
    set(&err, "code", &info.code);
    set(&err, "help", &info.help);
    if let Some(v) = &info.env_var {
        set(&err, "envVar", v);
    }
    if let Some(f) = &info.file {
        set(&err, "file", f);
    }
    err
}

/// Offline resolution: provider, region, endpoint, models, auth, network, every problem.
#[wasm_bindgen(unchecked_return_type = "Resolution")]
pub fn resolve(
    #[wasm_bindgen(unchecked_param_type = "ConfigInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ConfigInput = from_js(input, "ConfigInput")?;
    to_js(&api::resolve(&input))
}

/// Resolution plus the checks that need runtime facts (`credentialsCheck`).
#[wasm_bindgen(unchecked_return_type = "Resolution")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "ValidateInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let (config, rest): (_, ValidateInputRest) = config_and(input, "ValidateInput")?;
    to_js(&api::validate(&ValidateInput {
        config,
        credentials_check: rest.credentials_check,
        google_project_id: rest.google_project_id,
    }))
}

/// The exact request (URL, headers with SigV4, body). `request.body` may be JSON text, an
/// object (serialized with `JSON.stringify`, keeping its key order) or a `Uint8Array`; `body`,
/// when given, replaces it (the Node package's `core.buildRequest(input, body)`).
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "BuildOutput")]
pub fn build_request(
    #[wasm_bindgen(unchecked_param_type = "BuildInputWithBody")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Body")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let request = field(&input, "request")?;
    let given = if body.is_undefined() {
        field(&request, "body")?
    } else {
        body
    };
    let body_bytes = body_bytes(&given)?;
    let input = if body_bytes.is_some() {
        // The same input without `request.body`, which the core type reads as text only.
        let request = copy_with(&request, "body", None)?;
        copy_with(&input, "request", Some(&request))?
    } else {
        input
    };
    let (config, rest): (_, BuildInputRest) = config_and(input, "BuildInput")?;
    match api::build_request(&config, &rest.request, body_bytes.as_deref()) {
        Ok(out) => to_js(&out),
        Err(e) => Err(core_error(&e)),
    }
}

/// A body as bytes: text, a `Uint8Array`, or a plain object or array serialized with
/// `JSON.stringify`; `None` for `undefined`/`null`. Anything else is refused rather than
/// written as JSON: an `ArrayBuffer`, a `DataView`, a `Map` or a `Blob` would become `{}`,
/// another typed array an object of indexes, and the core would build and sign that.
fn body_bytes(body: &JsValue) -> Result<Option<Vec<u8>>, JsValue> {
    if body.is_undefined() || body.is_null() {
        return Ok(None);
    }
    if body.is_string() {
        return text_bytes(body).map(Some);
    }
    if let Some(bytes) = as_bytes(body) {
        return Ok(Some(bytes.to_vec()));
    }
    if !(js_sys::Array::is_array(body) || object_tag(body) == "[object Object]") {
        return Err(type_error(
            "invalid body: expected an object, JSON text or a Uint8Array",
        ));
    }
    // Not the engine's message: V8 names the properties on a cycle's path.
    let text = JSON::stringify(body).map_err(|_| {
        type_error(
            "invalid body: expected an object JSON.stringify can write (no BigInt, no cycle)",
        )
    })?;
    Ok(Some(String::from(text).into_bytes()))
}

/// `v` as a `Uint8Array` when it is one, from this realm or another.
fn as_bytes(v: &JsValue) -> Option<&Uint8Array> {
    if let Some(bytes) = v.dyn_ref::<Uint8Array>() {
        return Some(bytes);
    }
    (js_sys::ArrayBuffer::is_view(v) && object_tag(v) == "[object Uint8Array]")
        .then(|| v.unchecked_ref())
}

/// A JS string as UTF-8, written by the engine's `TextEncoder.encodeInto` straight into wasm
/// memory. Measured on the bench's 48.5 KB body: wasm-bindgen's own string passing (a JS loop
/// over ASCII characters) took ~0.11 ms in Node 20 and ~0.055 ms in Chromium 156,
/// `TextEncoder.encode` plus a copy ~0.019 / ~0.15 ms, `encodeInto` ~0.003 / ~0.06 ms.
fn text_bytes(text: &JsValue) -> Result<Vec<u8>, JsValue> {
    let encoder = TextEncoder::new();
    let units = text.unchecked_ref::<js_sys::JsString>().length();
    // ASCII text takes one byte per UTF-16 unit; the rest, if any, up to three.
    let mut out = vec![0u8; units as usize];
    let done = encode_into_tail(&encoder, text, &mut out, 0)?;
    if done.read() < units {
        let (read, written) = (done.read(), done.written() as usize);
        let rest = text.unchecked_ref::<js_sys::JsString>().slice(read, units);
        out.resize(written + 3 * (units - read) as usize, 0);
        let more = encode_into_tail(&encoder, &rest, &mut out, written)?;
        out.truncate(written + more.written() as usize);
    } else {
        out.truncate(done.written() as usize);
    }
    Ok(out)
}

/// `encodeInto(text, out[from..])`, through a view of wasm memory made after `out` was
/// allocated (an allocation may grow the memory and detach older views).
fn encode_into_tail(
    encoder: &TextEncoder,
    text: &JsValue,
    out: &mut [u8],
    from: usize,
) -> Result<EncodeIntoResult, JsValue> {
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    let tail = &mut out[from..];
    let view = Uint8Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        tail.as_mut_ptr() as usize as u32,
        tail.len() as u32,
    );
    Ok(encoder.encode_into(text, &view))
}

/// A configuration converted and resolved once (`prepare`), for building many requests.
#[wasm_bindgen]
pub struct PreparedConfig {
    inner: api::Prepared,
}

/// Converts and resolves `config` once; `buildHttpRequest` then converts only the request.
#[wasm_bindgen]
pub fn prepare(
    #[wasm_bindgen(unchecked_param_type = "ConfigInput")] config: JsValue,
) -> Result<PreparedConfig, JsValue> {
    Ok(PreparedConfig {
        inner: api::Prepared::new(from_js(config, "ConfigInput")?),
    })
}

#[wasm_bindgen]
impl PreparedConfig {
    /// The resolution behind every request built from this configuration.
    #[wasm_bindgen(getter, unchecked_return_type = "Resolution")]
    pub fn resolution(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.resolution())
    }

    /// The exact request for `request`; `body` (text, an object or bytes) replaces
    /// `request.body`. The returned request's `body` is a `Uint8Array`.
    #[wasm_bindgen(
        js_name = buildHttpRequest,
        unchecked_return_type = "Omit<HttpRequest, 'body'> & { body: Uint8Array }"
    )]
    pub fn build_http_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequestSpec")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Body")] body: JsValue,
    ) -> Result<JsValue, JsValue> {
        let spec: RequestSpec = from_js(request, "RequestSpec")?;
        let body = body_bytes(&body)?;
        let mut request = self
            .inner
            .build(&spec, body.as_deref())
            .map_err(|e| core_error(&e))?;
        let bytes = std::mem::take(&mut request.body);
        let out = to_js(&request)?;
        Reflect::set(
            &out,
            &JsValue::from_str("body"),
            &Uint8Array::from(&bytes[..]),
        )?;
        Ok(out)
    }
}

/// The environment after the settings `env` blocks apply (what Claude Code's process, its
/// helper commands and its SDKs see). Holds secrets: never show it whole.
#[wasm_bindgen(js_name = effectiveEnv, unchecked_return_type = "Record<string, string>")]
pub fn effective_env(
    #[wasm_bindgen(unchecked_param_type = "ConfigInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ConfigInput = from_js(input, "ConfigInput")?;
    to_js(&api::effective_env(&input))
}

/// What to set to use a provider: variables, the other selectors to clear, container mounts.
#[wasm_bindgen(js_name = providerSetup, unchecked_return_type = "ProviderSetup")]
pub fn provider_setup(
    #[wasm_bindgen(unchecked_param_type = "SetupInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: SetupInput = from_js(input, "SetupInput")?;
    to_js(&api::provider_setup(&input))
}

/// The proxy a request to `url` goes through (real URL and `Proxy-Authorization`), or `null`
/// for a direct connection. Holds secrets.
#[wasm_bindgen(js_name = proxyRoute, unchecked_return_type = "ProxyRoute | null")]
pub fn proxy_route(
    #[wasm_bindgen(unchecked_param_type = "ConfigInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ConfigInput = from_js(input, "ConfigInput")?;
    to_js(&api::proxy_route(&input, &js_string(&url, "url")?))
}

/// The problem that forbids a request to `url` (a proxy variable that is set but unusable, when
/// `NO_PROXY` does not exempt `url`), or `null` when it may be sent.
#[wasm_bindgen(js_name = proxyRefusal, unchecked_return_type = "Problem | null")]
pub fn proxy_refusal(
    #[wasm_bindgen(unchecked_param_type = "ConfigInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ConfigInput = from_js(input, "ConfigInput")?;
    to_js(&api::proxy_refusal(&input, &js_string(&url, "url")?))
}

/// Why a settings file's text is not JSON (`SETTINGS_INVALID`, line and column), or `null`.
#[wasm_bindgen(js_name = settingsSyntax, unchecked_return_type = "SettingsSyntax | null")]
pub fn settings_syntax(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&api::settings_syntax(
        &js_string(&text, "text")?,
        &js_string(&path, "path")?,
    ))
}

/// An HTTP error response of `provider`, classified (kind, retryable, retry-after, the fix).
#[wasm_bindgen(js_name = parseErrorResponse, unchecked_return_type = "ParsedError")]
pub fn parse_error_response(
    #[wasm_bindgen(unchecked_param_type = "ProviderId")] provider: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "[string, string][]")] headers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let provider: ProviderId = from_js(provider, "ProviderId")?;
    // As strict as the Node package: an integer status in u32's range, a string or bytes.
    let status = status
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
        .ok_or_else(|| type_error("invalid status: expected an integer HTTP status"))?;
    let headers: Vec<(String, String)> = from_js(headers, "headers")?;
    if !body.is_string() && as_bytes(&body).is_none() {
        return Err(type_error(
            "invalid body: expected a string or a Uint8Array",
        ));
    }
    let body = body_bytes(&body)?.unwrap_or_default();
    // `as` is exact here: an integer in u32's range, checked above.
    let status = u16::try_from(status as u32).unwrap_or(u16::MAX);
    to_js(&api::parse_error_response(
        provider, status, &headers, &body,
    ))
}

/// The request as HTTP/1.1 text (`"http"`) or a `curl` command (`"curl"`); secret header
/// values are redacted unless `reveal` is true.
#[wasm_bindgen(js_name = renderRequest)]
pub fn render_request(
    #[wasm_bindgen(unchecked_param_type = "AnyHttpRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestFormat")] format: JsValue,
    // Not `bool`: wasm-bindgen would pass `1` or `"1"` through as true and reveal the secrets.
    #[wasm_bindgen(unchecked_param_type = "boolean")] reveal: JsValue,
) -> Result<String, JsValue> {
    let request = http_request_from_js(request)?;
    let format: RequestFormat = from_js(format, "RequestFormat")?;
    let reveal = reveal
        .as_bool()
        .ok_or_else(|| type_error("invalid reveal: expected a boolean"))?;
    Ok(api::render_request(&request, format, reveal))
}

/// The request with its secret header values redacted (SigV4: the signature only).
#[wasm_bindgen(js_name = redactRequest, unchecked_return_type = "HttpRequest")]
pub fn redact_request(
    #[wasm_bindgen(unchecked_param_type = "AnyHttpRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request = http_request_from_js(request)?;
    to_js(&api::redact_request(&request))
}

/// The request as a Fetch API `Request`, for `fetch()` in browsers, Node >= 18, Deno and
/// workers: method, URL, every header with its real value, and the body. A browser drops the
/// headers it sets itself (the signed `host` is the URL's, the same value) and applies CORS.
/// Redirects are not followed (`redirect: "manual"`): fetch would re-send the body, the API key
/// and the custom headers to whatever host a 307 names (it strips only `Authorization`).
/// What the engine refuses is an `ARGUMENT_INVALID` `TypeError` naming the header or the URL's
/// problem; the engine's own message is not passed on, as it quotes the value.
#[wasm_bindgen(js_name = toFetchRequest)]
pub fn to_fetch_request(
    #[wasm_bindgen(unchecked_param_type = "AnyHttpRequest")] request: JsValue,
) -> Result<web_sys::Request, JsValue> {
    let request = http_request_from_js(request)?;
    let headers = web_sys::Headers::new()?;
    for h in &request.headers {
        headers.append(&h.name, &h.value).map_err(|_| {
            type_error(&format!(
                "invalid request: fetch refuses the header {:?} (a name it forbids, or a value with a line break or a character outside Latin-1)",
                h.name
            ))
        })?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(&request.method);
    init.set_headers(&headers);
    init.set_redirect(web_sys::RequestRedirect::Manual);
    if !request.body.is_empty() {
        init.set_body(&Uint8Array::from(&request.body[..]));
    }
    web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(|_| {
        type_error(if request.url.contains('@') {
            "invalid request: fetch refuses a URL with credentials in it (https://user:password@host): put them in a header (ANTHROPIC_CUSTOM_HEADERS) instead"
        } else {
            "invalid request: fetch refuses the URL or the method"
        })
    })
}

/// `~/.claude/settings.json` and `devcontainer.json` snippets for the configuration, without
/// secret values.
#[wasm_bindgen(js_name = configSnippets, unchecked_return_type = "ConfigSnippets")]
pub fn config_snippets(
    #[wasm_bindgen(unchecked_param_type = "ConfigInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ConfigInput = from_js(input, "ConfigInput")?;
    to_js(&api::config_snippets(&input))
}

/// Is this variable's value a secret (never printed, never shared)?
#[wasm_bindgen(js_name = isSecretVar)]
pub fn is_secret_var(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
) -> Result<bool, JsValue> {
    Ok(api::is_secret_var(&js_string(&name, "name")?))
}

/// The value of variable (or settings/INI key) `name` as it may be shared: secrets become
/// `<redacted>`, passwords in URLs are masked, other values are unchanged.
#[wasm_bindgen(js_name = shareableValue)]
pub fn shareable_value(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> Result<String, JsValue> {
    Ok(api::shareable_value(
        &js_string(&name, "name")?,
        &js_string(&value, "value")?,
    ))
}

/// A resolution, its problems or any JSON as it may be shown or handed to someone else: URL
/// passwords, credential commands' secrets and credential-shaped strings masked by key.
#[wasm_bindgen(js_name = shareableJson, unchecked_return_type = "unknown")]
pub fn shareable_json(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
) -> Result<JsValue, JsValue> {
    let value: api::Json = from_js(value, "value")?;
    to_js(&api::shareable_json(&value))
}

/// The value of variable (or settings/AWS-file key) `name` as it may be put in a configuration
/// shared to be validated again: a name the core does not read keeps no value, secrets become
/// stand-ins of the same form, custom headers keep their names.
#[wasm_bindgen(js_name = shareableConfigValue)]
pub fn shareable_config_value(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> Result<String, JsValue> {
    Ok(api::shareable_config_value(
        &js_string(&name, "name")?,
        &js_string(&value, "value")?,
    ))
}

/// An incremental decoder of one provider response stream (SSE or Bedrock event-stream) into
/// Anthropic events. `push` takes any slice of the body; `finish` reports a truncated tail.
#[wasm_bindgen(js_name = StreamDecoder)]
pub struct StreamDecoder {
    inner: CoreStreamDecoder,
}

#[wasm_bindgen(js_class = StreamDecoder)]
impl StreamDecoder {
    /// `"sse"` or `"event-stream"`.
    #[wasm_bindgen(getter, unchecked_return_type = "StreamFormat")]
    pub fn format(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.format())
    }

    /// Decodes the next bytes of the body; returns the events they completed.
    #[wasm_bindgen(unchecked_return_type = "StreamEvent[]")]
    pub fn push(
        &mut self,
        // Not `&[u8]`: wasm-bindgen would copy anything with a `length` (a string as zeros,
        // an ArrayBuffer as nothing) without a check.
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] chunk: JsValue,
    ) -> Result<JsValue, JsValue> {
        let bytes = as_bytes(&chunk)
            .ok_or_else(|| type_error("invalid chunk: expected a Uint8Array"))?
            .to_vec();
        match self.inner.push(&bytes) {
            Ok(events) => to_js(&events),
            Err(e) => Err(core_error(&e)),
        }
    }

    /// The body ended: throws `STREAM_TRUNCATED` if it ended inside an event or frame, or
    /// without `message_stop` or an `error` event (an empty body included).
    pub fn finish(&mut self) -> Result<(), JsValue> {
        self.inner.finish().map_err(|e| core_error(&e))
    }
}

/// A decoder for `provider`'s streaming response with this `Content-Type` (`undefined`: the
/// provider's usual format). Throws `STREAM_CONTENT_TYPE` when they disagree, as Claude Code does.
#[wasm_bindgen(js_name = createStreamDecoder)]
pub fn create_stream_decoder(
    #[wasm_bindgen(unchecked_param_type = "ProviderId")] provider: JsValue,
    #[wasm_bindgen(js_name = contentType, unchecked_optional_param_type = "string | null")]
    content_type: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DecoderOptions")] options: JsValue,
) -> Result<StreamDecoder, JsValue> {
    let provider: ProviderId = from_js(provider, "ProviderId")?;
    let content_type = if content_type.is_undefined() || content_type.is_null() {
        None
    } else {
        Some(js_string(&content_type, "contentType")?)
    };
    let options: DecoderOptions = if options.is_undefined() || options.is_null() {
        DecoderOptions::default()
    } else {
        from_js(options, "DecoderOptions")?
    };
    CoreStreamDecoder::new(provider, content_type.as_deref(), &options)
        .map(|inner| StreamDecoder { inner })
        .map_err(|e| core_error(&e))
}

/// The package version (the workspace version of the core it was built from).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

//! Provider errors as data: HTTP error bodies of every provider, SSE `error` events and
//! Bedrock exception frames, all mapped to one [`ProviderErrorInfo`] with the provider's
//! message, a category, the retry hint and the fix for the common cases.

use super::retry::parse_retry_after;
use crate::problem::{Code, Error, Problem};
use crate::provider::ProviderId;
use crate::secret::REDACTED;
use serde::Serialize;
use serde_json::Value;

/// What kind of failure, across providers. Serialized snake_case; stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    Authentication,
    Permission,
    NotFound,
    InvalidRequest,
    RequestTooLarge,
    RateLimited,
    Overloaded,
    Server,
    Unavailable,
    Timeout,
    /// Not the provider's answer: something on the way refused or failed the request (a
    /// proxy's own error, a server in front of the provider refusing the client certificate,
    /// an HTML page refusing access such as a gateway's sign-in page). The fix is a network
    /// setting, never the provider credentials.
    Network,
    Unknown,
}

/// One provider error, whatever its shape on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ProviderErrorInfo {
    /// `PROVIDER_ERROR`, or a more specific stable code when the cause is recognized
    /// (`BEDROCK_MODEL_NEEDS_INFERENCE_PROFILE`, `VERTEX_MODEL_LOCATION`,
    /// `VERTEX_MODEL_ID_DATE_FORM`, `GATEWAY_EXPERIMENTAL_BETAS`; for an answer that is not the
    /// provider's: `TLS_CLIENT_CERT_REJECTED` from a server's client-certificate page,
    /// `PROXY_UNREACHABLE` / `PROXY_AUTH_FAILED` from a proxy's own error).
    pub code: Code,
    pub kind: ErrorKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    /// The HTTP status (absent for errors inside a stream).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The provider's own error type or code: `overloaded_error`, `ThrottlingException`,
    /// `RESOURCE_EXHAUSTED`, `DeploymentNotFound`… (empty when it gave none).
    pub error_type: String,
    /// The provider's message (anything shaped like a credential redacted; at most 1000 chars);
    /// for an HTML page, only its title is quoted.
    pub message: String,
    /// Whether retrying the same request may succeed.
    pub retryable: bool,
    /// `retry-after-ms` / `retry-after` in milliseconds.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "crate::uint::js_number_opt"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<u64>"))]
    pub retry_after_ms: Option<u64>,
    /// `retry-after` given as an HTTP date, in epoch milliseconds.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "crate::uint::js_number_opt"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<u64>"))]
    pub retry_at_epoch_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// What to do about it.
    pub help: String,
    /// Who answered when it was not the provider (a proxy, a server in front of it): the
    /// problem's subject.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    who: Option<String>,
}

impl ProviderErrorInfo {
    /// The error as a [`Problem`] (severity error).
    pub fn to_problem(&self) -> Problem {
        let who = self.who.as_deref().unwrap_or_else(|| {
            self.provider
                .map_or("The provider", ProviderId::display_name)
        });
        let status = self.status.map(|s| format!(" {s}")).unwrap_or_default();
        // Azure puts the status itself in `code` ("401"): say it once.
        let repeats_status = self
            .status
            .is_some_and(|s| self.error_type == s.to_string());
        let ty = if self.error_type.is_empty() || repeats_status {
            String::new()
        } else {
            format!(" {}", self.error_type)
        };
        let p = Problem::error(
            self.code,
            format!("{who} returned an error{status}{ty}: {}", self.message),
            self.help.clone(),
        );
        match self.code {
            Code::TlsClientCertRejected => p.with_var("CLAUDE_CODE_CLIENT_CERT"),
            _ => p,
        }
    }

    /// The error as the core's [`Error`].
    pub fn to_error(&self) -> Error {
        self.to_problem().into()
    }
}

const MAX_MESSAGE_CHARS: usize = 1000;

/// Maps an HTTP error response of `provider` to a [`ProviderErrorInfo`]. `headers` are the
/// response headers (any case); `body` the raw body, JSON or not.
pub fn parse_error_response<K: AsRef<str>, V: AsRef<str>>(
    provider: ProviderId,
    status: u16,
    headers: impl IntoIterator<Item = (K, V)>,
    body: &[u8],
) -> ProviderErrorInfo {
    let headers: Vec<(K, V)> = headers.into_iter().collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref().trim())
    };
    let text = String::from_utf8_lossy(body);
    let mut parts = body_parts(body, &text, status);
    if let Some(t) = header("x-amzn-errortype") {
        let t = t.split(':').next().unwrap_or(t).trim();
        if !t.is_empty() {
            parts.error_type = t.to_owned();
        }
    }
    let request_id = [
        "request-id",
        "x-request-id",
        "x-amzn-requestid",
        "x-amzn-request-id",
        "apim-request-id",
        "x-ms-request-id",
    ]
    .iter()
    .find_map(|h| header(h))
    .map(|v| truncate(v, 200))
    .or(parts.request_id.take());
    let hint = parse_retry_after(headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
    let mut info = classify(Some(provider), Some(status), parts);
    info.retry_after_ms = hint.after_ms;
    info.retry_at_epoch_ms = hint.at_epoch_ms;
    info.request_id = request_id;
    match header("x-should-retry") {
        Some("true") => info.retryable = true,
        Some("false") => info.retryable = false,
        _ => {}
    }
    let page = super::http_page::not_provider(
        provider,
        status,
        |name| header(name).map(str::to_owned),
        &text,
    );
    if let Some(page) = page {
        // Recognized causes (a client certificate, a proxy) win over the status's advice, kind
        // and retry flag (a proxy's 407 is not the provider's credentials, its failed DNS
        // lookup not worth retrying); a provider's fix found in the text still wins for an
        // unrecognized page.
        if page.code != Code::ProviderError {
            info.kind = ErrorKind::Network;
            info.retryable = page.retryable;
        } else if info.code == Code::ProviderError && matches!(status, 401 | 403 | 407) {
            // An unrecognized page refusing access (a gateway's sign-in page answering 401) is
            // not the provider's answer either: no provider API answers in HTML, so new
            // provider credentials (a refresh that may open a browser) cannot fix it. Other
            // statuses keep their kind: a 503 or 429 page may come from the provider's own
            // front end, and a load balancer's 502 page is worth retrying.
            info.kind = ErrorKind::Network;
        }
        if page.code != Code::ProviderError || info.code == Code::ProviderError {
            info.code = page.code;
            info.help = page.help;
        }
        if let Some(t) = page.error_type {
            info.error_type = t;
        }
        info.who = Some(page.who);
    }
    info
}

/// From the JSON of an SSE `error` event (`{"type":"error","error":{"type":…,"message":…}}`).
pub(crate) fn from_error_event(provider: Option<ProviderId>, data: &str) -> ProviderErrorInfo {
    // from_slice, not from_str: one serde_json reader in the .wasm (size)
    let parts = match serde_json::from_slice::<Value>(data.as_bytes()) {
        Ok(v) => json_parts(&v),
        Err(_) => Parts {
            message: data.to_owned(),
            ..Parts::default()
        },
    };
    classify(provider, None, parts)
}

/// From a Bedrock exception frame (`:exception-type` and its JSON payload).
pub(crate) fn from_exception(exception_type: &str, payload: &[u8]) -> ProviderErrorInfo {
    let mut parts = match serde_json::from_slice::<Value>(payload) {
        Ok(v) => json_parts(&v),
        Err(_) => Parts {
            message: String::from_utf8_lossy(payload).into_owned(),
            ..Parts::default()
        },
    };
    parts.error_type = exception_type.to_owned();
    classify(Some(ProviderId::Bedrock), None, parts)
}

/// From a Bedrock error frame (`:error-code`, `:error-message`).
pub(crate) fn from_error_frame(code: &str, message: &str) -> ProviderErrorInfo {
    let parts = Parts {
        error_type: code.to_owned(),
        message: message.to_owned(),
        ..Parts::default()
    };
    classify(Some(ProviderId::Bedrock), None, parts)
}

#[derive(Debug, Default)]
struct Parts {
    error_type: String,
    message: String,
    request_id: Option<String>,
    /// Bedrock `modelStreamErrorException.originalStatusCode`.
    original_status: Option<u16>,
}

fn body_parts(body: &[u8], text: &str, status: u16) -> Parts {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        let p = json_parts(&v);
        if !p.message.is_empty() || !p.error_type.is_empty() {
            return p;
        }
    }
    let text = text.trim();
    let message = if text.is_empty() {
        format!("HTTP {status} with an empty body")
    } else if text.starts_with('<') {
        // Only the page's title: the rest may echo the request, credentials included.
        match super::http_page::title(text) {
            t if t.is_empty() => "an HTML page without a title, not a provider error".to_owned(),
            t => format!("an HTML page titled \"{t}\", not a provider error"),
        }
    } else {
        text.to_owned()
    };
    Parts {
        message,
        ..Parts::default()
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Anthropic, Google, Azure, OpenAI-style (LiteLLM), AWS and FastAPI error shapes.
fn json_parts(v: &Value) -> Parts {
    let v = match v {
        Value::Array(a) => a.first().unwrap_or(v),
        _ => v,
    };
    let mut p = Parts {
        request_id: v.get("request_id").and_then(as_text),
        ..Parts::default()
    };
    match v.get("error") {
        Some(e @ Value::Object(_)) => {
            p.message = e.get("message").and_then(as_text).unwrap_or_default();
            // Google: status ("NOT_FOUND") is the most telling; Anthropic/OpenAI: type; Azure: code.
            p.error_type = ["status", "type", "code"]
                .iter()
                .find_map(|k| e.get(*k).and_then(as_text).filter(|s| !s.is_empty()))
                .unwrap_or_default();
        }
        Some(Value::String(s)) => p.message = s.clone(),
        _ => {
            p.message = ["message", "Message", "detail", "errorMessage"]
                .iter()
                .find_map(|k| v.get(*k))
                // serde_json::to_string: the same compact text as Value's Display (`m.to_string()`),
                // through the Vec serializer the body code has anyway, rather than a second
                // (and a pretty) serializer for fmt::Formatter in the .wasm.
                .map(|m| as_text(m).unwrap_or_else(|| serde_json::to_string(m).unwrap_or_default()))
                .unwrap_or_default();
            p.error_type = ["__type", "code", "type"]
                .iter()
                .find_map(|k| v.get(*k).and_then(as_text))
                .map(|t| t.rsplit('#').next().unwrap_or(&t).to_owned())
                .unwrap_or_default();
            if p.error_type == "error" {
                p.error_type.clear();
            }
        }
    }
    p.original_status = v
        .get("originalStatusCode")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok());
    p
}

fn kind_of_type(t: &str, original: Option<u16>) -> Option<ErrorKind> {
    use ErrorKind::*;
    let t = t.to_ascii_lowercase();
    Some(match t.as_str() {
        "authentication_error"
        | "unrecognizedclientexception"
        | "expiredtokenexception"
        | "invalidsignatureexception"
        | "incompletesignatureexception"
        | "missingauthenticationtokenexception"
        | "unauthenticated"
        | "unauthorized"
        | "invalid_api_key"
        | "401" => Authentication,
        "permission_error"
        | "accessdeniedexception"
        | "permission_denied"
        | "forbidden"
        | "403" => Permission,
        "not_found_error"
        | "resourcenotfoundexception"
        | "not_found"
        | "deploymentnotfound"
        | "404" => NotFound,
        "invalid_request_error"
        | "validationexception"
        | "invalid_argument"
        | "failed_precondition"
        | "badrequest"
        | "400" => InvalidRequest,
        "request_too_large" | "413" => RequestTooLarge,
        "rate_limit_error"
        | "throttlingexception"
        | "toomanyrequestsexception"
        | "servicequotaexceededexception"
        | "resource_exhausted"
        | "ratelimitreached"
        | "too_many_requests"
        | "429" => RateLimited,
        "overloaded_error" | "529" => Overloaded,
        "api_error"
        | "internalserverexception"
        | "internalfailure"
        | "internal"
        | "internalservererror"
        | "modelerrorexception"
        | "500" => Server,
        "serviceunavailableexception"
        | "serviceunavailable"
        | "unavailable"
        | "modelnotreadyexception"
        | "503" => Unavailable,
        "modeltimeoutexception" | "deadline_exceeded" | "timeout_error" | "408" | "504" => Timeout,
        "modelstreamerrorexception" => original.map_or(Server, kind_of_status),
        _ => return None,
    })
}

fn kind_of_status(status: u16) -> ErrorKind {
    use ErrorKind::*;
    match status {
        401 => Authentication,
        403 => Permission,
        404 => NotFound,
        408 | 504 => Timeout,
        413 => RequestTooLarge,
        429 => RateLimited,
        529 => Overloaded,
        503 => Unavailable,
        500..=599 => Server,
        400..=499 => InvalidRequest,
        _ => Unknown,
    }
}

fn classify(provider: Option<ProviderId>, status: Option<u16>, p: Parts) -> ProviderErrorInfo {
    let kind = kind_of_type(&p.error_type, p.original_status)
        .or_else(|| status.map(kind_of_status))
        .unwrap_or(ErrorKind::Unknown);
    let retryable = matches!(
        kind,
        ErrorKind::RateLimited
            | ErrorKind::Overloaded
            | ErrorKind::Server
            | ErrorKind::Unavailable
            | ErrorKind::Timeout
    ) || matches!(status, Some(408 | 409 | 429 | 500..=599));
    let message = truncate(&redact(&p.message), MAX_MESSAGE_CHARS);
    let (code, help) = super::http_error_help::advice(provider, kind, &message);
    ProviderErrorInfo {
        code,
        kind,
        provider,
        status,
        error_type: truncate(&p.error_type, 200),
        message,
        retryable,
        retry_after_ms: None,
        retry_at_epoch_ms: None,
        request_id: p.request_id,
        help,
        who: None,
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Replaces anything shaped like a credential (API keys, bearer tokens, AWS key IDs, Google
/// access tokens, JWTs) with the redaction placeholder.
pub(crate) fn redact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut after_bearer = false;
    let mut rest = s;
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| c.is_whitespace() || "\"'`,;()[]{}<>".contains(c))
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        if !word.is_empty() {
            if after_bearer || looks_secret(word) {
                out.push_str(REDACTED);
            } else {
                out.push_str(word);
            }
            after_bearer = word.eq_ignore_ascii_case("bearer");
        }
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

fn looks_secret(w: &str) -> bool {
    crate::secret::credential_shape(w.trim_start_matches(|c: char| !c.is_ascii_alphanumeric()))
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_credentials() {
        let s = "bad key sk-ant-api03-SECRET, token \"Bearer abc.def\" id AKIAIOSFODNN7EXAMPLE ok";
        let r = redact(s);
        assert!(
            !r.contains("SECRET") && !r.contains("abc.def") && !r.contains("AKIAIOSF"),
            "{r}"
        );
        assert!(r.starts_with("bad key <redacted>, token \"Bearer <redacted>\" id <redacted> ok"));
        assert_eq!(redact("You don't have access"), "You don't have access");
    }

    #[test]
    fn a_structured_message_is_values_display_text() {
        for body in [
            r#"{"detail":[{"loc":["body","max_tokens"],"msg":"field required","type":"value_error.missing"}]}"#,
            r#"{"message":{"b":1.5e300,"a":[true,null,-0.0,12345678901234567890,"\u00e9\n\"x\""]}}"#,
            r#"{"detail":{}}"#,
            r#"{"errorMessage":[]}"#,
            r#"{"Message":false}"#,
        ] {
            let v: Value = serde_json::from_str(body).unwrap();
            let m = ["message", "Message", "detail", "errorMessage"]
                .iter()
                .find_map(|k| v.get(*k))
                .unwrap();
            assert_eq!(json_parts(&v).message, m.to_string(), "{body}");
        }
    }

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("hé", 2), "hé");
    }
}

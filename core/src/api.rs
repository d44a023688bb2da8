//! The JS-facing API: plain serde types in, plain serde types out. The Node and WASM bindings
//! convert a JS value to these types, call one function, and convert the result (or the
//! [`crate::Error`], whose `code`, `help` and `envVar` become properties of the JS error).
//! Nothing here decides provider behaviour; it only gathers the core's functions under the
//! shapes JavaScript sees.

use crate::auth::{CredentialCheck, Credentials};
use crate::env::ConfigInput;
use crate::problem::{Code, Problem, Result};
use crate::request::{
    self, render::RequestFormat, HttpRequest, RequestKind, RequestOptions, SdkFamily, WireVersion,
};
use crate::resolve::Resolution;
pub use crate::snippets::{config_snippets, ConfigSnippets};
use crate::validate::{self, ValidateOptions};
use serde::{Deserialize, Serialize};
use std::time::{Duration, UNIX_EPOCH};

/// Input of `resolve` and `validate`: the configuration, plus what the runtime found.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidateInput {
    #[serde(flatten)]
    pub config: ConfigInput,
    /// Did the runtime look for the provider's credentials, and find them?
    #[serde(default)]
    pub credentials_check: CredentialCheck,
}

/// What request to build (everything but the body bytes, which a binding may pass apart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestSpec {
    #[serde(default)]
    pub kind: RequestKind,
    #[serde(default)]
    pub stream: bool,
    /// The Anthropic Messages body as JSON text (bindings may pass bytes instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default)]
    pub betas: Vec<String>,
    #[serde(default)]
    pub wire: WireVersion,
    #[serde(default)]
    pub sdk_conventions: bool,
    #[serde(default)]
    pub sdk_family: SdkFamily,
    /// Signing time, milliseconds since the Unix epoch (the caller's clock).
    pub now_ms: u64,
    #[serde(default)]
    pub credentials: Credentials,
}

/// Input of `buildRequest`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildInput {
    #[serde(flatten)]
    pub config: ConfigInput,
    pub request: RequestSpec,
}

/// Output of `buildRequest`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildOutput {
    pub request: HttpRequest,
    pub resolution: Resolution,
}

/// `resolve`: offline resolution with every problem found on the way.
pub fn resolve(input: &ConfigInput) -> Resolution {
    crate::resolve::resolve(input)
}

/// `validate`: resolution plus the checks that need runtime facts and whole-env checks.
pub fn validate(input: &ValidateInput) -> Resolution {
    validate::validate(
        &input.config,
        &ValidateOptions {
            credentials: input.credentials_check,
        },
    )
}

/// `buildRequest` with the body taken from `spec.body` or, when given, `body_bytes`.
pub fn build_request(
    config: &ConfigInput,
    spec: &RequestSpec,
    body_bytes: Option<&[u8]>,
) -> Result<BuildOutput> {
    let body: &[u8] =
        match (body_bytes, spec.body.as_deref()) {
            (Some(b), _) => b,
            (None, Some(s)) => s.as_bytes(),
            (None, None) => return Err(Problem::error(
                Code::BodyInvalid,
                "No request body was given.",
                "Pass the Messages API request as `request.body` (an object, JSON text or bytes).",
            )
            .into()),
        };
    let opts = RequestOptions {
        kind: spec.kind,
        stream: spec.stream,
        body,
        betas: &spec.betas,
        wire: spec.wire,
        sdk_conventions: spec.sdk_conventions,
        sdk_family: spec.sdk_family,
        now: UNIX_EPOCH + Duration::from_millis(spec.now_ms),
        credentials: &spec.credentials,
    };
    let built = request::build_request(config, &opts)?;
    Ok(BuildOutput {
        request: built.request,
        resolution: built.resolution,
    })
}

/// `renderRequest`: the request as HTTP/1.1 text or a `curl` command; secret header values
/// are redacted unless `reveal` is true.
pub fn render_request(req: &HttpRequest, format: RequestFormat, reveal: bool) -> String {
    if reveal {
        request::render::render(req, format)
    } else {
        request::render::render(&req.redacted(), format)
    }
}

/// `redactRequest`: the request with secret header values replaced (see [`HttpRequest::redacted`]).
pub fn redact_request(req: &HttpRequest) -> HttpRequest {
    req.redacted()
}

/// `isSecretVar`: is this variable's value a secret (never printed)? Unknown names that look
/// secret (`…KEY`, `…TOKEN`, `…PASSWORD`…) count as secret.
pub fn is_secret_var(name: &str) -> bool {
    crate::vars::kind(name) == crate::vars::Kind::Secret
}

/// `shareableValue`: `value` of variable (or settings/INI key) `name` as it may be shared in a
/// link or a bug report: secrets become `<redacted>`, passwords in URLs are masked, other
/// values stay as they are.
pub fn shareable_value(name: &str, value: &str) -> String {
    match crate::vars::kind(name) {
        crate::vars::Kind::Secret => crate::secret::REDACTED.to_owned(),
        crate::vars::Kind::UrlWithCredentials => crate::vars::mask_url_credentials(value),
        crate::vars::Kind::Plain => value.to_owned(),
    }
}

/// The error as the plain object a JS error is built from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
    pub help: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_var: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl From<&crate::Error> for ErrorInfo {
    fn from(e: &crate::Error) -> Self {
        let p = e.problem();
        Self {
            code: p.code.as_str().to_owned(),
            message: p.message.clone(),
            help: p.help.clone(),
            env_var: p.env_var.clone(),
            file: p.file.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_input_round_trips_from_js_shaped_json() {
        let v = serde_json::json!({
            "processEnv": {"ANTHROPIC_API_KEY": "sk-test", "ANTHROPIC_BASE_URL": "https://gw.example.com"},
            "settings": [{"scope": "user", "settings": {"env": {"ANTHROPIC_MODEL": "sonnet"}}}],
            "request": {"stream": true, "body": "{\"messages\":[]}", "nowMs": 1768478400000u64, "credentials": {}}
        });
        let input: BuildInput = serde_json::from_value(v).unwrap();
        let out = build_request(&input.config, &input.request, None).unwrap();
        assert_eq!(
            out.request.url,
            "https://gw.example.com/v1/messages?beta=true"
        );
        assert_eq!(out.request.header("x-api-key"), Some("sk-test"));
        let err = build_request(
            &input.config,
            &RequestSpec {
                body: Some("[1]".into()),
                ..input.request.clone()
            },
            None,
        )
        .unwrap_err();
        let info = ErrorInfo::from(&err);
        assert_eq!(info.code, "BODY_INVALID");
        assert!(!info.help.is_empty());
    }

    #[test]
    fn shareable_values_never_carry_secrets() {
        assert!(is_secret_var("ANTHROPIC_API_KEY") && is_secret_var("MY_GATEWAY_TOKEN"));
        assert!(!is_secret_var("AWS_REGION"));
        assert_eq!(
            shareable_value("AWS_SECRET_ACCESS_KEY", "CANARY"),
            "<redacted>"
        );
        assert_eq!(shareable_value("aws_session_token", "CANARY"), "<redacted>");
        assert_eq!(
            shareable_value("HTTPS_PROXY", "http://u:CANARY@proxy:3128"),
            "http://***@proxy:3128"
        );
        assert_eq!(shareable_value("AWS_REGION", "eu-west-1"), "eu-west-1");
    }

    #[test]
    fn render_redacts_unless_revealed() {
        let v = serde_json::json!({
            "processEnv": {"ANTHROPIC_API_KEY": "sk-ant-CANARY-0123456789"},
            "request": {"body": "{\"messages\":[]}", "nowMs": 1768478400000u64}
        });
        let input: BuildInput = serde_json::from_value(v).unwrap();
        let out = build_request(&input.config, &input.request, None).unwrap();
        for f in [RequestFormat::Http, RequestFormat::Curl] {
            assert!(!render_request(&out.request, f, false).contains("CANARY"));
            assert!(render_request(&out.request, f, true).contains("sk-ant-CANARY-0123456789"));
        }
        let r = redact_request(&out.request);
        assert_eq!(r.header("x-api-key"), Some("<redacted>"));
        assert_eq!(r.body, out.request.body);
    }
}

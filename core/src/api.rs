//! The JS-facing API: plain serde types in, plain serde types out. The Node and WASM bindings
//! convert a JS value to these types, call one function, and convert the result (or the
//! [`crate::Error`], whose `code`, `help` and `envVar` become properties of the JS error).
//! Nothing here decides provider behaviour; it only gathers the core's functions under the
//! shapes JavaScript sees.

use crate::auth::{CredentialCheck, Credentials};
use crate::env::{ConfigInput, HomeFiles, PemFile, SettingsLayer};
use crate::problem::{Code, Problem, Result};
use crate::provider::ProviderId;
use crate::request::{
    self, render::RequestFormat, HttpRequest, RequestKind, RequestOptions, SdkFamily, WireVersion,
};
use crate::resolve::Resolution;
use crate::sigv4::Signer;
pub use crate::snippets::{config_snippets, ConfigSnippets};
use crate::stream::ProviderErrorInfo;
use crate::validate::{self, ValidateOptions};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

/// Input of `resolve` and `validate`: the configuration, plus what the runtime found.
// `Deserialize` reads the configuration's fields in the same pass, without the buffering of
// `#[serde(flatten)]`: see `ValidateInputFields`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ValidateInput {
    #[serde(flatten)]
    pub config: ConfigInput,
    /// Did the runtime look for the provider's credentials, and find them?
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<CredentialCheck>", optional))]
    pub credentials_check: CredentialCheck,
    /// The project the runtime's Google credentials resolved; Vertex uses it when no variable
    /// names a project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub google_project_id: Option<String>,
}

impl<'de> Deserialize<'de> for ValidateInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let f = ValidateInputFields::deserialize(d)?;
        Ok(ValidateInput {
            config: ConfigInput {
                process_env: f.process_env,
                settings: f.settings,
                home: f.home,
                pem_files: f.pem_files,
            },
            credentials_check: f.credentials_check,
            google_project_id: f.google_project_id,
        })
    }
}

/// What request to build (everything but the body bytes, which a binding may pass apart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RequestSpec {
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<RequestKind>", optional))]
    pub kind: RequestKind,
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub stream: bool,
    /// The Anthropic Messages body as JSON text (bindings may pass bytes instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub betas: Vec<String>,
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<WireVersion>", optional))]
    pub wire: WireVersion,
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub sdk_conventions: bool,
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<SdkFamily>", optional))]
    pub sdk_family: SdkFamily,
    /// Signing time, milliseconds since the Unix epoch (the caller's clock).
    #[serde(with = "crate::de::millis")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub now_ms: u64,
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Credentials>", optional))]
    pub credentials: Credentials,
}

/// Input of `buildRequest`.
// `Deserialize`: see `ValidateInputFields`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BuildInput {
    #[serde(flatten)]
    pub config: ConfigInput,
    pub request: RequestSpec,
}

impl<'de> Deserialize<'de> for BuildInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let f = BuildInputFields::deserialize(d)?;
        Ok(BuildInput {
            config: ConfigInput {
                process_env: f.process_env,
                settings: f.settings,
                home: f.home,
                pem_files: f.pem_files,
            },
            request: f.request,
        })
    }
}

/// [`ValidateInput`] without its configuration: a binding may read the [`ConfigInput`] and
/// this from the same object apart, rather than through `#[serde(flatten)]`, which buffers
/// the object and builds every `ConfigInput` deserializer a second time (wasm size).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidateInputRest {
    #[serde(default, with = "crate::de::absent")]
    pub credentials_check: CredentialCheck,
    #[serde(default)]
    pub google_project_id: Option<String>,
}

/// [`BuildInput`] without its configuration (see [`ValidateInputRest`]).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BuildInputRest {
    pub request: RequestSpec,
}

/// The fields of [`ValidateInput`] and of [`BuildInput`], [`ConfigInput`]'s among them, read
/// from one object in one pass. Not `#[serde(flatten)]`: that buffers the whole object first
/// (each value whole, recursively, with no depth limit), so a cyclic or deeply nested value
/// anywhere in the input overflowed the stack (a segfault in Node) before the settings' depth
/// limit ([`crate::de::settings_value`]) was reached. The configuration's fields are written
/// out as in [`ConfigInput`] (the struct literals below stop compiling when one is added there).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ValidateInputFields {
    #[serde(default, with = "crate::de::absent")]
    process_env: BTreeMap<String, String>,
    #[serde(default, with = "crate::de::absent")]
    settings: Vec<SettingsLayer>,
    #[serde(default, with = "crate::de::absent")]
    home: HomeFiles,
    #[serde(default, with = "crate::de::absent")]
    pem_files: Vec<PemFile>,
    #[serde(default, with = "crate::de::absent")]
    credentials_check: CredentialCheck,
    #[serde(default)]
    google_project_id: Option<String>,
}

/// See [`ValidateInputFields`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BuildInputFields {
    #[serde(default, with = "crate::de::absent")]
    process_env: BTreeMap<String, String>,
    #[serde(default, with = "crate::de::absent")]
    settings: Vec<SettingsLayer>,
    #[serde(default, with = "crate::de::absent")]
    home: HomeFiles,
    #[serde(default, with = "crate::de::absent")]
    pem_files: Vec<PemFile>,
    request: RequestSpec,
}

/// Output of `buildRequest`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
            google_project_id: input.google_project_id.clone(),
        },
    )
}

/// `effectiveEnv`: the environment after Claude Code applies the settings `env` blocks
/// (`managed > cli > local > project > user > process`), for the runtime's credential
/// libraries, helper commands and proxy agent. It holds secrets: never print it.
pub fn effective_env(input: &ConfigInput) -> BTreeMap<String, String> {
    crate::env::EnvOrder::new(input).env().effective()
}

/// `redactRequest`: the request with secret header values replaced by `<redacted>` (the
/// scheme word of an `Authorization` value and the public parts of a SigV4 one are kept).
pub fn redact_request(request: &HttpRequest) -> HttpRequest {
    request.redacted()
}

/// `isSecretVar`: is this variable's value a secret (never printed)? Unknown names that look
/// secret (`…KEY`, `…TOKEN`, `…PASSWORD`…) count as secret.
pub fn is_secret_var(name: &str) -> bool {
    crate::vars::kind(name) == crate::vars::Kind::Secret
}

/// `proxyRoute`: the proxy a request to `url` goes through under this configuration
/// (`HTTPS_PROXY`/`HTTP_PROXY`, `NO_PROXY`), with the real URL and `Proxy-Authorization` the
/// runtime connects with; `None` for a direct connection. Holds secrets: never print it.
pub fn proxy_route(config: &ConfigInput, url: &str) -> Option<crate::network::ProxyRoute> {
    let order = crate::env::EnvOrder::new(config);
    let mut problems = Vec::new();
    let plan = crate::network::plan(&order.env(), &mut problems);
    crate::network::proxy_route(&plan, url)
}

/// `proxyRefusal`: the problem that forbids sending a request to `url` under this
/// configuration, a proxy variable that is set but unusable (no scheme, SOCKS, a password that
/// breaks the URL) when `NO_PROXY` does not exempt `url`; `None` when it may be sent.
pub fn proxy_refusal(config: &ConfigInput, url: &str) -> Option<crate::problem::Problem> {
    let order = crate::env::EnvOrder::new(config);
    let mut problems = Vec::new();
    let plan = crate::network::plan(&order.env(), &mut problems);
    crate::network::proxy_refusal(&plan, &problems, url)
}

/// `settingsSyntax`: why a settings file's text is not JSON (the `SETTINGS_INVALID` problem,
/// with the line and column of the mistake), or `None` when it is JSON or blank.
pub fn settings_syntax(text: &str, path: &str) -> Option<crate::settings_syntax::SettingsSyntax> {
    crate::settings_syntax::settings_syntax(text, path)
}

/// `parseErrorResponse`: an HTTP error response of `provider` as a classified
/// [`ProviderErrorInfo`] (kind, retryable, retry-after, the provider's message with anything
/// credential-shaped redacted, and the fix for the common cases).
pub fn parse_error_response(
    provider: ProviderId,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> ParsedError {
    let info = crate::stream::parse_error_response(
        provider,
        status,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        body,
    );
    let problem = info.to_problem();
    ParsedError { info, problem }
}

/// A provider's error response: the classified details and the same as a [`Problem`] (the
/// message and fix to show, and the `code` of the JS error).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ParsedError {
    pub info: ProviderErrorInfo,
    pub problem: Problem,
}

/// `providerSetup`: what to set to use a provider (variables, selectors to clear, mounts).
pub fn provider_setup(input: &crate::setup::SetupInput) -> crate::setup::ProviderSetup {
    crate::setup::provider_setup(input)
}

/// `buildRequest` with the body taken from `spec.body` or, when given, `body_bytes`.
pub fn build_request(
    config: &ConfigInput,
    spec: &RequestSpec,
    body_bytes: Option<&[u8]>,
) -> Result<BuildOutput> {
    let built = request::build_request(config, &request_options(spec, body_bytes)?)?;
    Ok(BuildOutput {
        request: built.request,
        resolution: built.resolution,
    })
}

/// `prepare`: a configuration resolved once, for building many requests with it. Each
/// [`Prepared::build`] gives exactly what [`build_request`] gives for the same configuration,
/// without converting and resolving the configuration again.
#[derive(Clone, Debug)]
pub struct Prepared {
    config: ConfigInput,
    resolution: Resolution,
    signer: Signer,
}

impl Prepared {
    pub fn new(config: ConfigInput) -> Self {
        let resolution = crate::resolve::resolve(&config);
        Self {
            config,
            resolution,
            signer: Signer::DEFAULT,
        }
    }

    /// Signs with `signer` instead of [`Signer::DEFAULT`] (the `build` bench times both).
    pub fn with_signer(self, signer: Signer) -> Self {
        Self { signer, ..self }
    }

    pub fn resolution(&self) -> &Resolution {
        &self.resolution
    }

    /// The request alone (the resolution is [`Prepared::resolution`]).
    pub fn build(&self, spec: &RequestSpec, body_bytes: Option<&[u8]>) -> Result<HttpRequest> {
        let opts = RequestOptions {
            signer: self.signer,
            ..request_options(spec, body_bytes)?
        };
        // The lookup index is cheap next to resolving; auth headers read the env per request.
        let order = crate::env::EnvOrder::new(&self.config);
        request::build_with(&order.env(), &self.resolution, &opts, None)
    }
}

fn request_options<'a>(
    spec: &'a RequestSpec,
    body_bytes: Option<&'a [u8]>,
) -> Result<RequestOptions<'a>> {
    let body: &[u8] =
        match (body_bytes, spec.body.as_deref()) {
            (Some(b), _) => b,
            (None, Some(s)) => s.as_bytes(),
            (None, None) => return Err(Problem::error(
                Code::BodyInvalid,
                "No request body was given.",
                "Pass the Messages API request body, a JSON object with `messages`, as `request.body` or as the body argument of the calls that take one.",
            )
            .into()),
        };
    Ok(RequestOptions {
        kind: spec.kind,
        stream: spec.stream,
        body,
        betas: &spec.betas,
        wire: spec.wire,
        sdk_conventions: spec.sdk_conventions,
        sdk_family: spec.sdk_family,
        now: UNIX_EPOCH + Duration::from_millis(spec.now_ms),
        credentials: &spec.credentials,
        signer: Signer::DEFAULT,
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

/// `shareableValue`: `value` of variable (or settings/INI key) `name` as it may be shared in a
/// link or a bug report: secrets, and plain values shaped like a credential (an API key in
/// `ANTHROPIC_MODEL`), become `<redacted>`, passwords in URLs are masked, other
/// values stay as they are. A blank secret stays blank: it holds nothing, and it means unset.
pub fn shareable_value(name: &str, value: &str) -> String {
    use crate::vars::Kind;
    match crate::vars::kind(name) {
        Kind::Secret if value.trim().is_empty() => value.to_owned(),
        Kind::Secret => crate::secret::REDACTED.to_owned(),
        Kind::Plain | Kind::UrlWithCredentials | Kind::ProxyUrl
            if crate::vars::hides_credential(name, value) =>
        {
            crate::secret::REDACTED.to_owned()
        }
        Kind::UrlWithCredentials => crate::vars::mask_url_credentials(value),
        Kind::ProxyUrl => crate::vars::mask_proxy_url(value),
        Kind::Command => crate::vars::mask_command(value),
        Kind::Plain => crate::vars::mask_plain(value),
    }
}

/// `shareableConfigValue`: `value` of variable (or settings/AWS-file key) `name` as it may be
/// put in a configuration shared for someone else to validate again (the playground's share
/// link): a name the core does not read keeps no value (a switch word aside); a secret, or a
/// credential pasted into a plain variable, becomes a stand-in of the same form (`sk-ant-api03-`
/// then filler), so the same problems are found; `ANTHROPIC_CUSTOM_HEADERS` keeps its header
/// names; URLs and commands are masked as [`shareable_value`] masks them. A blank value stays
/// blank. See [`crate::vars::shareable`].
pub fn shareable_config_value(name: &str, value: &str) -> String {
    crate::vars::shareable(name, value)
}

pub use crate::de::Json;

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        crate::de::any_json(d)
    }
}

impl Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            // napi refuses a u64 above u32::MAX (it would need a BigInt): whole numbers go as
            // i64 (a plain number there, in serde-wasm-bindgen and in JSON), larger ones as f64.
            Json::Scalar(Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => s.serialize_i64(i),
                (None, Some(f)) => s.serialize_f64(f),
                (None, None) => n.serialize(s),
            },
            Json::Scalar(v) => v.serialize(s),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// `shareableJson`: a resolution, its problems or any JSON as it may be shown or handed to
/// someone else (the CLI's output, the VS Code extension's API to other extensions): each
/// string member is masked by its key: a URL's (a key ending in `url`, any case: `baseUrl`,
/// `displayUrl`, a proxy's `url`) as [`shareable_value`] masks a URL variable, a `command`'s
/// (credential commands from settings) as it masks `apiKeyHelper`, the core's own prose
/// (`message`, `help`, `summary`: already free of secrets) kept, any other as it masks a plain
/// variable (a credential-shaped value `<redacted>`, a `user:password@` masked), as is an
/// array's string item. Other fields
/// of the core's output are already safe to show (secrets `<redacted>`, variable values hinted).
pub fn shareable_json(value: &Json) -> Json {
    match value {
        Json::Array(items) => Json::Array(items.iter().map(shareable_json).collect()),
        Json::Object(members) => Json::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), shareable_member(k, v)))
                .collect(),
        ),
        // A string outside an object's member (an array's item): as a plain variable's value.
        Json::Scalar(Value::String(text)) => {
            Json::Scalar(Value::String(shareable_value("ANTHROPIC_MODEL", text)))
        }
        Json::Scalar(v) => Json::Scalar(v.clone()),
    }
}

/// A member of an object, as [`shareable_json`] shows it.
fn shareable_member(key: &str, value: &Json) -> Json {
    let Json::Scalar(Value::String(text)) = value else {
        return shareable_json(value);
    };
    let k = key.as_bytes();
    let shown = if k.len() >= 3 && k[k.len() - 3..].eq_ignore_ascii_case(b"url") {
        shareable_value("ANTHROPIC_BASE_URL", text)
    } else if key == "command" {
        shareable_value("apiKeyHelper", text)
    } else if matches!(key, "message" | "help" | "summary") {
        text.clone()
    } else {
        shareable_value("ANTHROPIC_MODEL", text)
    };
    Json::Scalar(Value::String(shown))
}

/// The error as the plain object a JS error is built from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ErrorInfo {
    /// A [`Code`] in its stable string form.
    #[cfg_attr(feature = "ts", ts(as = "Code"))]
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
    fn prepared_builds_what_build_request_builds() {
        let config: ConfigInput = serde_json::from_value(serde_json::json!({"processEnv": {
            "CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-west-1",
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "CANARY-secret-key"
        }}))
        .unwrap();
        let prepared = Prepared::new(config.clone());
        for body in [
            r#"{"max_tokens":8,"messages":[]}"#,
            r#"{"model":"haiku","messages":[]}"#,
        ] {
            let spec: RequestSpec = serde_json::from_value(serde_json::json!({
                "stream": true, "nowMs": 1_768_478_400_000u64, "body": body
            }))
            .unwrap();
            let once = build_request(&config, &spec, None).unwrap();
            assert_eq!(prepared.build(&spec, None).unwrap(), once.request);
            assert_eq!(prepared.resolution(), &once.resolution);
        }
        let no_body: RequestSpec = serde_json::from_value(serde_json::json!({"nowMs": 0})).unwrap();
        assert_eq!(
            prepared.build(&no_body, None).unwrap_err().code(),
            Code::BodyInvalid
        );
    }

    #[test]
    fn proxy_route_carries_the_real_credentials_and_honours_no_proxy() {
        let v = serde_json::json!({"processEnv": {
            "HTTPS_PROXY": "http://us%40r:p%40ss@proxy.corp:3128", "NO_PROXY": "localhost,.internal"
        }});
        let input: ConfigInput = serde_json::from_value(v).unwrap();
        let r = proxy_route(&input, "https://api.anthropic.com/v1/messages").unwrap();
        assert_eq!(r.url, "http://proxy.corp:3128/");
        // base64("us@r:p@ss")
        assert_eq!(r.authorization.as_deref(), Some("Basic dXNAcjpwQHNz"));
        assert_eq!(r.display_url, "http://***@proxy.corp:3128");
        assert_eq!(r.env_var, "HTTPS_PROXY");
        assert!(proxy_route(&input, "https://gw.internal/v1/messages").is_none());
        assert!(proxy_route(&input, "http://localhost:4000/v1").is_none());
    }

    #[test]
    fn redaction_and_secret_names() {
        let r = HttpRequest {
            method: "POST".into(),
            url: "https://x".into(),
            headers: vec![crate::request::Header {
                name: "authorization".into(),
                value: "Bearer CANARY-TOKEN".into(),
                secret: true,
            }],
            body: b"{}".to_vec(),
            model: "m".into(),
        };
        assert_eq!(redact_request(&r).headers[0].value, "Bearer <redacted>");
        assert!(is_secret_var("ANTHROPIC_API_KEY") && is_secret_var("MY_GATEWAY_TOKEN"));
        assert!(!is_secret_var("AWS_REGION"));
    }

    #[test]
    fn effective_env_applies_settings_over_the_process_env() {
        let v = serde_json::json!({
            "processEnv": {"AWS_PROFILE": "shell", "AWS_REGION": "us-west-2", "HOME": "/h"},
            "settings": [
                {"scope": "managed", "settings": {"env": {"AWS_PROFILE": "managed"}}},
                {"scope": "user", "settings": {"env": {"AWS_PROFILE": "user", "AWS_REGION": "", "N": 1}}},
                {"scope": "project", "settings": {"env": {"HTTPS_PROXY": "http://p:3128"}}},
                {"scope": "local", "settings": []}
            ]
        });
        let input: ConfigInput = serde_json::from_value(v).unwrap();
        let env = effective_env(&input);
        assert_eq!(env["AWS_PROFILE"], "managed");
        // A blank settings value is set (to ""), as in Claude Code's process.env.
        assert_eq!(env["AWS_REGION"], "");
        assert_eq!(env["HTTPS_PROXY"], "http://p:3128");
        assert_eq!(env["HOME"], "/h");
        // Non-string settings values are not variables.
        assert!(!env.contains_key("N"));
        assert_eq!(env.len(), 4);
    }

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

    /// A JS value as napi reads one: `undefined` is a unit (`None` where an option is asked
    /// for), objects are maps of every key, and an ignored value is not looked into. `Cyclic` is
    /// `o` after `o.self = o`.
    #[derive(Clone)]
    enum Js {
        Undefined,
        Null,
        Num(u64),
        Str(&'static str),
        Arr(Vec<Js>),
        Obj(Vec<(&'static str, Js)>),
        Cyclic,
    }

    impl<'de> serde::de::IntoDeserializer<'de, serde::de::value::Error> for Js {
        type Deserializer = Js;
        fn into_deserializer(self) -> Js {
            self
        }
    }

    impl<'de> serde::Deserializer<'de> for Js {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            v: V,
        ) -> std::result::Result<V::Value, Self::Error> {
            use serde::de::value::{MapDeserializer, SeqDeserializer};
            match self {
                Js::Undefined | Js::Null => v.visit_unit(),
                Js::Num(n) => v.visit_u64(n),
                Js::Str(s) => v.visit_str(s),
                Js::Arr(a) => v.visit_seq(SeqDeserializer::new(a.into_iter())),
                Js::Obj(o) => v.visit_map(MapDeserializer::new(o.into_iter())),
                Js::Cyclic => {
                    v.visit_map(MapDeserializer::new(std::iter::once(("self", Js::Cyclic))))
                }
            }
        }
        fn deserialize_option<V: serde::de::Visitor<'de>>(
            self,
            v: V,
        ) -> std::result::Result<V::Value, Self::Error> {
            match self {
                Js::Undefined | Js::Null => v.visit_none(),
                js => v.visit_some(js),
            }
        }
        fn deserialize_enum<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            _: &'static [&'static str],
            v: V,
        ) -> std::result::Result<V::Value, Self::Error> {
            match self {
                Js::Str(s) => v.visit_enum(serde::de::IntoDeserializer::into_deserializer(s)),
                js => js.deserialize_any(v),
            }
        }
        fn deserialize_ignored_any<V: serde::de::Visitor<'de>>(
            self,
            v: V,
        ) -> std::result::Result<V::Value, Self::Error> {
            v.visit_unit()
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        }
    }

    fn layer(settings: Js) -> Js {
        Js::Arr(vec![Js::Obj(vec![
            ("scope", Js::Str("project")),
            ("settings", settings),
        ])])
    }

    fn request() -> Js {
        Js::Obj(vec![
            ("nowMs", Js::Num(1_768_478_400_000)),
            ("body", Js::Str("{}")),
        ])
    }

    #[test]
    fn shareable_json_masks_members_by_key_and_keeps_their_order() {
        let input: Json = serde_json::from_str(
            r#"{"provider": "bedrock", "endpoint": {"baseUrl": "https://u:CANARY1@gw.corp/v1",
              "displayURL": "http://bob:CANARY2@p:8080"},
              "credentialSteps": [{"command": "helper --token CANARY3", "summary": "runs apiKeyHelper"}],
              "model": "sk-ant-api03-CANARY4aaaaaaaaaaaaaaaa", "other": "http://bob:CANARY5@h", "big": 5000000000,
              "message": "kept as written", "n": 5, "ok": true, "none": null,
              "list": ["sk-ant-api03-itemaaaaaaaaaaaaaaaaa"]}"#,
        )
        .unwrap();
        let out = serde_json::to_string(&shareable_json(&input)).unwrap();
        assert_eq!(
            out,
            r#"{"provider":"bedrock","endpoint":{"baseUrl":"https://***@gw.corp/v1","displayURL":"http://***@p:8080"},"credentialSteps":[{"command":"helper --token ***","summary":"runs apiKeyHelper"}],"model":"<redacted>","other":"http://***@h","big":5000000000,"message":"kept as written","n":5,"ok":true,"none":null,"list":["<redacted>"]}"#
        );
        // As JavaScript gives a cyclic object: refused, naming no value.
        let e = Json::deserialize(Js::Obj(vec![("a", Js::Cyclic)]))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "the value nests arrays and objects deeper than 128 levels (a cyclic object"
            ),
            "{e}"
        );
    }

    #[test]
    fn cyclic_or_deep_settings_are_refused_by_every_input_type_and_other_values_not_looked_into() {
        let mut deep = Js::Arr(Vec::new());
        for _ in 0..1_000 {
            deep = Js::Arr(vec![deep]);
        }
        for settings in [Js::Cyclic, deep] {
            let settings = ("settings", layer(settings));
            let refused = [
                ConfigInput::deserialize(Js::Obj(vec![settings.clone()])).err(),
                ValidateInput::deserialize(Js::Obj(vec![settings.clone()])).err(),
                BuildInput::deserialize(Js::Obj(vec![settings, ("request", request())])).err(),
            ];
            for e in refused {
                let e = e.expect("refused").to_string();
                assert!(e.contains("`settings` nests arrays and objects deeper than 128 levels (a cyclic object"), "{e}");
            }
        }
        // A cyclic value where nothing is read (an AWS SDK object's extra keys, a key the input
        // does not have) is ignored: `#[serde(flatten)]` buffered it whole, recursing forever.
        let extra = ("extra", Js::Cyclic);
        assert!(ConfigInput::deserialize(Js::Obj(vec![extra.clone()])).is_ok());
        assert!(ValidateInput::deserialize(Js::Obj(vec![extra.clone()])).is_ok());
        let input = BuildInput::deserialize(Js::Obj(vec![extra, ("request", request())])).unwrap();
        assert_eq!(input.request.now_ms, 1_768_478_400_000);
    }

    #[test]
    fn undefined_and_null_are_absent_in_every_optional_field() {
        for absent in [Js::Undefined, Js::Null] {
            let config: Vec<_> = ["processEnv", "settings", "home", "pemFiles"]
                .into_iter()
                .map(|k| (k, absent.clone()))
                .collect();
            assert_eq!(
                ConfigInput::deserialize(Js::Obj(config.clone())).unwrap(),
                ConfigInput::default()
            );
            let home = Js::Obj(vec![(
                "home",
                Js::Obj(vec![("awsFilesRead", absent.clone())]),
            )]);
            assert_eq!(
                ConfigInput::deserialize(home).unwrap(),
                ConfigInput::default()
            );

            let mut validate = config.clone();
            validate.extend([
                ("credentialsCheck", absent.clone()),
                ("googleProjectId", absent.clone()),
            ]);
            assert_eq!(
                ValidateInput::deserialize(Js::Obj(validate.clone())).unwrap(),
                ValidateInput::default()
            );
            let rest = ValidateInputRest::deserialize(Js::Obj(validate)).unwrap();
            assert_eq!(rest, ValidateInputRest::default());

            let mut spec = vec![("nowMs", Js::Num(5)), ("body", absent.clone())];
            for k in [
                "kind",
                "stream",
                "betas",
                "wire",
                "sdkConventions",
                "sdkFamily",
                "credentials",
            ] {
                spec.push((k, absent.clone()));
            }
            let spec = RequestSpec::deserialize(Js::Obj(spec)).unwrap();
            let default: RequestSpec = serde_json::from_str(r#"{"nowMs": 5}"#).unwrap();
            assert_eq!(spec, default);
            let mut build = config;
            build.push((
                "request",
                Js::Obj(vec![("nowMs", Js::Num(5)), ("betas", absent.clone())]),
            ));
            let build = BuildInput::deserialize(Js::Obj(build)).unwrap();
            assert_eq!(
                (build.config, build.request),
                (ConfigInput::default(), default)
            );

            let options = Js::Obj(vec![
                ("limits", absent.clone()),
                ("disableBedrockContentTypeGuard", absent.clone()),
            ]);
            let options = crate::stream::DecoderOptions::deserialize(options).unwrap();
            assert_eq!(options, crate::stream::DecoderOptions::default());
            let limits = Js::Obj(
                ["maxFrameBytes", "maxLineBytes", "maxEventBytes"]
                    .map(|k| (k, absent.clone()))
                    .to_vec(),
            );
            let limits = crate::stream::Limits::deserialize(limits).unwrap();
            assert_eq!(limits, crate::stream::Limits::default());
        }
    }

    #[test]
    fn json_null_is_absent_too() {
        let v = serde_json::json!({
            "processEnv": null, "settings": null, "home": {"awsFilesRead": null}, "pemFiles": null,
            "credentialsCheck": null,
            "request": {"nowMs": 5, "body": null, "kind": null, "stream": null, "betas": null,
                "wire": null, "sdkConventions": null, "sdkFamily": null, "credentials": null}
        });
        let default: RequestSpec = serde_json::from_str(r#"{"nowMs": 5}"#).unwrap();
        let build: BuildInput = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(
            (build.config, build.request),
            (ConfigInput::default(), default)
        );
        let validate: ValidateInput = serde_json::from_value(v).unwrap();
        assert_eq!(validate, ValidateInput::default());
        let options: crate::stream::DecoderOptions = serde_json::from_str(
            r#"{"limits": {"maxFrameBytes": null, "maxLineBytes": 9007199254740991}, "disableBedrockContentTypeGuard": null}"#,
        )
        .unwrap();
        assert_eq!(
            options.limits.max_frame_bytes,
            crate::stream::DEFAULT_MAX_BYTES
        );
        assert_eq!(
            options.limits.max_line_bytes,
            usize::try_from(9007199254740991u64).unwrap_or(usize::MAX)
        );
        assert!(!options.disable_bedrock_content_type_guard);
    }

    #[test]
    fn the_configuration_reads_the_same_alone_and_with_the_rest() {
        // The fields written out for ValidateInput and BuildInput are ConfigInput's.
        let v = serde_json::json!({
            "processEnv": {"ANTHROPIC_API_KEY": "k"},
            "settings": [{"scope": "user", "path": "/u.json", "settings": {"env": {"A": "1"}}}],
            "home": {"awsConfig": {"path": "/c", "text": "[default]"}, "awsFilesRead": true,
                "googleAdcFound": false, "claudeLoginFound": true, "azureLoginFound": false},
            "pemFiles": [{"path": "/ca.pem", "unreadable": "notFound"}],
            "credentialsCheck": "found", "googleProjectId": "p",
            "request": {"nowMs": 5}
        });
        let config: ConfigInput = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(config.pem_files.len(), 1);
        assert!(config.home.aws_files_read && config.home.aws_config.is_some());
        let validate: ValidateInput = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(validate.config, config);
        assert_eq!(validate.credentials_check, CredentialCheck::Found);
        assert_eq!(validate.google_project_id.as_deref(), Some("p"));
        let build: BuildInput = serde_json::from_value(v).unwrap();
        assert_eq!(build.config, config);
        // And they serialize as before (flattened).
        let out = serde_json::to_value(&validate).unwrap();
        assert_eq!(out["credentialsCheck"], "found");
        assert_eq!(out["processEnv"]["ANTHROPIC_API_KEY"], "k");
    }

    #[test]
    fn a_body_that_is_not_utf8_is_refused_naming_the_offset_never_the_bytes() {
        let config: ConfigInput = serde_json::from_value(serde_json::json!({"processEnv": {
            "CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"
        }}))
        .unwrap();
        let spec: RequestSpec =
            serde_json::from_value(serde_json::json!({"nowMs": 1_768_478_400_000u64})).unwrap();
        let prepared = Prepared::new(config.clone());
        let head = br#"{"max_tokens":1,"messages":[],"x":"CANARY-"#;
        // A Latin-1 byte, a lone continuation byte, a truncated 3-byte sequence, a surrogate.
        for bad in [&[0xffu8][..], &[0x80], &[0xe6, 0x9b], &[0xed, 0xa0, 0x80]] {
            let body = [&head[..], bad, br#""}"#].concat();
            let errors = [
                build_request(&config, &spec, Some(&body)).unwrap_err(),
                prepared.build(&spec, Some(&body)).unwrap_err(),
            ];
            for e in errors {
                let info = ErrorInfo::from(&e);
                assert_eq!(info.code, "BODY_INVALID");
                assert_eq!(
                    info.message,
                    format!("The request body is not UTF-8: the byte at offset {} is not valid UTF-8, and a JSON body must be (RFC 8259).", head.len())
                );
                assert!(!format!("{info:?}").contains("CANARY"), "{info:?}");
            }
        }
        // UTF-8 beyond ASCII goes out as it came in, whether bytes or text.
        let text = r#"{"max_tokens":1,"messages":[{"role":"user","content":"héllo ✓ 更快 😀"}]}"#;
        let out = build_request(&config, &spec, Some(text.as_bytes())).unwrap();
        let spec_text = RequestSpec {
            body: Some(text.into()),
            ..spec
        };
        assert_eq!(prepared.build(&spec_text, None).unwrap(), out.request);
        let sent = std::str::from_utf8(&out.request.body).unwrap();
        assert!(sent.contains("héllo ✓ 更快 😀"), "{sent}");
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
        // Blank means unset: it stays blank, so a shared configuration means the same.
        assert_eq!(shareable_value("ANTHROPIC_API_KEY", ""), "");
        assert_eq!(shareable_value("ANTHROPIC_API_KEY", " "), " ");
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

/// The `code` of the `TypeError` both bindings throw for a malformed argument (a value of the
/// wrong type, an unknown enum variant): not a configuration problem, so not a [`Code`].
pub const ARGUMENT_INVALID: &str = "ARGUMENT_INVALID";

/// A conversion error's text without the values it quotes. serde names the value it could not
/// use (`invalid type: string "sk-ant-…", expected struct ConfigInput`, ``unknown variant
/// `…` ``, ``invalid type: integer `…`, expected a string``), and a value passed in the wrong
/// place may be a secret: the bindings pass their argument-conversion errors through this.
/// Field names and the expected shapes stay.
pub fn conversion_error_text(text: &str) -> String {
    // serde's `Unexpected` values that can carry a secret: the marker before the value, the
    // quote that closes it, the words that replace it.
    // serde-wasm-bindgen writes a JS value it cannot convert as `JsValue(…)`, brackets nested
    // (`JsValue(Symbol(…))`, a BigInt `JsValue(123n)`).
    const QUOTED: [(&str, char, &str); 6] = [
        ("string \"", '"', "a string"),
        ("variant `", '`', "variant"),
        ("integer `", '`', "an integer"),
        ("floating point `", '`', "a number"),
        ("character `", '`', "a character"),
        ("JsValue(", ')', "a JS value"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, marker, close, word)) = QUOTED
        .iter()
        .filter_map(|&(m, close, word)| rest.find(m).map(|at| (at, m, close, word)))
        .min_by_key(|&(at, ..)| at)
    {
        out.push_str(&rest[..at]);
        out.push_str(word);
        // Past the closing quote; serde writes a string with `{:?}`, so `\"` does not close it.
        // A `JsValue(…)` is written as it is (a Symbol's description unescaped, brackets and
        // all), so it ends only where serde's own text goes on: at the last `), expected `.
        let quoted = &rest[at + marker.len()..];
        let mut escaped = false;
        let end = if close == ')' {
            quoted.rfind("), expected ").map(|i| i + 1)
        } else {
            quoted.char_indices().find_map(|(i, c)| {
                let closes = c == close && !escaped;
                escaped = c == '\\' && !escaped;
                closes.then_some(i + 1)
            })
        };
        rest = end.map_or("", |e| &quoted[e..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod conversion_error_tests {
    use super::conversion_error_text as t;

    #[test]
    fn a_js_value_is_dropped_whatever_brackets_it_holds() {
        // A Symbol's description is written unescaped: unbalanced brackets must not end it.
        assert_eq!(
            t("invalid type: JsValue(Symbol(x))CANARYsym)), expected a string"),
            "invalid type: a JS value, expected a string"
        );
        assert_eq!(
            t("invalid type: JsValue(Symbol(a), expected CANARY)), expected a string"),
            "invalid type: a JS value, expected a string"
        );
        // Nothing of serde's after it: all of it goes.
        assert_eq!(
            t("invalid value: JsValue(Symbol(CANARY"),
            "invalid value: a JS value"
        );
    }

    #[test]
    fn js_values_are_dropped_with_their_nested_brackets() {
        assert_eq!(
            t("invalid type: JsValue(Symbol(sk-ant-CANARY)), expected a string"),
            "invalid type: a JS value, expected a string"
        );
        assert_eq!(
            t("invalid type: JsValue(98765432109876543210n), expected a string at ANTHROPIC_API_KEY"),
            "invalid type: a JS value, expected a string at ANTHROPIC_API_KEY"
        );
    }

    #[test]
    fn quoted_values_are_dropped_and_the_shape_kept() {
        assert_eq!(
            t(r#"invalid type: string "sk-ant-api03-CANARY", expected struct ConfigInput"#),
            "invalid type: a string, expected struct ConfigInput"
        );
        assert_eq!(
            t("unknown variant `sk-ant-CANARY`, expected one of `user`, `project`"),
            "unknown variant, expected one of `user`, `project`"
        );
        assert_eq!(
            t(r#"invalid value: string "a\"b CANARY", expected x at line 1"#),
            "invalid value: a string, expected x at line 1"
        );
        assert_eq!(t("missing field `settings`"), "missing field `settings`");
        assert_eq!(
            t(r#"invalid type: string "unterminated CANARY"#),
            "invalid type: a string"
        );
        assert_eq!(t(""), "");
    }

    #[test]
    fn quoted_numbers_are_dropped_too() {
        // A PIN or an account number in a field that takes a string.
        assert_eq!(
            t("invalid type: integer `9876543210`, expected a string"),
            "invalid type: an integer, expected a string"
        );
        assert_eq!(
            t("invalid type: floating point `1234.5`, expected a string at line 1"),
            "invalid type: a number, expected a string at line 1"
        );
        assert_eq!(
            t("invalid type: character `x`, expected u64; unknown variant `y`, expected `a`"),
            "invalid type: a character, expected u64; unknown variant, expected `a`"
        );
        assert_eq!(
            t("invalid type: boolean `true`"),
            "invalid type: boolean `true`"
        );
    }
}

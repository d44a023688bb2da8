//! Building the exact HTTP request each provider expects: method, URL, headers (auth, betas,
//! versions, custom headers, SigV4) and the body rewritten for the provider.

mod auth_headers;
pub mod betas;
mod body;
mod json_blocks;
pub mod json_edits;
pub mod json_object;
mod model_choice;
pub mod render;
mod url_path;

use crate::auth::Credentials;
use crate::env::{ConfigInput, Env, EnvOrder};
use crate::models::ModelChoice;
use crate::problem::{Code, Problem, Result};
use crate::provider::ProviderId;
use crate::resolve::{resolve_env, Resolution};
use serde::{Deserialize, Serialize};
use std::time::SystemTime;

pub use render::RequestFormat;

/// Which API call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum RequestKind {
    #[default]
    Messages,
    CountTokens,
}

/// The wire generation: Claude Code's (`2023-06-01`) or the current official SDKs' (`2026-10-21`:
/// `anthropic-version: 2026-10-21`, bearer API keys, `anthropic_version: "2026-10-21"` in
/// Bedrock and Vertex bodies).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum WireVersion {
    #[default]
    #[serde(rename = "2023-06-01")]
    V2023_06_01,
    #[serde(rename = "2026-10-21")]
    V2026_10_21,
}

impl WireVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            WireVersion::V2023_06_01 => "2023-06-01",
            WireVersion::V2026_10_21 => "2026-10-21",
        }
    }
}

/// The official SDK family, for the few request details that differ between the TypeScript
/// and Python SDKs of the same wire generation (the `sdk/<generation>/` vectors; REPORT §1.3–1.6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SdkFamily {
    /// `@anthropic-ai/sdk` and its Bedrock/Vertex/Foundry packages. The 0.x line (2023-06-01)
    /// keeps the `anthropic-version` header on Bedrock and Vertex, as Claude Code does.
    #[default]
    TypeScript,
    /// PyPI `anthropic`: drops the `anthropic-version` header on Bedrock and Vertex in every
    /// generation (the body's `anthropic_version` carries it), and sends a Foundry API key as
    /// both `x-api-key` and `api-key`.
    Python,
}

/// What to build.
#[derive(Clone, Debug)]
pub struct RequestOptions<'a> {
    pub kind: RequestKind,
    pub stream: bool,
    /// An Anthropic Messages API request body (a JSON object). A `model` in it is used as the
    /// requested model; otherwise the resolved main model is used.
    pub body: &'a [u8],
    /// Betas the caller wants (in addition to `ANTHROPIC_BETAS` and `[1m]`).
    pub betas: &'a [String],
    pub wire: WireVersion,
    /// Use the official SDKs' conventions where they differ from Claude Code's (no
    /// `?beta=true` without betas, every beta in both Bedrock header and body).
    pub sdk_conventions: bool,
    /// Which SDK family's own quirks to follow; consulted only with `sdk_conventions`.
    pub sdk_family: SdkFamily,
    /// Signing time (SigV4).
    pub now: SystemTime,
    pub credentials: &'a Credentials,
    /// Which SigV4 implementation signs ([`crate::sigv4::Signer`]; both sign identically).
    pub signer: crate::sigv4::Signer,
}

impl<'a> RequestOptions<'a> {
    /// A non-streaming Messages request with `body`, signed at `now` with `credentials`: no
    /// extra betas, the `2023-06-01` wire, Claude Code's conventions, the default signer.
    /// Change a field with struct update syntax (`RequestOptions { stream: true, ..o }`).
    pub fn messages(body: &'a [u8], credentials: &'a Credentials, now: SystemTime) -> Self {
        RequestOptions {
            kind: RequestKind::Messages,
            stream: false,
            body,
            betas: &[],
            wire: WireVersion::default(),
            sdk_conventions: false,
            sdk_family: SdkFamily::default(),
            now,
            credentials,
            signer: crate::sigv4::Signer::DEFAULT,
        }
    }
}

/// One header; `secret` values are redacted when shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub name: String,
    pub value: String,
    pub secret: bool,
}

/// The exact request to send.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<Header>,
    #[serde(with = "body_as_string")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub body: Vec<u8>,
    /// The provider-specific model ID the request targets.
    pub model: String,
}

impl HttpRequest {
    /// A header's (first) value by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).next()
    }

    /// Every value of a header, by case-insensitive name, in order.
    pub fn header_values<'r, 'n>(
        &'r self,
        name: &'n str,
    ) -> impl Iterator<Item = &'r str> + use<'r, 'n> {
        self.headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// The same request with secret header values replaced by `<redacted>`.
    pub fn redacted(&self) -> HttpRequest {
        let mut r = self.clone();
        // A base URL may carry `user:password@`.
        r.url = crate::vars::mask_url_credentials(&r.url);
        for h in &mut r.headers {
            if h.secret {
                h.value = redact_header_value(&h.value);
            }
        }
        r
    }
}

/// Keeps the scheme word of an Authorization value and the public parts of a SigV4 one.
fn redact_header_value(v: &str) -> String {
    if let Some(rest) = v.strip_prefix("AWS4-HMAC-SHA256 ") {
        // Credential scope and signed headers are not secret; the access key id is shown by AWS
        // tools too, unless it is a secret access key (AWS_ACCESS_KEY_ID and
        // AWS_SECRET_ACCESS_KEY swapped: `id/date/region/service/aws4_request`).
        let kept: Vec<String> = rest
            .split(", ")
            .filter(|p| !p.starts_with("Signature="))
            .map(|p| match p.strip_prefix("Credential=") {
                Some(scope) => {
                    let id_end = scope.match_indices('/').rev().nth(3).map_or(0, |(i, _)| i);
                    let id = &scope[..id_end];
                    if !crate::secret::is_aws_access_key_id(id)
                        && crate::vars::hides_credential("AWS_ACCESS_KEY_ID", id)
                    {
                        format!("Credential={}{}", crate::secret::REDACTED, &scope[id_end..])
                    } else {
                        p.to_owned()
                    }
                }
                None => p.to_owned(),
            })
            .collect();
        return format!(
            "AWS4-HMAC-SHA256 {}, Signature={}",
            kept.join(", "),
            crate::secret::REDACTED
        );
    }
    match v.split_once(' ') {
        Some((scheme, _))
            if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("basic") =>
        {
            format!("{scheme} {}", crate::secret::REDACTED)
        }
        _ => crate::secret::REDACTED.to_owned(),
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = self.redacted();
        f.debug_struct("HttpRequest")
            .field("method", &r.method)
            .field("url", &r.url)
            .field("headers", &r.headers)
            .field("body_len", &r.body.len())
            .field("model", &r.model)
            .finish()
    }
}

mod body_as_string {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        // A built body is UTF-8 (the builder refuses a body that is not: `utf8_body`); a request
        // made by hand (`renderRequest`'s or `redactRequest`'s argument) may not be. Validate
        // fast (simdutf8) and take the lossy path only then. `from_utf8_lossy` alone decoded a
        // 50 KB body char by char: 6% of a wasm `buildRequest`.
        match simdutf8::basic::from_utf8(b) {
            Ok(text) => s.serialize_str(text),
            Err(_) => s.serialize_str(&String::from_utf8_lossy(b)),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        Ok(String::deserialize(d)?.into_bytes())
    }
}

/// The request and the resolution it came from.
#[derive(Clone, Debug)]
pub struct Built {
    pub request: HttpRequest,
    pub resolution: Resolution,
}

/// Resolves `input` and builds the request. Fails on the first error-severity problem that
/// makes the request impossible (no endpoint, no credential, a bad body).
pub fn build_request(input: &ConfigInput, opts: &RequestOptions<'_>) -> Result<Built> {
    let order = EnvOrder::new(input);
    let env = order.env();
    let resolution = resolve_env(&env);
    let request = build_with(&env, &resolution, opts, None)?;
    Ok(Built {
        request,
        resolution,
    })
}

/// Builds from an existing resolution. `model` overrides the model (else the body's `model`,
/// else the resolved main model).
pub fn build_with(
    env: &Env<'_>,
    r: &Resolution,
    opts: &RequestOptions<'_>,
    model: Option<&ModelChoice>,
) -> Result<HttpRequest> {
    // Vertex without a project variable: the project the runtime's Google credentials resolved.
    let mut unsafe_project = Vec::new();
    let creds_project = crate::resolve::vertex_credentials_project(
        r,
        opts.credentials.google_project_id.as_deref(),
        &mut unsafe_project,
    );
    if let Some(p) = unsafe_project.into_iter().next() {
        return Err(p.into());
    }
    let blocking = r.problems.iter().find(|p| {
        p.severity == crate::problem::Severity::Error
            && blocks_request(p.code)
            && !(p.code == Code::VertexProjectMissing && creds_project.is_some())
    });
    if let Some(p) = blocking {
        return Err(p.clone().into());
    }
    let Some(endpoint) = r.endpoint.as_ref() else {
        return Err(Problem::error(
            Code::BaseUrlInvalid,
            "No endpoint could be determined for this configuration.",
            "Fix the errors reported by validate().",
        )
        .into());
    };
    utf8_body(opts.body)?;
    let parsed = json_object::TopLevel::parse(opts.body).map_err(|e| {
        Error::from(Problem::error(Code::BodyInvalid, format!("The request body is not a JSON object: {} at byte {}.", e.what, e.at), "Pass an Anthropic Messages API request body: a JSON object with `messages` (and usually `max_tokens`)."))
    })?;
    let requested_model: Option<String> =
        match parsed.get::<String>("model") {
            Some(Ok(m)) => Some(m),
            Some(Err(_)) => return Err(Problem::error(
                Code::BodyInvalid,
                "The body's `model` is not a string.",
                "Set `model` to a model ID or alias, or leave it out to use the configured model.",
            )
            .into()),
            None => None,
        };
    let owned_choice;
    let choice: &ModelChoice = match (model, requested_model) {
        (Some(c), _) => c,
        (None, Some(m)) => {
            owned_choice = model_choice::choice_for(env, r, &m)?;
            &owned_choice
        }
        (None, None) => &r.models.main,
    };
    let provider = route(r, choice);
    let endpoint = if provider != r.provider {
        r.details.mantle_endpoint.as_ref().unwrap_or(endpoint)
    } else {
        endpoint
    };

    let placed = betas::place(&betas::BetaInput {
        provider,
        requested: &body::caller_betas(&parsed, opts.betas),
        configured: &r.knobs.betas,
        context_1m: choice.context_1m
            && !r.knobs.disable_1m_context
            && crate::models::context_1m_beta_applies(choice),
        disable_experimental: r.knobs.disable_experimental_betas,
        sdk_placement: opts.sdk_conventions,
    });
    let url = url_path::url(
        provider,
        endpoint,
        r,
        r.details.project.as_ref().or(creds_project.as_ref()),
        choice,
        opts,
        !placed.header.is_empty(),
    )?;
    let body = body::rewrite(&parsed, provider, r, choice, opts, &placed.body)?;

    let mut headers: Vec<Header> = Vec::with_capacity(12 + r.knobs.custom_headers.len());
    let plain = |n: &str, v: &str| Header {
        name: n.to_owned(),
        value: v.to_owned(),
        secret: false,
    };
    headers.push(plain("accept", "application/json"));
    headers.push(plain("content-type", "application/json"));
    if sends_version_header(provider, opts) {
        headers.push(plain("anthropic-version", opts.wire.as_str()));
    }
    if !placed.header.is_empty() {
        headers.push(plain("anthropic-beta", &placed.header.join(",")));
    }
    // Claude Platform on AWS names the workspace in a header; on Google Cloud it is in the
    // path only (`@anthropic-ai/google-cloud-sdk` 1.1.4, vectors `ts-1.x-google-cloud-*`).
    if provider == ProviderId::AnthropicAws {
        if let Some(ws) = &r.details.workspace_id {
            headers.push(plain("anthropic-workspace-id", &ws.value));
        }
    }
    if provider == ProviderId::Bedrock {
        if let Some(tier) = &r.details.service_tier {
            headers.push(plain("x-amzn-bedrock-service-tier", &tier.value));
        }
    }
    add_custom_headers(&r.knobs.custom_headers, &mut headers);
    auth_headers::apply(env, r, provider, opts, &url, &body, &mut headers)?;
    Ok(HttpRequest {
        method: "POST".to_owned(),
        url,
        headers,
        body,
        model: choice.id.clone().into_owned(),
    })
}

use crate::problem::Error;

/// JSON sent between systems is UTF-8 (RFC 8259 §8.1), and the body goes out as the bytes
/// signed: bytes that are not UTF-8 would be sent and signed as given but shown (and returned
/// as text) decoded, so the two would differ. Checked once per request, on the bytes as they
/// came in (SIMD: a small part of hashing them); the error names the offset, never the bytes.
fn utf8_body(body: &[u8]) -> Result<()> {
    if simdutf8::basic::from_utf8(body).is_ok() {
        return Ok(());
    }
    let at = std::str::from_utf8(body)
        .err()
        .map_or(0, |e| e.valid_up_to());
    Err(Problem::error(
        Code::BodyInvalid,
        format!("The request body is not UTF-8: the byte at offset {at} is not valid UTF-8, and a JSON body must be (RFC 8259)."),
        "Pass the body as text, or as bytes encoded as UTF-8 (what TextEncoder, Buffer.from(text) and JSON serializers give); text in another encoding must be converted first.",
    )
    .into())
}

/// `ANTHROPIC_CUSTOM_HEADERS`, merged as the Anthropic SDK merges its `defaultHeaders` (where
/// Claude Code puts them): a later source replaces an earlier header of the same name, in the
/// order base headers (`accept`, `anthropic-version`) < auth headers < custom headers < body
/// headers (`content-type`) < request headers (`anthropic-beta` from the betas). So a custom
/// header replaces a base one of its name, and yields to `content-type` and `anthropic-beta`;
/// auth headers are settled in `auth_headers::apply`.
fn add_custom_headers(custom: &[crate::resolve::CustomHeader], headers: &mut Vec<Header>) {
    // The custom names are distinct (`parse_custom_headers` merges repeats), so a custom header
    // can only meet one built before them: searching those alone keeps 50k lines linear.
    let mut base = headers.len();
    for h in custom {
        let name = h.name.as_str();
        let built_in = headers[..base]
            .iter()
            .position(|b| b.name.eq_ignore_ascii_case(name));
        match built_in {
            Some(_)
                if name.eq_ignore_ascii_case("content-type")
                    || name.eq_ignore_ascii_case("anthropic-beta") =>
            {
                continue
            }
            Some(i) => {
                headers.remove(i);
                base -= 1;
            }
            None => {}
        }
        headers.push(Header {
            name: h.name.clone(),
            value: h.value.expose().to_owned(),
            secret: true,
        });
    }
}

/// Mantle alongside Bedrock serves the Mantle-form model IDs; everything else goes to the
/// resolved provider.
fn route(r: &Resolution, choice: &ModelChoice) -> ProviderId {
    if r.mantle_alongside && crate::models::is_mantle_form(&choice.id) {
        ProviderId::Mantle
    } else {
        r.provider
    }
}

/// Errors that make a request impossible to build (others, like a missing credential the
/// runtime may still supply, are checked where the credential is needed).
fn blocks_request(code: Code) -> bool {
    !matches!(
        code,
        Code::AnthropicNoCredentials
            | Code::AwsNoCredentials
            | Code::VertexNoCredentials
            | Code::GoogleCloudNoCredentials
            | Code::FoundryNoCredentials
            | Code::ProxyUrlInvalid
            | Code::ProxySchemeUnsupported
            | Code::MtlsIncomplete
            | Code::MtlsPassphraseMissing
            | Code::MtlsPassphraseWrong
            | Code::CertFileInvalid
            | Code::CertStoreInvalid
            | Code::SettingsInvalid
            | Code::AwsProfileNotFound
            | Code::AwsKeysIncomplete
    )
}

/// Claude Code sends `anthropic-version` as a header everywhere; the 2026 SDKs and the Python
/// SDK drop it on Bedrock and Vertex, where the body's `anthropic_version` carries it.
fn sends_version_header(provider: ProviderId, opts: &RequestOptions<'_>) -> bool {
    let body_only = opts.wire == WireVersion::V2026_10_21
        || (opts.sdk_conventions && opts.sdk_family == SdkFamily::Python);
    !(body_only && matches!(provider, ProviderId::Bedrock | ProviderId::Vertex))
}

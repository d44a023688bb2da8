//! AWS SigV4 signing for Bedrock (`bedrock`), Mantle (`bedrock-mantle`) and Claude Platform on
//! AWS (`aws-external-anthropic`), with the `aws-sigv4` crate configured to sign the way Claude
//! Code's signer (`@smithy/signature-v4`, the AWS JS SDK) does. The signing time is an input.
//!
//! What Claude Code does, checked against every SigV4 request in the captures:
//! * The canonical URI is the wire path, normalized (`.`/`..`/`//`) and URI-encoded once more:
//!   `/model/arn:aws:bedrock:…:application-inference-profile%2Fabc/invoke` is signed as
//!   `/model/arn%3Aaws%3Abedrock%3A…%3Aapplication-inference-profile%252Fabc/invoke`, and the
//!   control-plane `/inference-profiles/arn%3Aaws%3A…` as `/inference-profiles/arn%253Aaws%253A…`.
//! * Every header handed to the signer is signed except the JS SDK's always-unsignable ones
//!   (`authorization`, `user-agent`, `connection`, `expect`, `transfer-encoding`, … and
//!   `proxy-*`/`sec-*`). `content-length` and `accept-encoding` are absent from Claude Code's
//!   `SignedHeaders` only because its HTTP client adds them after signing: to reproduce Claude
//!   Code, do not pass them.
//! * `x-amz-content-sha256` (hex SHA-256 of the body) is added and signed; `x-amz-security-token`
//!   is added and signed when there is a session token.
//!
//! Header values are trimmed and inner whitespace runs collapsed to one space as the JS SDK does
//! (`value.trim().replace(/\s+/g, " ")`); aws-sigv4 alone only collapses spaces, not tabs.
//!
//! Two implementations compute the signature ([`Signer`]): the `aws-sigv4` crate (the default
//! cargo feature `aws-sigv4`) and the built-in one (`builtin.rs`, what the WebAssembly build uses
//! to stay small and the Node addon uses because it is faster per request). They agree on every
//! conformance vector.

mod builtin;

use crate::problem::{Code, Problem};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// AWS credentials, as resolved by the runtime (env keys, profile, SSO, `awsCredentialExport`…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<Secret>,
    /// Expiry as Unix seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
}

/// What to sign. Every header in `headers` is signed except the ones SigV4 never signs
/// (`user-agent`, `authorization`, hop-by-hop headers), as the AWS JS SDK does.
///
/// Headers the signer owns are not taken from `headers`: `x-amz-date` (from `time`),
/// `x-amz-security-token` (from the credentials, when they have a token) and `date` (the JS SDK
/// deletes it). A given `x-amz-content-sha256` is used as the payload hash instead of hashing
/// `body`, as the JS SDK and botocore do. Repeated names are joined with `,`, as HTTP does.
pub struct SignRequest<'a> {
    pub method: &'a str,
    /// Absolute URL exactly as it goes on the wire (path already percent-encoded).
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub service: &'a str,
    pub region: &'a str,
    pub time: SystemTime,
    pub credentials: &'a AwsCredentials,
}

impl fmt::Debug for SignRequest<'_> {
    // Manual: the body can be megabytes, and a caller may pass a token header by mistake.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(self.headers))
            .field("body_len", &self.body.len())
            .field("service", &self.service)
            .field("region", &self.region)
            .field("time", &self.time)
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// Headers to add to the request: `x-amz-date`, `x-amz-content-sha256`,
/// `x-amz-security-token` (with a session token) and `authorization`, in that order.
/// Each replaces any header of the same name the request already has.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    pub headers: Vec<(String, String)>,
    pub signature: String,
}

impl Signed {
    /// The value of one of the added headers (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        self.header("authorization").unwrap_or_default()
    }
}

impl fmt::Debug for Signed {
    // Manual: `x-amz-security-token` carries the session token, a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("headers", &RedactedHeaders(&self.headers))
            .field("signature", &self.signature)
            .finish()
    }
}

/// Headers whose values are (or may be) credentials and are never printed. A SigV4
/// `authorization` is only a signature, but the same name carries bearer tokens elsewhere.
const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    "x-api-key",
    "api-key",
    "proxy-authorization",
    "cookie",
];

struct RedactedHeaders<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            let hide = SENSITIVE_HEADERS
                .iter()
                .any(|s| name.eq_ignore_ascii_case(s));
            let shown: &str = if hide { crate::secret::REDACTED } else { value };
            list.entry(&(name.as_str(), shown));
        }
        list.finish()
    }
}

/// How to sign. [`SignOptions::CLAUDE_CODE`] (the default) is what Claude Code does; the other
/// knobs exist for the reference vectors (botocore, the AWS suite) and mirror aws-sigv4 settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignOptions<'a> {
    /// Add and sign `x-amz-content-sha256`. The JS SDK does; botocore does not for Bedrock.
    pub content_sha256_header: bool,
    /// Remove `.`/`..` segments and merge `//` before encoding. Off only for S3-style signing.
    pub normalize_path: bool,
    /// Sign `x-amz-security-token`. Off: add it after signing (some STS-style services).
    pub sign_session_token: bool,
    /// Hex SHA-256 of the body when the caller has it and not the body (then `body` is unused).
    pub payload_sha256: Option<&'a str>,
}

impl SignOptions<'static> {
    /// What Claude Code's AWS JS SDK signer does for Bedrock, Mantle and Claude Platform on AWS.
    pub const CLAUDE_CODE: Self = Self {
        content_sha256_header: true,
        normalize_path: true,
        sign_session_token: true,
        payload_sha256: None,
    };
    /// botocore's `SigV4Auth` for `bedrock-runtime` (the Python SDKs): no content hash header.
    pub const BOTOCORE: Self = Self {
        content_sha256_header: false,
        ..Self::CLAUDE_CODE
    };
}

impl Default for SignOptions<'_> {
    fn default() -> Self {
        SignOptions::CLAUDE_CODE
    }
}

/// The JS SDK's `ALWAYS_UNSIGNABLE_HEADERS`, plus `date` which it deletes before signing.
const UNSIGNABLE_HEADERS: &[&str] = &[
    "authorization",
    "cache-control",
    "connection",
    "expect",
    "from",
    "keep-alive",
    "max-forwards",
    "pragma",
    "referer",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
    "date",
];

/// The headers signing adds, in the order both signers return them (the JS SDK's order).
const ADDED_HEADER_ORDER: [&str; 4] = [
    X_AMZ_DATE,
    X_AMZ_CONTENT_SHA256,
    X_AMZ_SECURITY_TOKEN,
    "authorization",
];
/// The most headers handed to the `aws-sigv4` crate: it sizes an `http::HeaderMap` for them,
/// which panics above 24576 (`n + n/3` rounded up to a power of two must stay within 2^15),
/// and adds up to five. A request with this many headers (`ANTHROPIC_CUSTOM_HEADERS` of as
/// many lines) is signed by the built-in signer instead.
#[cfg(feature = "aws-sigv4")]
const AWS_SIGV4_MAX_HEADERS: usize = 16_384;
const X_AMZ_DATE: &str = "x-amz-date";
const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";
const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Headers SigV4 (as the JS SDK does it) never signs.
pub fn is_unsignable_header(name: &str) -> bool {
    UNSIGNABLE_HEADERS
        .iter()
        .any(|u| name.eq_ignore_ascii_case(u))
        || starts_with_ignore_case(name, "proxy-")
        || starts_with_ignore_case(name, "sec-")
}

fn input_invalid(message: impl Into<String>) -> crate::Error {
    Problem::error(
        Code::SigningInputInvalid,
        message,
        "This is a bug in the caller of the signer, not a setting; please report it.",
    )
    .into()
}

fn header_invalid(name: &str, why: &str) -> crate::Error {
    // Never the value: it may be a credential.
    let shown: String = name.chars().take(64).collect();
    Problem::error(
        Code::HeaderValueInvalid,
        format!("Header `{}` cannot be signed: {why}", shown.escape_debug()),
        "Check the header (e.g. in ANTHROPIC_CUSTOM_HEADERS): a name is letters, digits and `-`; a value has no line breaks or control characters.",
    )
    .into()
}

/// RFC 9110 `token` characters, which header names and methods are made of.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Region and service go into the credential scope `DATE/REGION/SERVICE/aws4_request`.
fn is_scope_part(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// Control characters (other than tab) cannot be on the wire; line breaks would inject headers.
fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\t') || c == '\u{7f}')
}

/// JavaScript's `\s`: the characters `String.prototype.trim` and `/\s+/` match.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// `value.trim().replace(/\s+/g, " ")`, borrowing when nothing changes (the usual case).
fn normalize_value(value: &str) -> Cow<'_, str> {
    // Printable ASCII with single inner spaces (every header Claude Code signs): as is.
    let b = value.as_bytes();
    let plain = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter().all(|c| matches!(c, b'!'..=b'~' | b' '))
        && !b.windows(2).any(|w| w == b"  ");
    if plain {
        return Cow::Borrowed(value);
    }
    let trimmed = value.trim_matches(is_js_space);
    let mut prev_space = false;
    let clean = trimmed.chars().all(|c| {
        let bad = is_js_space(c) && (c != ' ' || prev_space);
        prev_space = is_js_space(c);
        !bad
    });
    if clean {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut in_space = false;
    for c in trimmed.chars() {
        if is_js_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    Cow::Owned(out)
}

/// `http://` or `https://` followed by a non-empty authority; aws-sigv4 panics without a host.
fn has_scheme_and_host(url: &str) -> bool {
    let rest = if starts_with_ignore_case(url, "https://") {
        &url[8..]
    } else if starts_with_ignore_case(url, "http://") {
        &url[7..]
    } else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    !host.is_empty() && !host.starts_with(':')
}

/// Signs `req` as Claude Code does ([`SignOptions::CLAUDE_CODE`]).
pub fn sign(req: &SignRequest<'_>) -> crate::Result<Signed> {
    sign_with(req, &SignOptions::CLAUDE_CODE)
}

/// Which implementation computes the signature. Both sign identically; see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer {
    /// The `aws-sigv4` crate (cargo feature `aws-sigv4`, on by default).
    #[cfg(feature = "aws-sigv4")]
    AwsSigv4,
    /// The built-in signer (`sigv4/builtin.rs`), smaller in WebAssembly.
    Builtin,
}

impl Signer {
    /// `aws-sigv4` when the feature is on, else the built-in signer.
    #[cfg(feature = "aws-sigv4")]
    pub const DEFAULT: Signer = Signer::AwsSigv4;
    /// `aws-sigv4` when the feature is on, else the built-in signer.
    #[cfg(not(feature = "aws-sigv4"))]
    pub const DEFAULT: Signer = Signer::Builtin;
}

/// Signs `req` with explicit options.
pub fn sign_with(req: &SignRequest<'_>, opts: &SignOptions<'_>) -> crate::Result<Signed> {
    sign_using(Signer::DEFAULT, req, opts)
}

/// Signs `req` with explicit options and implementation (the conformance runner checks both).
pub fn sign_using(
    signer: Signer,
    req: &SignRequest<'_>,
    opts: &SignOptions<'_>,
) -> crate::Result<Signed> {
    let headers = req.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    sign_headers(signer, req, headers, opts)
}

/// [`sign`] with the headers given apart from `req` (whose `headers` are not read): the request
/// builder signs its own header list without copying it into `(String, String)` pairs first.
pub(crate) fn sign_header_iter<'h>(
    signer: Signer,
    req: &SignRequest<'_>,
    headers: impl Iterator<Item = (&'h str, &'h str)>,
) -> crate::Result<Signed> {
    sign_headers(signer, req, headers, &SignOptions::CLAUDE_CODE)
}

/// An access key ID the signer refuses: one with a character that is not printable ASCII (a
/// space, a control character, non-ASCII), or a `/` or `,` (which would break the
/// `Credential=` scope). Validation and the request builder ask the same of
/// `AWS_ACCESS_KEY_ID` first, to say which variable and what is wrong with it
/// (`validate::aws_key_id_problem`); this check is for credentials from elsewhere.
pub(crate) fn access_key_id_is_malformed(id: &str) -> bool {
    !id.bytes()
        .all(|b| b.is_ascii_graphic() && b != b'/' && b != b',')
}

fn sign_headers<'h>(
    signer: Signer,
    req: &SignRequest<'_>,
    req_headers: impl Iterator<Item = (&'h str, &'h str)>,
    opts: &SignOptions<'_>,
) -> crate::Result<Signed> {
    let creds = req.credentials;
    if creds.access_key_id.is_empty() || creds.secret_access_key.is_empty() {
        return Err(Problem::error(
            Code::CredentialsMissing,
            "AWS credentials are incomplete: an access key ID and a secret access key are needed to sign",
            "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile with keys.",
        )
        .into());
    }
    if access_key_id_is_malformed(&creds.access_key_id) {
        // Said as `validate` says it of AWS_ACCESS_KEY_ID, for keys from any source.
        return Err(
            if crate::secret::secret_key_as_key_id(&creds.access_key_id) {
                crate::validate::key_id_looks_secret(
                    crate::validate::KeysAt::Runtime,
                    &creds.access_key_id,
                    Some(creds.secret_access_key.expose()),
                    true,
                )
            } else {
                Problem::error(
                    Code::CredentialValueMalformed,
                    "The AWS access key ID has a space, a '/' or ',', or a character that is not printable ASCII, which no access key ID has (AKIA… or ASIA… and 16 letters or digits): requests cannot be signed with it.",
                    "Check the access key ID where the credentials come from (AWS_ACCESS_KEY_ID, the profile's aws_access_key_id, or what awsCredentialExport or credential_process prints) for stray characters.",
                )
            }
            .into(),
        );
    }
    // An empty token counts as none, as in the JS SDK (`if (credentials.sessionToken)`).
    let token = creds
        .session_token
        .as_ref()
        .map(Secret::expose)
        .filter(|t| !t.is_empty());
    if token.is_some_and(has_control) {
        return Err(Problem::error(
            Code::CredentialsMissing,
            "The AWS session token contains a line break or control character",
            "Check AWS_SESSION_TOKEN (or the credential source) for a trailing newline.",
        )
        .into());
    }
    if !is_token(req.method) {
        return Err(input_invalid(format!(
            "`{}` is not an HTTP method",
            req.method.escape_debug()
        )));
    }
    if !is_scope_part(req.region) || !is_scope_part(req.service) {
        return Err(input_invalid(format!(
            "SigV4 region `{}` / service `{}` must be non-empty letters, digits, `-`, `_` or `.`",
            req.region.escape_debug(),
            req.service.escape_debug()
        )));
    }
    check_time(req.time)?;
    if !has_scheme_and_host(req.url) {
        return Err(url_invalid());
    }

    let mut payload_hash: Option<&str> = opts.payload_sha256;
    let mut headers: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(req_headers.size_hint().0);
    for (name, value) in req_headers {
        if !is_token(name) {
            return Err(header_invalid(name, "the name is not a valid header name"));
        }
        if has_control(value) {
            return Err(header_invalid(
                name,
                "the value contains a line break or control character",
            ));
        }
        if is_unsignable_header(name)
            || name.eq_ignore_ascii_case(X_AMZ_DATE)
            || (token.is_some() && name.eq_ignore_ascii_case(X_AMZ_SECURITY_TOKEN))
        {
            continue;
        }
        if name.eq_ignore_ascii_case(X_AMZ_CONTENT_SHA256) {
            let v = value.trim();
            if payload_hash.is_some_and(|p| p != v) {
                return Err(header_invalid(
                    name,
                    "it disagrees with the payload hash given in the options",
                ));
            }
            payload_hash = Some(v);
            if opts.content_sha256_header {
                // aws-sigv4 adds it (with this value) when asked to.
                continue;
            }
        }
        headers.push((name, normalize_value(value)));
    }
    if let Some(p) = payload_hash {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(input_invalid("the payload hash is empty or not printable"));
        }
    }
    // Hashed here for both signers: aws-sigv4 gets it as precomputed, as it would hash the
    // same bytes with the same `sha2` and then hex-encode a char at a time into a growing
    // String (~1 µs more per request, `cargo bench --bench build`).
    let mut hash_buf = [0u8; 64];
    let payload_hash = match payload_hash {
        Some(h) => h,
        None => {
            use sha2::{Digest, Sha256};
            builtin::hex_lower(&Sha256::digest(req.body).into(), &mut hash_buf)
        }
    };

    let prepared = builtin::Prepared {
        req,
        headers: &headers,
        payload_hash,
        token,
        content_sha256_header: opts.content_sha256_header,
        normalize_path: opts.normalize_path,
        sign_session_token: opts.sign_session_token,
    };
    let (mut added, signature) = match signer {
        #[cfg(feature = "aws-sigv4")]
        Signer::AwsSigv4 if headers.len() <= AWS_SIGV4_MAX_HEADERS => sign_aws(&prepared)?,
        // Past that, aws-sigv4's `http::HeaderMap` panics (its capacity tops out at 2^15
        // slots); the built-in signer computes the same signature.
        #[cfg(feature = "aws-sigv4")]
        Signer::AwsSigv4 => builtin::sign(&prepared).map_err(|()| url_invalid())?,
        Signer::Builtin => builtin::sign(&prepared).map_err(|()| url_invalid())?,
    };

    let mut out = Vec::with_capacity(4);
    for wanted in ADDED_HEADER_ORDER {
        if let Some((_, v)) = added.iter_mut().find(|(n, _)| *n == wanted) {
            out.push((wanted.to_owned(), std::mem::take(v)));
        }
    }
    Ok(Signed {
        headers: out,
        signature,
    })
}

/// The `aws-sigv4` crate, configured as Claude Code's JS SDK signer behaves.
#[cfg(feature = "aws-sigv4")]
fn sign_aws(p: &builtin::Prepared<'_>) -> crate::Result<builtin::Output> {
    use aws_credential_types::Credentials;
    use aws_sigv4::http_request::{
        self as http_request, PayloadChecksumKind, PercentEncodingMode, SessionTokenMode,
        SignableBody, SignableRequest, SignatureLocation, SigningSettings,
        UriPathNormalizationMode,
    };
    use aws_sigv4::sign::v4;
    use aws_smithy_runtime_api::client::identity::Identity;

    let (req, creds) = (p.req, p.req.credentials);
    let identity: Identity = Credentials::new(
        creds.access_key_id.as_str(),
        creds.secret_access_key.expose(),
        p.token.map(str::to_owned),
        None,
        "claude-provider",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Double;
    settings.signature_location = SignatureLocation::Headers;
    settings.payload_checksum_kind = if p.content_sha256_header {
        PayloadChecksumKind::XAmzSha256
    } else {
        PayloadChecksumKind::NoHeader
    };
    settings.uri_path_normalization_mode = if p.normalize_path {
        UriPathNormalizationMode::Enabled
    } else {
        UriPathNormalizationMode::Disabled
    };
    settings.session_token_mode = if p.sign_session_token {
        SessionTokenMode::Include
    } else {
        SessionTokenMode::Exclude
    };
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(req.region)
        .name(req.service)
        .time(req.time)
        .settings(settings)
        .build()
        .map_err(|_| input_invalid("aws-sigv4 rejected the signing parameters"))?
        .into();

    let body = SignableBody::Precomputed(p.payload_hash.to_owned());
    let signable = SignableRequest::new(
        req.method,
        req.url,
        p.headers.iter().map(|(n, v)| (*n, v.as_ref())),
        body,
    )
    .map_err(|_| url_invalid())?;
    // Names and values were checked above, so a failure here is an internal inconsistency.
    let (instructions, signature) = http_request::sign(signable, &params)
        .map_err(|e| input_invalid(format!("aws-sigv4 could not sign the request: {e}")))?
        .into_parts();
    let (added, _query) = instructions.into_parts();
    let mut out = Vec::with_capacity(4);
    for wanted in ADDED_HEADER_ORDER {
        if let Some(h) = added.iter().find(|h| h.name() == wanted) {
            out.push((wanted, h.value().to_owned()));
        }
    }
    Ok((out, signature))
}

fn url_invalid() -> crate::Error {
    Problem::error(
        Code::BaseUrlInvalid,
        "The request URL to sign is not an absolute http(s) URL that can go on the wire",
        "Check the base URL variable (e.g. ANTHROPIC_BEDROCK_BASE_URL): scheme, host, and no spaces or raw non-ASCII characters.",
    )
    .into()
}

// ---------------------------------------------------------------------------------------------
// Dates: `YYYYMMDDTHHMMSSZ` <-> SystemTime, pure arithmetic (the core has no clock).

/// Last second SigV4's 4-digit year can express: 9999-12-31T23:59:59Z.
const MAX_UNIX_SECS: u64 = 253_402_300_799;

fn check_time(time: SystemTime) -> crate::Result<u64> {
    // aws-sigv4 formats the time with the `time` crate, which panics outside its range.
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) if d.as_secs() <= MAX_UNIX_SECS => Ok(d.as_secs()),
        _ => Err(input_invalid(
            "the signing time is before 1970 or after 9999",
        )),
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) for days since 1970-01-01 (`civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Parses an `x-amz-date` value (`20261126T082313Z`, UTC) into a `SystemTime`.
pub fn parse_amz_date(s: &str) -> crate::Result<SystemTime> {
    let b = s.as_bytes();
    let bad = || {
        input_invalid(format!(
            "`{}` is not an x-amz-date (YYYYMMDDTHHMMSSZ, UTC)",
            s.chars().take(40).collect::<String>().escape_debug()
        ))
    };
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(se)) = (
        num(0..4),
        num(4..6),
        num(6..8),
        num(9..11),
        num(11..13),
        num(13..15),
    ) else {
        return Err(bad());
    };
    if y < 1970
        || !(1..=12).contains(&mo)
        || d < 1
        || d > days_in_month(y, mo)
        || h > 23
        || mi > 59
        || se > 59
    {
        return Err(bad());
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se;
    // `secs` is in 0..=MAX_UNIX_SECS by the checks above.
    Ok(UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs()))
}

/// Formats a time as an `x-amz-date` value (`20261126T082313Z`); sub-seconds are dropped.
pub fn format_amz_date(time: SystemTime) -> crate::Result<String> {
    let b = amz_date_bytes(time)?;
    Ok(b.iter().map(|&c| char::from(c)).collect())
}

/// [`format_amz_date`] on the stack (the signer runs per request).
fn amz_date_bytes(time: SystemTime) -> crate::Result<[u8; 16]> {
    let secs = check_time(time)? as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let mut out = *b"00000000T000000Z";
    // check_time keeps the year within 1970..=9999: four digits.
    let mut put = |at: usize, width: usize, mut v: i64| {
        for i in (at..at + width).rev() {
            out[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, y);
    put(4, 2, m);
    put(6, 2, d);
    put(9, 2, rem / 3600);
    put(11, 2, rem % 3600 / 60);
    put(13, 2, rem % 60);
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Re-signing captured requests, and the intermediate SigV4 stages for diagnostics.

/// A request as captured on the wire, to re-sign with [`resign_authorization`].
pub struct CapturedRequest<'a> {
    pub method: &'a str,
    /// `scheme://host` + the request target exactly as sent (path and query).
    pub url: &'a str,
    /// The headers named in the captured `SignedHeaders=`, with their captured values.
    pub signed_headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub service: &'a str,
    pub region: &'a str,
    /// The captured `x-amz-date` value.
    pub amz_date: &'a str,
    pub credentials: &'a AwsCredentials,
}

impl fmt::Debug for CapturedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CapturedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("signed_headers", &RedactedHeaders(self.signed_headers))
            .field("body_len", &self.body.len())
            .field("service", &self.service)
            .field("region", &self.region)
            .field("amz_date", &self.amz_date)
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// Re-signs a captured request and returns the `Authorization` value our signer produces for it.
///
/// The payload hash is recomputed from `body` (a captured `x-amz-content-sha256` that does not
/// match the body therefore fails to reproduce), and the session token comes from `credentials`.
pub fn resign_authorization(req: &CapturedRequest<'_>) -> crate::Result<String> {
    let time = parse_amz_date(req.amz_date)?;
    let named = |n: &str| {
        req.signed_headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(n))
    };
    let opts = SignOptions {
        content_sha256_header: named(X_AMZ_CONTENT_SHA256),
        normalize_path: true,
        sign_session_token: named(X_AMZ_SECURITY_TOKEN),
        payload_sha256: None,
    };
    let headers: Vec<(String, String)> = req
        .signed_headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case(X_AMZ_CONTENT_SHA256))
        .cloned()
        .collect();
    let signed = sign_with(
        &SignRequest {
            method: req.method,
            url: req.url,
            headers: &headers,
            body: req.body,
            service: req.service,
            region: req.region,
            time,
            credentials: req.credentials,
        },
        &opts,
    )?;
    Ok(signed.authorization().to_owned())
}

/// Step 2 of SigV4: the string to sign for a canonical request. For diagnostics and tests: it
/// lets a runner compare each stage of a reference vector with what the signer produced.
pub fn string_to_sign(
    canonical_request: &str,
    time: SystemTime,
    region: &str,
    service: &str,
) -> crate::Result<String> {
    use sha2::{Digest, Sha256};
    let date_time = format_amz_date(time)?;
    let hash = hex::encode(Sha256::digest(canonical_request.as_bytes()));
    Ok(format!(
        "AWS4-HMAC-SHA256\n{date_time}\n{}/{region}/{service}/aws4_request\n{hash}",
        &date_time[..8]
    ))
}

/// Step 3 of SigV4: the signature of a string to sign (aws-sigv4's key derivation, or the
/// built-in one without the `aws-sigv4` feature).
pub fn signature_of(
    string_to_sign: &str,
    secret_access_key: &Secret,
    time: SystemTime,
    region: &str,
    service: &str,
) -> crate::Result<String> {
    check_time(time)?;
    #[cfg(feature = "aws-sigv4")]
    {
        use aws_sigv4::sign::v4;
        let key = v4::generate_signing_key(secret_access_key.expose(), time, region, service);
        Ok(v4::calculate_signature(key, string_to_sign.as_bytes()))
    }
    #[cfg(not(feature = "aws-sigv4"))]
    {
        let date = format_amz_date(time)?;
        Ok(builtin::signature(
            secret_access_key.expose(),
            &date[..8],
            region,
            service,
            string_to_sign,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AKID: &str = "AKIDEXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn creds(secret: &str, token: Option<&str>) -> AwsCredentials {
        AwsCredentials {
            access_key_id: AKID.into(),
            secret_access_key: Secret::new(secret),
            session_token: token.map(Secret::new),
            expires_at: None,
        }
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn at(s: &str) -> SystemTime {
        parse_amz_date(s).unwrap()
    }

    /// A Bedrock POST signed in us-east-1 at a fixed time (most tests vary only the rest).
    fn bedrock_post<'a>(
        url: &'a str,
        headers: &'a [(String, String)],
        body: &'a [u8],
        credentials: &'a AwsCredentials,
    ) -> SignRequest<'a> {
        SignRequest {
            method: "POST",
            url,
            headers,
            body,
            service: "bedrock",
            region: "us-east-1",
            time: at("20261126T082313Z"),
            credentials,
        }
    }

    #[test]
    fn amz_date_round_trips_and_matches_known_epochs() {
        assert_eq!(at("19700101T000000Z"), UNIX_EPOCH);
        // 2026-11-26T08:23:13Z, the Claude Code captures' date.
        assert_eq!(
            at("20261126T082313Z"),
            UNIX_EPOCH + Duration::from_secs(1_795_681_393)
        );
        assert_eq!(
            at("20000229T235959Z"),
            UNIX_EPOCH + Duration::from_secs(951_868_799)
        );
        for s in [
            "19700101T000000Z",
            "20150830T123600Z",
            "20000229T120000Z",
            "20261126T082313Z",
            "99991231T235959Z",
        ] {
            assert_eq!(format_amz_date(at(s)).unwrap(), s);
        }
        let t = UNIX_EPOCH + Duration::from_millis(1_795_681_393_999);
        assert_eq!(format_amz_date(t).unwrap(), "20261126T082313Z");
    }

    #[test]
    fn amz_date_rejects_malformed_values() {
        for s in [
            "",
            "20261126T082313",
            "2026-11-26T08:23:13Z",
            "20261126 082313Z",
            "20261326T082313Z",
            "20260230T082313Z",
            "20250229T000000Z",
            "20261126T242313Z",
            "20261126T086013Z",
            "20261126T082360Z",
            "19691231T235959Z",
            "2026112+T082313Z",
            "２0261126T08231Z",
        ] {
            let e = parse_amz_date(s).unwrap_err();
            assert_eq!(e.code(), Code::SigningInputInvalid, "{s}");
        }
        assert!(format_amz_date(UNIX_EPOCH - Duration::from_secs(1)).is_err());
        assert!(format_amz_date(UNIX_EPOCH + Duration::from_secs(MAX_UNIX_SECS + 1)).is_err());
    }

    /// AWS suite `post-vanilla`, signed through our defaults minus the content hash header.
    #[test]
    fn signs_the_aws_suite_post_vanilla() {
        let c = creds(SECRET, None);
        let req = SignRequest {
            method: "POST",
            url: "https://example.amazonaws.com/",
            headers: &[],
            body: b"",
            service: "service",
            region: "us-east-1",
            time: at("20150830T123600Z"),
            credentials: &c,
        };
        let s = sign_with(&req, &SignOptions::BOTOCORE).unwrap();
        assert_eq!(
            s.signature,
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        );
        assert_eq!(
            s.headers,
            h(&[
                ("x-amz-date", "20150830T123600Z"),
                ("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
            ])
        );
    }

    #[test]
    fn claude_code_defaults_add_content_hash_and_token_in_order() {
        let c = creds(SECRET, Some("FAKE-SESSION-TOKEN"));
        let headers = h(&[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("User-Agent", "claude-cli/2.1.332 (external, sdk-cli)"),
            ("Connection", "keep-alive"),
            ("sec-fetch-mode", "cors"),
            ("Proxy-Authorization", "Basic Zm9vOmJhcg=="),
            ("x-amz-date", "19990101T000000Z"),
            ("x-amz-security-token", "stale-token"),
        ]);
        let req = bedrock_post("https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke", &headers, b"{}", &c);
        let s = sign(&req).unwrap();
        let names: Vec<&str> = s.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "x-amz-date",
                "x-amz-content-sha256",
                "x-amz-security-token",
                "authorization"
            ]
        );
        assert_eq!(s.header("x-amz-date"), Some("20261126T082313Z"));
        assert_eq!(
            s.header("x-amz-content-sha256"),
            Some("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
        );
        assert_eq!(s.header("x-amz-security-token"), Some("FAKE-SESSION-TOKEN"));
        assert!(s.authorization().contains(
            "SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
        ));
        assert!(s.authorization().ends_with(&s.signature));
    }

    #[test]
    fn header_values_are_normalized_as_the_js_sdk_does() {
        assert_eq!(normalize_value("  a \t b\u{a0} c  "), "a b c");
        assert_eq!(normalize_value("\"a   b   c\""), "\"a b c\"");
        assert!(matches!(normalize_value("plain value"), Cow::Borrowed(_)));
        // Tabs collapse (the JS SDK and botocore do; aws-sigv4 alone would keep them).
        let c = creds(SECRET, None);
        let sig = |v: &str| {
            let headers = h(&[("x-custom", v)]);
            let req = SignRequest {
                method: "GET",
                url: "https://example.amazonaws.com/",
                headers: &headers,
                body: b"",
                service: "service",
                region: "us-east-1",
                time: at("20150830T123600Z"),
                credentials: &c,
            };
            sign(&req).unwrap().signature
        };
        assert_eq!(sig("a\tb"), sig("a b"));
        assert_eq!(sig(" a  b "), sig("a b"));
        assert_ne!(sig("a b"), sig("ab"));
    }

    #[test]
    fn caller_content_hash_is_the_payload_hash() {
        let c = creds(SECRET, None);
        let headers = h(&[("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")]);
        let req = SignRequest {
            method: "PUT",
            url: "https://example.amazonaws.com/x",
            headers: &headers,
            body: b"ignored",
            service: "service",
            region: "us-east-1",
            time: at("20150830T123600Z"),
            credentials: &c,
        };
        let with_header = sign(&req).unwrap();
        assert_eq!(
            with_header.header("x-amz-content-sha256"),
            Some("UNSIGNED-PAYLOAD")
        );
        let precomputed = sign_with(
            &SignRequest {
                headers: &[],
                ..req
            },
            &SignOptions {
                payload_sha256: Some("UNSIGNED-PAYLOAD"),
                ..SignOptions::CLAUDE_CODE
            },
        )
        .unwrap();
        assert_eq!(with_header, precomputed);
        let conflict = sign_with(
            &req,
            &SignOptions {
                payload_sha256: Some("abc"),
                ..SignOptions::CLAUDE_CODE
            },
        )
        .unwrap_err();
        assert_eq!(conflict.code(), Code::HeaderValueInvalid);
    }

    #[test]
    fn rejects_bad_input_with_stable_codes() {
        let good = creds(SECRET, None);
        let base = SignRequest {
            method: "POST",
            url: "https://example.amazonaws.com/",
            headers: &[],
            body: b"",
            service: "bedrock",
            region: "us-east-1",
            time: at("20150830T123600Z"),
            credentials: &good,
        };
        let code = |r: &SignRequest<'_>| sign(r).unwrap_err().code();

        let no_secret = creds("", None);
        assert_eq!(
            code(&SignRequest {
                credentials: &no_secret,
                ..base
            }),
            Code::CredentialsMissing
        );
        // A key ID from any source is named as `validate` names AWS_ACCESS_KEY_ID's, without
        // its value.
        for (id, want) in [
            ("AKID/EXAMPLE", Code::CredentialValueMalformed),
            ("AKID EXAMPLE", Code::CredentialValueMalformed),
            (SECRET, Code::CredentialWrongVariable),
        ] {
            let mut bad_id = creds(SECRET, None);
            bad_id.access_key_id = id.into();
            let e = sign(&SignRequest {
                credentials: &bad_id,
                ..base
            })
            .unwrap_err();
            assert_eq!(e.code(), want, "{id}");
            assert!(!format!("{e:?}").contains("EXAMPLE"), "{e:?}");
        }
        // The keys swapped: said so, as of the env's and a profile's.
        let mut swapped = creds("AKIAIOSFODNN7EXAMPLE", None);
        swapped.access_key_id = SECRET.into();
        let e = sign(&SignRequest {
            credentials: &swapped,
            ..base
        })
        .unwrap_err();
        assert!(
            e.0.message.starts_with("In the AWS credentials found at run time, the access key ID and the secret access key look swapped"),
            "{e:?}"
        );
        assert!(!format!("{e:?}").contains("EXAMPLE"), "{e:?}");
        let mut fine = creds(SECRET, None);
        fine.access_key_id = "AKID-EXAMPLE_1".into();
        assert!(sign(&SignRequest {
            credentials: &fine,
            ..base
        })
        .is_ok());

        for url in [
            "example.amazonaws.com/",
            "/model/x/invoke",
            "ftp://x/",
            "https:///x",
            "https://x/a b",
        ] {
            assert_eq!(
                code(&SignRequest { url, ..base }),
                Code::BaseUrlInvalid,
                "{url}"
            );
        }
        for (n, v) in [
            ("x-bad", "a\r\nInjected: 1"),
            ("x-nul", "a\0b"),
            ("bad name", "v"),
            ("", "v"),
        ] {
            let headers = h(&[(n, v)]);
            assert_eq!(
                code(&SignRequest {
                    headers: &headers,
                    ..base
                }),
                Code::HeaderValueInvalid
            );
        }
        assert_eq!(
            code(&SignRequest {
                method: "PO ST",
                ..base
            }),
            Code::SigningInputInvalid
        );
        assert_eq!(
            code(&SignRequest { region: "", ..base }),
            Code::SigningInputInvalid
        );
        assert_eq!(
            code(&SignRequest {
                service: "bed/rock",
                ..base
            }),
            Code::SigningInputInvalid
        );
        let before_epoch = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(
            code(&SignRequest {
                time: before_epoch,
                ..base
            }),
            Code::SigningInputInvalid
        );
        // An empty session token is no token (JS SDK), so this signs without one.
        let empty_token = creds(SECRET, Some(""));
        let s = sign(&SignRequest {
            credentials: &empty_token,
            ..base
        })
        .unwrap();
        assert_eq!(s.header("x-amz-security-token"), None);
    }

    #[test]
    fn secrets_never_appear_in_debug_display_or_errors() {
        const CANARY_SECRET: &str = "CANARY-SECRET-2b7e151628aed2a6abf7158809cf4f3c";
        const CANARY_TOKEN: &str = "CANARY-TOKEN-3243f6a8885a308d313198a2e0370734";
        let c = creds(CANARY_SECRET, Some(CANARY_TOKEN));
        let bearer = format!("Bearer {CANARY_TOKEN}");
        let headers = h(&[
            ("x-amz-security-token", CANARY_TOKEN),
            ("Authorization", &bearer),
            ("accept", "*/*"),
        ]);
        let req = bedrock_post(
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke",
            &headers,
            b"{}",
            &c,
        );
        let signed = sign(&req).unwrap();
        // The token has to reach the wire…
        assert_eq!(signed.header("x-amz-security-token"), Some(CANARY_TOKEN));
        // …but never a printout.
        let mut printed = vec![
            format!("{req:?}"),
            format!("{signed:?}"),
            format!("{signed:#?}"),
        ];
        let captured = CapturedRequest {
            method: "POST",
            url: req.url,
            signed_headers: &headers,
            body: b"{}",
            service: "bedrock",
            region: "us-east-1",
            amz_date: "20261126T082313Z",
            credentials: &c,
        };
        printed.push(format!("{captured:?}"));
        let bad_headers = h(&[("x-bad", "line\nbreak")]);
        let mut bad_token = c.clone();
        bad_token.session_token = Some(Secret::new(format!("{CANARY_TOKEN}\n")));
        for e in [
            sign(&SignRequest {
                headers: &bad_headers,
                ..req
            })
            .unwrap_err(),
            sign(&SignRequest {
                credentials: &bad_token,
                ..req
            })
            .unwrap_err(),
            sign(&SignRequest { url: "nope", ..req }).unwrap_err(),
            sign(&SignRequest { method: "", ..req }).unwrap_err(),
        ] {
            printed.push(format!("{e}"));
            printed.push(format!("{e:?}"));
            printed.push(serde_json::to_string(e.problem()).unwrap());
        }
        for p in &printed {
            assert!(!p.contains("CANARY"), "secret leaked: {p}");
        }
    }

    #[test]
    fn resign_reproduces_a_signature_and_checks_the_content_hash() {
        let c = creds(SECRET, None);
        let url = "http://127.0.0.1:8787/model/arn:aws:bedrock:us-east-1:123456789012:application-inference-profile%2Fa1b2c3d4e5f6/invoke";
        let headers = h(&[("Accept", "application/json"), ("Host", "127.0.0.1:8787")]);
        let req = bedrock_post(url, &headers, b"{\"a\":1}", &c);
        let signed = sign(&req).unwrap();
        let mut captured_headers = headers.clone();
        captured_headers.extend(h(&[
            ("x-amz-date", "20261126T082313Z"),
            (
                "x-amz-content-sha256",
                signed.header("x-amz-content-sha256").unwrap(),
            ),
        ]));
        let captured = CapturedRequest {
            method: "POST",
            url,
            signed_headers: &captured_headers,
            body: b"{\"a\":1}",
            service: "bedrock",
            region: "us-east-1",
            amz_date: "20261126T082313Z",
            credentials: &c,
        };
        assert_eq!(
            resign_authorization(&captured).unwrap(),
            signed.authorization()
        );
        // A body that does not match the captured hash does not reproduce.
        let tampered = CapturedRequest {
            body: b"{\"a\":2}",
            ..captured
        };
        assert_ne!(
            resign_authorization(&tampered).unwrap(),
            signed.authorization()
        );
    }

    #[test]
    fn stage_helpers_agree_with_the_signer() {
        // AWS suite `get-vanilla`: canonical request -> string to sign -> signature.
        let creq = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let t = at("20150830T123600Z");
        let sts = string_to_sign(creq, t, "us-east-1", "service").unwrap();
        assert_eq!(sts, "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
        let sig = signature_of(&sts, &Secret::new(SECRET), t, "us-east-1", "service").unwrap();
        assert_eq!(
            sig,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    /// The built-in signer against `aws-sigv4`: same headers and signature, or the same error
    /// code, for every request (URLs at the edges of what `http::Uri` accepts, query
    /// canonicalization, repeated and odd headers, tokens, options).
    #[cfg(feature = "aws-sigv4")]
    fn assert_signers_agree(req: &SignRequest<'_>, opts: &SignOptions<'_>) {
        let a = sign_using(Signer::AwsSigv4, req, opts);
        let b = sign_using(Signer::Builtin, req, opts);
        match (&a, &b) {
            (Ok(x), Ok(y)) => assert_eq!(x.headers, y.headers, "{req:?} {opts:?}"),
            (Err(x), Err(y)) => assert_eq!(x.code(), y.code(), "{req:?} {opts:?}"),
            _ => panic!(
                "signers disagree on {req:?} {opts:?}: aws-sigv4 {:?}, builtin {:?}",
                a.as_ref()
                    .map(|s| s.signature.clone())
                    .map_err(|e| e.code()),
                b.as_ref()
                    .map(|s| s.signature.clone())
                    .map_err(|e| e.code())
            ),
        }
    }

    /// 50k headers (`ANTHROPIC_CUSTOM_HEADERS` of as many lines): signed in linear time by the
    /// built-in signer, and by `aws-sigv4` up to the count its `HeaderMap` holds, past which
    /// it panicked ("size overflows MAX_SIZE"); both give the same signature at the edge.
    #[test]
    fn many_headers_sign_without_panicking() {
        let c = creds(SECRET, Some("tok"));
        let many = |n: usize| -> Vec<(String, String)> {
            (0..n)
                .map(|i| (format!("X-H-{}", i % (n - 7)), format!("v{i}")))
                .collect()
        };
        for n in [16_384, 16_385, 50_000] {
            let headers = many(n);
            let req = SignRequest {
                method: "POST",
                url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke",
                headers: &headers,
                body: b"{}",
                service: "bedrock",
                region: "us-east-1",
                time: at("20260115T120000Z"),
                credentials: &c,
            };
            let builtin = sign_using(Signer::Builtin, &req, &SignOptions::CLAUDE_CODE).unwrap();
            assert!(builtin.authorization().contains("x-h-0;x-h-1;x-h-10;"));
            #[cfg(feature = "aws-sigv4")]
            assert_eq!(
                sign_using(Signer::AwsSigv4, &req, &SignOptions::CLAUDE_CODE).unwrap(),
                builtin,
                "{n}"
            );
        }
    }

    #[cfg(feature = "aws-sigv4")]
    #[test]
    fn builtin_signer_agrees_with_aws_sigv4_on_edge_cases() {
        let urls = [
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke",
            "http://127.0.0.1:8787/model/arn:aws:bedrock:us-east-1:123456789012:application-inference-profile%2Fa1b2c3d4e5f6/invoke",
            "https://bedrock.us-east-1.amazonaws.com/inference-profiles/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aapplication-inference-profile%2Fx",
            "https://example.amazonaws.com",
            "https://example.amazonaws.com/",
            "HTTPS://Example.AmazonAWS.com:443/a/./b/../c//d/",
            "http://example.amazonaws.com:80/x",
            "http://example.amazonaws.com:8080/x",
            "https://example.amazonaws.com:80/x",
            "https://user:pw@example.amazonaws.com/x",
            "https://user@example.amazonaws.com:8443/x",
            "https://[::1]:8443/x",
            "https://[::1]/x",
            "https://[fe80::1%25eth0]/x",
            "https://example.amazonaws.com/a/..",
            "https://example.amazonaws.com/a/.",
            "https://example.amazonaws.com/..",
            "https://example.amazonaws.com/./",
            "https://example.amazonaws.com/%7Euser/%E1%88%B4/a%20b",
            "https://example.amazonaws.com/ሴ/é",
            "https://example.amazonaws.com/{\"json\":1}|^\\",
            "https://example.amazonaws.com/?",
            "https://example.amazonaws.com/?a",
            "https://example.amazonaws.com/?b=2&a=1&a=0&&c",
            "https://example.amazonaws.com/?a+b=c+d&e%20f=%2B&x=%zz&y=%E1%88",
            "https://example.amazonaws.com/?k=v=w&k=&=v&{}|`^~",
            "https://example.amazonaws.com/p#frag ment",
            "https://example.amazonaws.com#f",
            "https://example.amazonaws.com?q=1",
            "https://example.amazonaws.com/a b",
            "https://example.amazonaws.com/a<b",
            "https://example.amazonaws.com/a`b",
            "https://example.amazonaws.com/?a\"b",
            "https://example.amazonaws.com/?a<b",
            "https://exa mple.com/",
            "https://exa%41mple.com/",
            "https://%41@example.com/",
            "https://example.com:1:2/",
            "https://example.com:abc/",
            "https://[::1/",
            "https://::1]/",
            "https://a@/",
            "https://ex\"ample.com/",
            "https://exämple.com/",
            "https://example.com@/x",
            "https://@example.com/x",
        ];
        let header_sets: [&[(&str, &str)]; 6] = [
            &[],
            // Repeated names apart from each other: joined in request order.
            &[
                ("X-B", "1"),
                ("X-A", "x"),
                ("x-b", "2"),
                ("X-A", "y"),
                ("x-b", "3"),
            ],
            &[
                ("Accept", "application/json"),
                ("Content-Type", "application/json"),
            ],
            &[("X-Multi", "a"), ("x-multi", "  b   c  "), ("X-Empty", "")],
            &[
                ("Host", "override.example:1234"),
                ("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"),
            ],
            &[
                ("x-amz-security-token", "given"),
                ("ÿ", "v"),
                ("anthropic-version", "bedrock-2023-05-31"),
            ],
        ];
        for with_token in [false, true] {
            let c = creds(SECRET, with_token.then_some("FAKE-TOKEN"));
            for url in urls {
                for hs in header_sets {
                    let headers = h(hs);
                    for opts in [
                        SignOptions::CLAUDE_CODE,
                        SignOptions::BOTOCORE,
                        SignOptions {
                            normalize_path: false,
                            sign_session_token: false,
                            ..SignOptions::CLAUDE_CODE
                        },
                        SignOptions {
                            payload_sha256: Some("UNSIGNED-PAYLOAD"),
                            ..SignOptions::BOTOCORE
                        },
                    ] {
                        let req = bedrock_post(url, &headers, b"{\"a\":1}", &c);
                        assert_signers_agree(&req, &opts);
                    }
                }
            }
        }
    }

    #[cfg(feature = "aws-sigv4")]
    proptest::proptest! {
        #[test]
        fn builtin_signer_agrees_with_aws_sigv4_on_generated_urls(
            authority in "[a-z0-9.:@%\\[\\]!$&'()*+,;=_~-]{1,16}",
            path in "[a-zA-Z0-9/._~%:@!$&'()*+,;= \"{}|^`<>\\\\#?-]{0,24}",
            value in "[ -~]{0,12}",
        ) {
            let c = creds(SECRET, None);
            let url = format!("https://{authority}/{path}");
            let headers = h(&[("x-v", &value)]);
            let req = SignRequest {
                method: "GET",
                url: &url,
                headers: &headers,
                body: b"",
                service: "service",
                region: "us-east-1",
                time: at("20150830T123600Z"),
                credentials: &c,
            };
            assert_signers_agree(&req, &SignOptions::CLAUDE_CODE);
        }
    }
}

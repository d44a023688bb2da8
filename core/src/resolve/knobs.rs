//! Variables that shape every request: extra betas, custom headers, extra body, output cap.

use crate::env::{Env, Var};
use crate::headers::parse_custom_headers;
use crate::problem::{Code, Problem};
use crate::provider::ProviderId;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// A header from `ANTHROPIC_CUSTOM_HEADERS`; values may be credentials, so they stay secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomHeader {
    pub name: String,
    pub value: Secret,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RequestKnobs {
    /// `ANTHROPIC_BETAS`, trimmed, `afk-mode*` removed; dropped on Bedrock/Vertex/Mantle.
    pub betas: Vec<String>,
    /// `ANTHROPIC_BETAS` values this provider drops.
    pub dropped_betas: Vec<String>,
    pub custom_headers: Vec<CustomHeader>,
    /// `CLAUDE_CODE_EXTRA_BODY` when it is a JSON object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_body: Option<serde_json::Map<String, serde_json::Value>>,
    /// `CLAUDE_CODE_MAX_OUTPUT_TOKENS` (clamped to the model's upper limit when used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_output_tokens: Option<u32>,
    pub disable_experimental_betas: bool,
    pub disable_1m_context: bool,
    /// `CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD`: accept a Bedrock stream that is not
    /// `application/vnd.amazon.eventstream` (see `stream::DecoderOptions`).
    #[serde(default)]
    pub disable_bedrock_content_type_guard: bool,
    /// `CLAUDE_CODE_SKIP_AWS_CRED_CACHE`: AWS credentials are obtained again for every request
    /// instead of being kept until they near expiry.
    #[serde(default)]
    pub skip_aws_credential_cache: bool,
    /// `API_TIMEOUT_MS` (default 600000): the per-request timeout.
    #[serde(default, with = "crate::uint::js_number")]
    #[cfg_attr(feature = "ts", ts(as = "u64"))]
    pub timeout_ms: u64,
    /// `CLAUDE_CODE_MAX_RETRIES` (default 10): retries of a retryable failure.
    #[serde(default)]
    pub max_retries: u32,
    /// The custom headers set `authorization` or `x-api-key`.
    pub custom_auth_header: bool,
}

/// Providers where only allowlisted betas pass (SPEC §6).
pub fn drops_custom_betas(provider: ProviderId) -> bool {
    matches!(
        provider,
        ProviderId::Bedrock | ProviderId::Vertex | ProviderId::Mantle
    )
}

/// Claude Code's request timeout when `API_TIMEOUT_MS` is unset (10 minutes).
pub const DEFAULT_TIMEOUT_MS: u64 = 600_000;
/// Claude Code's retries when `CLAUDE_CODE_MAX_RETRIES` is unset.
pub const DEFAULT_MAX_RETRIES: u32 = 10;

/// `signed`: the request is SigV4-signed (the resolved auth method), so the headers the signer
/// sets are not taken from `ANTHROPIC_CUSTOM_HEADERS`.
pub fn resolve(
    env: &Env<'_>,
    provider: ProviderId,
    signed: bool,
    problems: &mut Vec<Problem>,
) -> RequestKnobs {
    let mut k = RequestKnobs {
        disable_experimental_betas: env.flag("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"),
        disable_1m_context: env.flag("CLAUDE_CODE_DISABLE_1M_CONTEXT"),
        disable_bedrock_content_type_guard: env
            .flag("CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD"),
        skip_aws_credential_cache: env.flag("CLAUDE_CODE_SKIP_AWS_CRED_CACHE"),
        ..Default::default()
    };
    if let Some(v) = env.get("ANTHROPIC_BETAS") {
        let list: Vec<String> = v
            .split(',')
            .map(str::trim)
            .filter(|b| !b.is_empty() && !b.starts_with("afk-mode"))
            .map(str::to_owned)
            .collect();
        if drops_custom_betas(provider) {
            if !list.is_empty() {
                problems.push(
                    Problem::warning(
                        Code::BetasDropped,
                        format!("ANTHROPIC_BETAS ({}) is dropped on {}: only Claude Code's allowlisted betas are sent there.", list.join(","), provider.display_name()),
                        if list.iter().any(|b| b.starts_with("context-1m")) {
                            // Capture bedrock_global_profile_1m: the suffix adds the beta itself.
                            "Remove ANTHROPIC_BETAS; for the 1M-token context window, add [1m] to the model instead (ANTHROPIC_MODEL=sonnet[1m], or a model ID followed by [1m]): Claude Code then sends context-1m-2025-08-07 itself."
                        } else {
                            "Remove ANTHROPIC_BETAS; to send a field the provider supports, use CLAUDE_CODE_EXTRA_BODY (its anthropic_beta array is passed on Bedrock)."
                        },
                    )
                    .with_var("ANTHROPIC_BETAS"),
                );
            }
            k.dropped_betas = list;
        } else {
            k.betas = list;
        }
    }
    if let Some(var) = env.var("ANTHROPIC_CUSTOM_HEADERS") {
        let parsed = parse_custom_headers(var.raw);
        for mut p in parsed.problems {
            p.file = p.file.or_else(|| var.file().map(str::to_owned));
            problems.push(p);
        }
        for (name, value) in parsed.headers {
            if name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-api-key")
            {
                k.custom_auth_header = true;
            }
            if let Some((p, sent)) = owned_header_problem(&name, provider, signed) {
                problems.push(p.with_file(var.file()));
                if !sent {
                    continue;
                }
            }
            k.custom_headers.push(CustomHeader {
                name,
                value: Secret::new(value),
            });
        }
        if k.custom_auth_header {
            problems.push(
                Problem::info(
                    Code::CustomHeadersAuth,
                    "ANTHROPIC_CUSTOM_HEADERS sets an auth header (authorization or x-api-key): it replaces the one from ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN (the SDK merges custom headers after them), but not a SigV4 signature or a Google or Entra ID token.",
                    "Prefer ANTHROPIC_AUTH_TOKEN / ANTHROPIC_API_KEY for credentials, so they are redacted in logs and one place says which credential is sent.",
                )
                .with_var("ANTHROPIC_CUSTOM_HEADERS"),
            );
        }
    }
    if let Some(var) = env.var("CLAUDE_CODE_EXTRA_BODY") {
        // from_slice, not from_str: one serde_json reader in the .wasm (size)
        match serde_json::from_slice::<serde_json::Value>(var.raw.as_bytes()) {
            // SPEC §6: merged on every provider, but not when experimental betas are disabled.
            Ok(serde_json::Value::Object(_)) if k.disable_experimental_betas => problems.push(
                Problem::info(
                    Code::ExtraBodyInvalid,
                    "CLAUDE_CODE_EXTRA_BODY is ignored: CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS is set, and Claude Code then sends no extra body fields.",
                    "Unset CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS to send the extra fields, or remove CLAUDE_CODE_EXTRA_BODY.",
                )
                .with_var("CLAUDE_CODE_EXTRA_BODY")
                .with_file(var.file()),
            ),
            Ok(serde_json::Value::Object(map)) => k.extra_body = Some(map),
            Ok(_) => problems.push(extra_body_problem(
                "it is valid JSON but not an object",
                var.file(),
            )),
            Err(e) => problems.push(extra_body_problem(
                &format!("it is not valid JSON ({e})"),
                var.file(),
            )),
        }
    }
    if let Some(var) = env.var("CLAUDE_CODE_MAX_OUTPUT_TOKENS") {
        match crate::uint::parse_uint::<u32>(var.raw.trim()) {
            Some(n) if n > 0 => k.max_output_tokens = Some(n),
            _ => problems.push(
                Problem::warning(
                    Code::MaxOutputTokensInvalid,
                    format!("CLAUDE_CODE_MAX_OUTPUT_TOKENS={:?} is not a positive integer, so the model's default is used.", var.raw),
                    "Set CLAUDE_CODE_MAX_OUTPUT_TOKENS to a number such as 4096, or unset it.",
                )
                .with_var("CLAUDE_CODE_MAX_OUTPUT_TOKENS")
                .with_file(var.file()),
            ),
        }
    }
    k.timeout_ms = bounded(
        env,
        "API_TIMEOUT_MS",
        DEFAULT_TIMEOUT_MS,
        MAX_TIMEOUT_MS,
        problems,
    );
    k.max_retries = bounded(
        env,
        "CLAUDE_CODE_MAX_RETRIES",
        u64::from(DEFAULT_MAX_RETRIES),
        u64::from(MAX_RETRIES),
        problems,
    ) as u32;
    if let Some(var) = env.var("CLAUDE_CODE_API_KEY_HELPER_TTL_MS") {
        if var.raw.trim().parse::<u64>().is_err() {
            problems.push(not_a_number("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", &var));
        }
    }
    k
}

/// Headers the HTTP client sets itself, with why a custom one is not sent. Node's undici refuses
/// a request that sets `transfer-encoding`, `keep-alive`, `upgrade` or `expect`
/// (`UND_ERR_INVALID_ARG`, `UND_ERR_NOT_SUPPORTED`), a `connection` other than `close` or
/// `keep-alive`, and a `content-length` the body does not have
/// (`UND_ERR_REQ_CONTENT_LENGTH_MISMATCH`); it sends a `host` as given, in place of the URL's;
/// browsers' fetch drops all of them silently. No capture shows what Claude Code's own binary
/// does with them, and the SPEC does not say it fails, so they are a warning, not an error: the
/// built request leaves them out, so that either transport can send it as built.
const CLIENT_OWNED: [(&str, &str); 7] = [
    ("host", "the HTTP client sets it from the request URL; sent as given, it would name another site than the one connected to (undici sends it in place of the URL's host, browsers drop it)"),
    ("content-length", "the HTTP client computes it from each request's body, which a fixed value does not match (undici refuses the request: UND_ERR_REQ_CONTENT_LENGTH_MISMATCH)"),
    ("transfer-encoding", "the HTTP client decides how the body is framed (undici refuses the request: `invalid transfer-encoding header`)"),
    ("connection", "the HTTP client manages the connection (undici refuses any value but `close` and `keep-alive`, browsers drop it)"),
    ("keep-alive", "the HTTP client manages the connection (undici refuses the request: `invalid keep-alive header`)"),
    ("upgrade", "a protocol upgrade is not part of an API request (undici refuses the request: `invalid upgrade header`)"),
    ("expect", "the HTTP client does not wait for `100 Continue` (undici refuses the request: `expect header not supported`)"),
];

/// What `ANTHROPIC_CUSTOM_HEADERS`' header `name` does to a request that the HTTP client or the
/// SigV4 signer would otherwise build: the warning, and whether the header is still sent.
///
/// On a SigV4-signed request the signer owns `host` (signed from the URL), `x-amz-date` (the
/// signing time) and `x-amz-security-token` (the credentials' session token): a custom one
/// went out next to the signer's (fetch merges two values into `a, b`) or was signed in place of
/// the URL's host, and AWS answered 403, so it is left out. (The AWS JS SDK overwrites the
/// first two; it signs a custom `x-amz-security-token` when the credentials have no session
/// token, but long-term keys with a token are refused anyway.) A custom
/// `x-amz-content-sha256` is what the AWS JS SDK Claude Code signs with takes as the payload
/// hash (`getPayloadHash`), and so does the core's signer: it is sent (once) and signed, with a
/// warning, since a fixed value is not the hash of every body.
fn owned_header_problem(name: &str, provider: ProviderId, signed: bool) -> Option<(Problem, bool)> {
    let lower = name.to_ascii_lowercase();
    if signed && lower == "x-amz-content-sha256" {
        let p = Problem::warning(
            Code::CustomHeadersAuth,
            format!("ANTHROPIC_CUSTOM_HEADERS sets {name}: the SigV4 signer then signs its value as the hash of the body instead of hashing the body (as the AWS SDK Claude Code uses does), and sends it. A fixed value is not the SHA-256 of every request's body, so AWS refuses the signature (403) unless the service accepts that value in its place (such as UNSIGNED-PAYLOAD where a service allows it)."),
            format!("Remove the {name} line from ANTHROPIC_CUSTOM_HEADERS: the signer sends the SHA-256 of each request's body itself."),
        )
        .with_var(VAR_CUSTOM_HEADERS);
        return Some((p, true));
    }
    if signed && matches!(lower.as_str(), "x-amz-date" | "x-amz-security-token") {
        let (what, help) = if lower == "x-amz-date" {
            (
                "the signing time",
                format!("Remove the {name} line from ANTHROPIC_CUSTOM_HEADERS: each request is signed with its own time."),
            )
        } else {
            (
                "the session token of the AWS credentials",
                format!("Remove the {name} line from ANTHROPIC_CUSTOM_HEADERS, and give the session token with its keys instead: AWS_SESSION_TOKEN next to AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile (AWS_PROFILE) whose credentials have one."),
            )
        };
        let p = Problem::warning(
            Code::CustomHeaderDropped,
            format!("ANTHROPIC_CUSTOM_HEADERS sets {name}, which the SigV4 signer sets to {what}: the custom one is left out of the request (sent next to the signer's, the two values would reach AWS merged into one and the signature would fail with 403)."),
            help,
        )
        .with_var(VAR_CUSTOM_HEADERS);
        return Some((p, false));
    }
    let (_, why) = CLIENT_OWNED.iter().find(|(n, _)| *n == lower)?;
    let mut help = format!("Remove the {name} line from ANTHROPIC_CUSTOM_HEADERS.");
    if lower == "host" {
        help.push_str(&format!(
            " To reach the server under another name, put that name in {} and have it resolve to the server.",
            provider.base_url_var()
        ));
    }
    let signed_note = if signed && lower == "host" {
        " The SigV4 signature covers the URL's host too."
    } else {
        ""
    };
    let p = Problem::warning(
        Code::CustomHeaderDropped,
        format!("ANTHROPIC_CUSTOM_HEADERS sets {name}, which is left out of the request: {why}.{signed_note}"),
        help,
    )
    .with_var(VAR_CUSTOM_HEADERS);
    Some((p, false))
}

const VAR_CUSTOM_HEADERS: &str = "ANTHROPIC_CUSTOM_HEADERS";

/// The longest timeout Claude Code takes (docs: `API_TIMEOUT_MS` max), the longest delay
/// Node's timers can wait (2^31 − 1 ms, about 24.8 days).
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;
/// The most retries Claude Code makes (docs: `CLAUDE_CODE_MAX_RETRIES` cap).
pub const MAX_RETRIES: u32 = 15;

/// A whole-number variable: its value up to `max` (a warning above it), or `default` with a
/// warning when it is not a whole number.
fn bounded(
    env: &Env<'_>,
    name: &'static str,
    default: u64,
    max: u64,
    problems: &mut Vec<Problem>,
) -> u64 {
    let Some(var) = env.var(name) else {
        return default;
    };
    match var.raw.trim().parse::<u64>() {
        Ok(n) if n <= max => n,
        // Also numbers beyond u64: all digits, so a very large whole number.
        r if r.is_ok()
            || var.raw.trim().bytes().all(|b| b.is_ascii_digit()) && !var.raw.trim().is_empty() =>
        {
            problems.push(
                Problem::warning(
                    Code::NumberInvalid,
                    format!(
                        "{name}={} is above its maximum, so Claude Code uses {max}.",
                        var.raw.trim()
                    ),
                    format!("Set {name} to at most {max}, or unset it."),
                )
                .with_var(name)
                .with_file(var.file()),
            );
            max
        }
        _ => {
            problems.push(not_a_number(name, &var));
            default
        }
    }
}

fn not_a_number(name: &str, var: &Var<'_>) -> Problem {
    Problem::warning(
        Code::NumberInvalid,
        format!(
            "{name}={:?} is not a whole number, so Claude Code uses its default.",
            var.raw
        ),
        format!("Set {name} to a whole number, or unset it."),
    )
    .with_var(name)
    .with_file(var.file())
}

fn extra_body_problem(why: &str, file: Option<&str>) -> Problem {
    Problem::warning(
        Code::ExtraBodyInvalid,
        format!("CLAUDE_CODE_EXTRA_BODY is ignored: {why}."),
        "Set CLAUDE_CODE_EXTRA_BODY to a JSON object, e.g. {\"top_k\": 5}.",
    )
    .with_var("CLAUDE_CODE_EXTRA_BODY")
    .with_file(file)
}

/// `CLAUDE_CODE_MAX_OUTPUT_TOKENS` above the main model's maximum: Claude Code sends the
/// maximum (SPEC §8: clamped to the model's upper bound; 32000 for a model it does not know).
pub(crate) fn max_output_tokens_capped(
    env: &Env<'_>,
    knobs: &RequestKnobs,
    main: &crate::models::ModelChoice,
    problems: &mut Vec<Problem>,
) {
    let (Some(n), Some(var)) = (
        knobs.max_output_tokens,
        env.var("CLAUDE_CODE_MAX_OUTPUT_TOKENS"),
    ) else {
        return;
    };
    let upper = main.max_output_tokens.upper;
    if n <= upper || main.id.is_empty() {
        return;
    }
    let (whose, more) = if main.catalog_id.is_some() {
        (format!("{}'s maximum", main.id), "")
    } else {
        (
            format!(
                "the maximum Claude Code assumes for a model it does not recognize ({})",
                main.id
            ),
            "; for a gateway model with a larger limit, map it to its Claude model in settings modelOverrides",
        )
    };
    problems.push(
        Problem::info(
            Code::MaxOutputTokensInvalid,
            format!("CLAUDE_CODE_MAX_OUTPUT_TOKENS={n} is above {whose}, so Claude Code sends max_tokens {upper}."),
            format!("Set CLAUDE_CODE_MAX_OUTPUT_TOKENS to {upper} or less{more}."),
        )
        .with_var("CLAUDE_CODE_MAX_OUTPUT_TOKENS")
        .with_file(var.file()),
    );
}

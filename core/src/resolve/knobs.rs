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

pub fn resolve(env: &Env<'_>, provider: ProviderId, problems: &mut Vec<Problem>) -> RequestKnobs {
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

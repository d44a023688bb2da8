//! The request URL per provider. Values that enter the path were checked by resolution
//! (`ValueUnsafe`); the model ID is percent-encoded as Claude Code sends it (`:` literal,
//! `/` as `%2F` for ARNs).

use super::{RequestKind, RequestOptions};
use crate::models::ModelChoice;
use crate::problem::{Code, Problem, Result};
use crate::provider::ProviderId;
use crate::resolve::{Endpoint, Resolution, Sourced};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but unreserved characters and `:` is encoded.
const MODEL_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':');
/// Vertex version names keep their `@date`.
const VERTEX_MODEL_SEGMENT: &AsciiSet = &MODEL_SEGMENT.remove(b'@');

/// `project`: the resolved project, or the one the runtime's Google credentials gave.
pub fn url(
    provider: ProviderId,
    endpoint: &Endpoint,
    r: &Resolution,
    project: Option<&Sourced>,
    model: &ModelChoice,
    opts: &RequestOptions<'_>,
    has_beta_header: bool,
) -> Result<String> {
    let base = endpoint.base_url.as_str();
    let count = opts.kind == RequestKind::CountTokens;
    // Claude Code uses the beta client: `?beta=true` always. The SDKs add it only for beta calls.
    let beta_q = if !opts.sdk_conventions
        || (has_beta_header && opts.wire == super::WireVersion::V2023_06_01)
    {
        "?beta=true"
    } else {
        ""
    };
    let id: &str = &model.id;
    if id.is_empty()
        || id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#'))
    {
        return Err(Problem::error(
            Code::ValueUnsafe,
            "The model ID is empty or contains characters that cannot go into a URL.",
            "Set the model to a plain model ID, alias or ARN.",
        )
        .into());
    }
    Ok(match provider {
        ProviderId::Anthropic
        | ProviderId::Foundry
        | ProviderId::Mantle
        | ProviderId::AnthropicAws => {
            if count {
                format!("{base}/v1/messages/count_tokens{beta_q}")
            } else {
                format!("{base}/v1/messages{beta_q}")
            }
        }
        ProviderId::Bedrock => {
            let action = match (count, opts.stream) {
                (true, _) => "count-tokens",
                (false, true) => "invoke-with-response-stream",
                (false, false) => "invoke",
            };
            // Pushed piece by piece: `format!` through `Display` of the encoder was 1% of a
            // 50 KB build+sign.
            let mut url = String::with_capacity(base.len() + id.len() + 48);
            url.push_str(base);
            url.push_str("/model/");
            url.extend(utf8_percent_encode(id, MODEL_SEGMENT));
            url.push('/');
            url.push_str(action);
            url
        }
        ProviderId::Vertex => {
            let project = project.ok_or_else(missing_project)?;
            let location = model
                .region
                .as_deref()
                .or(r.region.as_ref().map(|s| s.value.as_str()))
                .unwrap_or(crate::resolve::vertex_default_region());
            // The per-model location moves the host too, unless the base URL was overridden.
            let base = if endpoint.base_url_var().is_none() {
                format!("https://{}/v1", crate::resolve::vertex_host(location))
            } else {
                base.to_owned()
            };
            let seg = utf8_percent_encode(id, VERTEX_MODEL_SEGMENT);
            let tail = match (count, opts.stream) {
                (true, _) => "count-tokens:rawPredict".to_owned(),
                (false, true) => format!("{seg}:streamRawPredict"),
                (false, false) => format!("{seg}:rawPredict"),
            };
            format!(
                "{base}/projects/{}/locations/{location}/publishers/anthropic/models/{tail}",
                project.value
            )
        }
        ProviderId::AnthropicGoogleCloud => {
            let project = r.details.project.as_ref().ok_or_else(missing_project)?;
            let ws = r.details.workspace_id.as_ref().ok_or_else(|| {
                Problem::error(
                    Code::GoogleCloudConfigMissing,
                    "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID is not set.",
                    "Set ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID.",
                )
                .with_var("ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID")
            })?;
            let location = r.region.as_ref().map_or("global", |s| s.value.as_str());
            let tail = if count {
                "v1/messages/count_tokens"
            } else {
                "v1/messages"
            };
            format!(
                "{base}/v1/projects/{}/locations/{location}/workspaces/{}/invoke/{tail}",
                project.value, ws.value
            )
        }
    })
}

fn missing_project() -> Problem {
    Problem::error(
        Code::VertexProjectMissing,
        "No Google Cloud project is set.",
        "Set ANTHROPIC_VERTEX_PROJECT_ID.",
    )
    .with_var("ANTHROPIC_VERTEX_PROJECT_ID")
}

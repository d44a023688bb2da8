//! The fix for the provider errors users hit most (SPEC §11): model access, inference
//! profiles, Vertex model locations, quotas, credentials, gateways rejecting new fields.

use super::http_error::ErrorKind;
use crate::problem::Code;
use crate::provider::ProviderId;

const RETRY: &str =
    "Claude Code retries this automatically (CLAUDE_CODE_MAX_RETRIES); wait and retry.";

/// The stable code and the help text for an error.
pub(crate) fn advice(
    provider: Option<ProviderId>,
    kind: ErrorKind,
    message: &str,
) -> (Code, String) {
    let m = message.to_ascii_lowercase().replace('\u{2019}', "'");
    let p = provider.unwrap_or(ProviderId::Anthropic);
    if m.contains("on-demand throughput") {
        let example = model_after(message, "model ID ")
            .map(|id| format!("`us.{id}`"))
            .unwrap_or_else(|| "`us.anthropic.claude-sonnet-4-5-20250929-v1:0`".to_owned());
        return (
            Code::BedrockModelNeedsInferenceProfile,
            format!("This model is only served through an inference profile on Bedrock: use an inference profile ID such as {example} (prefix us., eu., apac., jp., au. or global. matching your region) or an inference profile ARN in ANTHROPIC_MODEL / ANTHROPIC_DEFAULT_*_MODEL, instead of the bare foundation-model ID."),
        );
    }
    if m.contains("have access to the model")
        || m.contains("access to the model with the specified")
    {
        return (
            Code::ProviderError,
            "Enable access to this model in the Amazon Bedrock console (Model access / model catalog) for this AWS account, in the region Claude Code calls (AWS_REGION) — a cross-region inference profile needs it in every region it routes to. Also check the model ID and the region (ANTHROPIC_MODEL, AWS_REGION).".to_owned(),
        );
    }
    if m.contains("model identifier is invalid") {
        return (
            Code::ProviderError,
            "Bedrock does not know this model ID in this region: check ANTHROPIC_MODEL (an inference profile ID like `us.anthropic.…`, a foundation-model ID or an ARN) and AWS_REGION.".to_owned(),
        );
    }
    if m.contains("extra inputs are not permitted") {
        return (
            Code::GatewayExperimentalBetas,
            "The gateway or provider rejects a field Claude Code sends (a newer beta or body field): set CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1, or upgrade the gateway.".to_owned(),
        );
    }
    if p == ProviderId::Vertex
        && (m.contains("requested entity was not found")
            || (m.contains("publisher model") && m.contains("not found")))
    {
        if let Some(id) = dash_dated_model(message) {
            return (
                Code::VertexModelIdDateForm,
                format!("Vertex AI model IDs put `@` before the date: write `{}` instead of `{id}`; also make sure the model is offered in this location (CLOUD_ML_REGION).", at_form(&id)),
            );
        }
        return (
            Code::VertexModelLocation,
            "The model is not offered in this Vertex AI location, or not enabled for the project: use a region the model is offered in (CLOUD_ML_REGION, or VERTEX_REGION_CLAUDE_* for one model; `global` serves most current models), write the model ID with `@` before the date (claude-sonnet-4-5@20250929), and enable the model in Vertex AI Model Garden.".to_owned(),
        );
    }
    let help = match (kind, p) {
        (ErrorKind::RateLimited, ProviderId::Bedrock | ProviderId::Mantle) => format!("{RETRY} If it persists, request a quota increase for this model (Service Quotas → Amazon Bedrock, tokens and requests per minute) or use a cross-region inference profile (`us.`/`eu.`/`global.`)."),
        (ErrorKind::RateLimited, ProviderId::Vertex) => format!("{RETRY} If it persists, request a quota increase for the model in this region (Google Cloud console → IAM & Admin → Quotas), or use the `global` location."),
        (ErrorKind::RateLimited, ProviderId::Foundry) => format!("{RETRY} If it persists, raise the deployment's tokens-per-minute quota in Microsoft Foundry."),
        (ErrorKind::RateLimited, _) => format!("{RETRY} If it persists, your organization's rate limit or quota is reached: lower the load or ask for a higher limit."),
        (ErrorKind::Overloaded | ErrorKind::Unavailable, _) => format!("The service is temporarily overloaded or unavailable. {RETRY}"),
        (ErrorKind::Server | ErrorKind::Timeout, _) => format!("A transient provider error. {RETRY}"),
        (ErrorKind::RequestTooLarge, _) => "The request is too large: shorten the conversation (/compact) or remove large attachments.".to_owned(),
        (ErrorKind::Authentication, ProviderId::Bedrock | ProviderId::Mantle | ProviderId::AnthropicAws) => "AWS rejected the credentials: refresh them (`aws sso login`, or awsAuthRefresh), check AWS_PROFILE / AWS_ACCESS_KEY_ID / AWS_SESSION_TOKEN or AWS_BEARER_TOKEN_BEDROCK, and the system clock.".to_owned(),
        (ErrorKind::Authentication, ProviderId::Vertex | ProviderId::AnthropicGoogleCloud) => "Google rejected the credentials: run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS to a valid service-account key.".to_owned(),
        (ErrorKind::Authentication, ProviderId::Foundry) => "Microsoft Foundry rejected the credentials: check ANTHROPIC_FOUNDRY_API_KEY, or sign in with the Azure CLI (`az login`) for Entra ID.".to_owned(),
        (ErrorKind::Authentication, ProviderId::Anthropic) => "The key or token was rejected: check ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN (or apiKeyHelper), and that a gateway expects it in that header.".to_owned(),
        (ErrorKind::Permission, ProviderId::Bedrock | ProviderId::Mantle) => "The AWS identity may not call this model: allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream for the model and its inference profile, and enable model access in the Bedrock console for this region.".to_owned(),
        (ErrorKind::Permission, ProviderId::Vertex) => "The Google identity may not call this model: grant roles/aiplatform.user on ANTHROPIC_VERTEX_PROJECT_ID, enable the Vertex AI API, and enable the model in Model Garden.".to_owned(),
        (ErrorKind::Permission, _) => "The credentials are valid but not allowed to do this: check the key's workspace or role permissions.".to_owned(),
        (ErrorKind::NotFound, ProviderId::Foundry) => "Check that the Foundry deployment name matches the model ID Claude Code sends (ANTHROPIC_MODEL / ANTHROPIC_DEFAULT_*_MODEL) and that ANTHROPIC_FOUNDRY_BASE_URL ends with /anthropic.".to_owned(),
        (ErrorKind::NotFound, ProviderId::Bedrock) => "Check the model ID and region (ANTHROPIC_MODEL, AWS_REGION) and ANTHROPIC_BEDROCK_BASE_URL.".to_owned(),
        (ErrorKind::NotFound, _) => "Check the model name (ANTHROPIC_MODEL) and the base URL (a gateway must serve /v1/messages).".to_owned(),
        (ErrorKind::InvalidRequest, _) => "The provider (or a gateway in front of it) refused the request as invalid; its message says why. Check the model ID (ANTHROPIC_MODEL), CLAUDE_CODE_EXTRA_BODY and ANTHROPIC_CUSTOM_HEADERS; a gateway may reject a newer field Claude Code sends (CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1 turns those off).".to_owned(),
        (ErrorKind::Unknown | ErrorKind::Network, _) => "An error of a kind Claude Code does not classify; its message says what happened. Retry; if it persists, check the base URL and the proxy settings (HTTPS_PROXY, NO_PROXY), and the gateway's logs if one is in between.".to_owned(),
    };
    (Code::ProviderError, help)
}

/// The model ID that follows `marker` in a message (`Invocation of model ID X with …`).
fn model_after(message: &str, marker: &str) -> Option<String> {
    let start = message.find(marker)? + marker.len();
    let id: String = message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "-.:_@/".contains(*c))
        .collect();
    let id = id.trim_end_matches('.').to_owned();
    (id.len() > 3).then_some(id)
}

/// A `claude-…-YYYYMMDD` model ID written with `-` before the date.
fn dash_dated_model(message: &str) -> Option<String> {
    let start = message.find("claude-")?;
    let id: String = message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.' || *c == '@')
        .collect();
    if id.contains('@') {
        return None;
    }
    let (_, date) = id.rsplit_once('-')?;
    (date.len() == 8 && date.starts_with("20") && date.bytes().all(|b| b.is_ascii_digit()))
        .then_some(id)
}

fn at_form(id: &str) -> String {
    match id.rsplit_once('-') {
        Some((base, date)) => format!("{base}@{date}"),
        None => id.to_owned(),
    }
}

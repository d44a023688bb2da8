//! Model selection: aliases, pins, the built-in catalog and per-provider model IDs.
//! (Filled in by the models work; this is the interface the rest of the core uses.)

use crate::env::{Env, Source};
use crate::problem::Problem;
use crate::provider::ProviderId;
use serde::{Deserialize, Serialize};

/// Output-token limits Claude Code uses for a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaxOutputTokens {
    pub default: u32,
    pub upper: u32,
}

/// One resolved model slot (main, opus, sonnet, haiku, small/fast).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelChoice {
    /// What was asked for: an alias (`opus`, `sonnet[1m]`), an ID, or the default.
    pub requested: String,
    /// The ID sent to the provider (path segment or body `model`), `[1m]` stripped.
    pub id: String,
    /// The catalog entry (`claude-opus-5-5`) when the ID is recognized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_id: Option<String>,
    /// `[1m]` was asked for: the `context-1m-2025-08-07` beta is added.
    pub context_1m: bool,
    pub source: Source,
    /// The variable that chose it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_var: Option<String>,
    /// Per-model location/region (Vertex `VERTEX_REGION_*`, Bedrock small/fast region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_var: Option<String>,
    pub max_output_tokens: MaxOutputTokens,
}

/// All model slots for a provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSet {
    pub main: ModelChoice,
    pub opus: ModelChoice,
    pub sonnet: ModelChoice,
    pub haiku: ModelChoice,
    pub small_fast: ModelChoice,
}

/// Inputs that model resolution needs besides the env.
#[derive(Clone, Copy, Debug)]
pub struct ModelContext<'a> {
    pub provider: ProviderId,
    /// AWS region (Bedrock/Mantle) used for inference-profile prefixes.
    pub aws_region: Option<&'a str>,
    /// Vertex default location (`CLOUD_ML_REGION` or `us-east5`).
    pub vertex_region: Option<&'a str>,
}

/// Resolves every model slot.
pub fn resolve(env: &Env<'_>, ctx: ModelContext<'_>, problems: &mut Vec<Problem>) -> ModelSet {
    let _ = (env, problems);
    let stub = ModelChoice {
        requested: "default".into(),
        id: match ctx.provider {
            ProviderId::Bedrock => "us.anthropic.claude-opus-5-5".into(),
            _ => "claude-opus-5-5".into(),
        },
        catalog_id: Some("claude-opus-5-5".into()),
        context_1m: false,
        source: Source::Default,
        env_var: None,
        region: None,
        region_var: None,
        max_output_tokens: MaxOutputTokens {
            default: 128_000,
            upper: 128_000,
        },
    };
    ModelSet {
        main: stub.clone(),
        opus: stub.clone(),
        sonnet: stub.clone(),
        haiku: stub.clone(),
        small_fast: stub,
    }
}

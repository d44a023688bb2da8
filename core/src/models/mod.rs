//! Model selection: aliases, pins, the built-in catalog and per-provider model IDs, as
//! Claude Code 2.1.332 does it.
//!
//! * Main model: `ANTHROPIC_MODEL` > the `model` setting > `ANTHROPIC_DEFAULT_MODEL` (ignored
//!   for `default|inherit|opusplan|haiku`) > the provider's default (Sonnet on Foundry, else
//!   Opus; on Bedrock/Vertex a Sonnet pin without an Opus pin keeps Sonnet).
//! * Aliases (`opus`, `sonnet`, `haiku`, `fable`, `best`, `opusplan`, `default`) resolve to
//!   their `ANTHROPIC_DEFAULT_*_MODEL` pin, else the catalog's model for the provider.
//! * Anthropic model IDs go through `modelOverrides`, then map to the provider's ID on
//!   Bedrock, Vertex and Mantle (built-in Bedrock IDs get the region's geo prefix). Anything
//!   else is sent as written.
//! * `[1m]` is stripped from every value and asks for the 1M-context beta.
//!
//! The catalog is generated data (`catalog.rs`, from `tests/fixtures/claude-code/
//! model_catalog.json`); resolution parses no JSON and allocates only the result.

mod aliases;
mod bedrock;
#[rustfmt::skip]
pub mod catalog;
mod checks;
mod lookup;
mod overrides;
mod resolver;
mod safety;
pub mod schema;
mod suggest;
mod vertex;

/// Region and location shapes, shared with resolution.
pub(crate) use bedrock::region_shaped;
pub(crate) use vertex::{location_mistake, location_shaped, quoted_location};

use crate::env::{Env, Source};
use crate::problem::Problem;
use crate::provider::ProviderId;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

pub use schema::{CatalogModel, Column};

/// Output-token limits Claude Code uses for a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MaxOutputTokens {
    pub default: u32,
    pub upper: u32,
}

impl MaxOutputTokens {
    /// What Claude Code assumes for a model ID it does not recognize.
    pub const UNRECOGNIZED: MaxOutputTokens = MaxOutputTokens {
        default: 32_000,
        upper: 32_000,
    };
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One resolved model slot (main, opus, sonnet, haiku, fable, small/fast).
// Text from the catalog or naming a known variable is borrowed (`Cow::Borrowed`), not copied:
// allocating it was a quarter of `resolve`. (A `//` comment: doc comments reach the TS types.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ModelChoice {
    /// What was asked for: an alias (`opus`, `sonnet[1m]`), an ID, or `default`.
    pub requested: Cow<'static, str>,
    /// The ID sent to the provider (path segment or body `model`), `[1m]` stripped. Empty
    /// when [`ModelChoice::unusable`].
    pub id: Cow<'static, str>,
    /// The catalog entry (`claude-opus-5-5`) when the ID is recognized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_id: Option<Cow<'static, str>>,
    /// `[1m]` was asked for (and `CLAUDE_CODE_DISABLE_1M_CONTEXT` is off).
    pub context_1m: bool,
    /// Where the request came from (the variable or setting that selected this slot).
    pub source: Source,
    /// The variable that selected it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_var: Option<Cow<'static, str>>,
    /// Per-model location/region: Vertex `VERTEX_REGION_*` (always set on Vertex), Bedrock /
    /// Mantle small/fast region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Cow<'static, str>>,
    /// The variable that set `region` (`None`: the default location).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_var: Option<Cow<'static, str>>,
    pub max_output_tokens: MaxOutputTokens,
    /// The `ANTHROPIC_DEFAULT_*_MODEL` pin that supplied the ID behind an alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_var: Option<Cow<'static, str>>,
    /// The Anthropic model ID whose `modelOverrides` entry supplied the ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_key: Option<String>,
    /// The value would change the request URL; it is not used (a `VALUE_UNSAFE` error says why).
    #[serde(default, skip_serializing_if = "is_false")]
    pub unusable: bool,
}

/// All model slots for a provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ModelSet {
    pub main: ModelChoice,
    pub opus: ModelChoice,
    pub sonnet: ModelChoice,
    pub haiku: ModelChoice,
    pub fable: ModelChoice,
    /// The background model (titles, summaries).
    pub small_fast: ModelChoice,
    /// The subagents' model (`CLAUDE_CODE_SUBAGENT_MODEL`); absent when they inherit the main
    /// model (unset or `inherit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub subagent: Option<ModelChoice>,
    /// The main model is `opusplan`: `main` (Sonnet) runs, `opus` plans in plan mode.
    #[serde(default, skip_serializing_if = "is_false")]
    pub opusplan: bool,
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

/// Resolves every model slot; problems found on the way are appended to `problems`.
pub fn resolve(env: &Env<'_>, ctx: ModelContext<'_>, problems: &mut Vec<Problem>) -> ModelSet {
    let mut found = Vec::new();
    let set = resolver::Resolver::new(env, ctx, &mut found).resolve(&mut found);
    // A value shared by several slots (a pin behind `main` and its alias) is checked once per
    // slot; report each finding once.
    for p in found {
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    set
}

/// The model a request names in its body: an alias picks the resolved slot (so pins apply), an
/// ID is mapped the way `ANTHROPIC_MODEL` would be (catalog IDs to provider IDs, overrides).
pub fn choice_for_request(
    env: &Env<'_>,
    ctx: ModelContext<'_>,
    set: &ModelSet,
    requested: &str,
    problems: &mut Vec<Problem>,
) -> ModelChoice {
    let requested = requested.trim();
    let (base, had_1m) = aliases::strip_1m(requested);
    let mut choice = match aliases::classify(base) {
        aliases::Requested::Default | aliases::Requested::Opusplan => set.main.clone(),
        aliases::Requested::Family(a) => match a.name {
            "opus" => set.opus.clone(),
            "sonnet" => set.sonnet.clone(),
            "haiku" => set.haiku.clone(),
            "fable" => set.fable.clone(),
            _ => set.main.clone(),
        },
        aliases::Requested::Id => {
            let mut found = Vec::new();
            let mut r = resolver::Resolver::new(env, ctx, &mut found);
            let region = r.session_region();
            let c = r.user_choice(
                requested,
                resolver::Origin::Request,
                true,
                region,
                &mut found,
            );
            for p in found {
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
            return c;
        }
    };
    choice.requested = Cow::Owned(requested.to_owned());
    choice.context_1m |= had_1m && !env.flag("CLAUDE_CODE_DISABLE_1M_CONTEXT");
    choice
}

/// `max_tokens` for a request: `CLAUDE_CODE_MAX_OUTPUT_TOKENS` clamped to the model's upper
/// limit, else the model's default.
pub fn max_tokens_for(choice: &ModelChoice, override_tokens: Option<u32>) -> u32 {
    match override_tokens {
        Some(n) if n > 0 => n.min(choice.max_output_tokens.upper),
        _ => choice.max_output_tokens.default,
    }
}

/// Does the request carry the `context-1m-2025-08-07` beta? Only for `[1m]` on a model that
/// takes the beta and is not natively 1M (SPEC §5.5). An unrecognized ID with `[1m]` gets it:
/// Claude Code assumes 1M for it, and nothing says the model refuses the beta.
pub fn context_1m_beta_applies(choice: &ModelChoice) -> bool {
    choice.context_1m
        && catalog_model(choice).is_none_or(|m| m.context.supports_1m_beta && !m.context.native_1m)
}

/// The catalog entry of a resolved choice (capabilities, default effort, context window).
pub fn catalog_model(choice: &ModelChoice) -> Option<&'static CatalogModel> {
    choice.catalog_id.as_deref().and_then(lookup::by_catalog_id)
}

/// The catalog model an arbitrary ID names, as Claude Code recognizes it (exact provider
/// IDs, geo-prefixed profiles, `@` versions, gateway spellings containing a known name).
pub fn recognize(id: &str) -> Option<&'static CatalogModel> {
    let (base, _) = aliases::strip_1m(id.trim());
    lookup::recognize(base)
}

/// Mantle's model-ID form (`anthropic.claude-haiku-4-5`, no Bedrock version suffix). With
/// both Bedrock and Mantle on, such IDs go to Mantle and the rest to the Invoke API.
pub fn is_mantle_form(id: &str) -> bool {
    bedrock::is_mantle_form(id)
}

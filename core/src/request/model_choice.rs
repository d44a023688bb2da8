//! The model a request targets when the body names one. (Bridges to the models module.)

use crate::env::Env;
use crate::models::ModelChoice;
use crate::problem::Result;
use crate::resolve::Resolution;

/// The choice for a model named in the request body.
pub fn choice_for(env: &Env<'_>, r: &Resolution, requested: &str) -> Result<ModelChoice> {
    let _ = env;
    let (id, one_m) = match requested.strip_suffix("[1m]") {
        Some(s) => (s, true),
        None => (requested, false),
    };
    let mut c = r.models.main.clone();
    c.requested = requested.to_owned();
    c.id = id.to_owned();
    c.context_1m = one_m;
    c.catalog_id = None;
    Ok(c)
}

/// Mantle-form IDs (`anthropic.claude-…` without a geo prefix) go to Mantle when it runs alongside Bedrock.
pub fn is_mantle_form(id: &str) -> bool {
    id.starts_with("anthropic.") && !id.contains(':')
}

/// Whether `[1m]` adds the `context-1m` beta for this model.
pub fn context_1m_beta_applies(choice: &ModelChoice) -> bool {
    choice.context_1m
}

/// `max_tokens` when the body has none: the override clamped to the model's upper limit, else its default.
pub fn max_tokens_for(choice: &ModelChoice, override_: Option<u32>) -> u32 {
    match override_ {
        Some(n) => n.min(choice.max_output_tokens.upper),
        None => choice.max_output_tokens.default,
    }
}

//! The model a request targets when the body names one, through the models module.

use crate::env::Env;
use crate::models::{self, ModelChoice, ModelContext};
use crate::problem::{Code, Problem, Result, Severity};
use crate::provider::ProviderId;
use crate::resolve::Resolution;

/// The choice for a model named in the request body. A value that cannot go into the URL is
/// an error, never interpolated.
pub fn choice_for(env: &Env<'_>, r: &Resolution, requested: &str) -> Result<ModelChoice> {
    let ctx = ModelContext {
        provider: r.provider,
        aws_region: r
            .region
            .as_ref()
            .filter(|_| r.provider.is_aws())
            .map(|s| s.value.as_str()),
        vertex_region: r
            .region
            .as_ref()
            .filter(|_| r.provider == ProviderId::Vertex)
            .map(|s| s.value.as_str()),
    };
    let mut problems = Vec::new();
    let choice = models::choice_for_request(env, ctx, &r.models, requested, &mut problems);
    if choice.unusable || choice.id.is_empty() {
        let p = problems
            .into_iter()
            .find(|p| p.severity == Severity::Error)
            .unwrap_or_else(|| {
                Problem::error(
                    Code::ValueUnsafe,
                    "The request's model cannot be put into the request URL.",
                    "Use a plain model ID, alias or ARN.",
                )
            });
        return Err(p.into());
    }
    Ok(choice)
}

//! Resolution: from env + settings layers to the provider, region, endpoint, models, auth
//! plan and network plan Claude Code would use, with the source of every value and every
//! problem found on the way.

mod anthropic;
pub(crate) mod aws;
mod foundry;
mod google_cloud;
mod ignored;
mod knobs;
pub(crate) mod pasted_credentials;
mod provenance;
pub(crate) mod urls;
mod vertex;

use crate::auth::{AuthPlan, CredentialStep};
use crate::env::{ConfigInput, Env, EnvOrder, Source, Var};
use crate::models::{self, ModelContext, ModelSet};
use crate::network::{self, NetworkPlan};
use crate::problem::Problem;
use crate::provider::{self, ProviderId};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

pub use knobs::{CustomHeader, RequestKnobs};
pub use provenance::{Overridden, ResolvedVar};
pub use urls::HostClass;

/// A value with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Sourced {
    pub value: String,
    pub source: Source,
    /// The variable that supplied it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_var: Option<Cow<'static, str>>,
}

impl Sourced {
    pub(crate) fn from_var(var: &Var<'_>) -> Self {
        Self {
            value: var.raw.trim().to_owned(),
            source: var.source.to_source(),
            env_var: Some(crate::vars::static_name(var.name)),
        }
    }

    /// [`Sourced::from_var`] for a variable looked up as `name`: no registry lookup for it.
    pub(crate) fn named(name: &'static str, var: &Var<'_>) -> Self {
        Self {
            value: var.raw.trim().to_owned(),
            source: var.source.to_source(),
            env_var: Some(Cow::Borrowed(name)),
        }
    }

    pub(crate) fn default(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            source: Source::Default,
            env_var: None,
        }
    }
}

/// Where requests go. `Debug` masks a password in the base URL.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    /// Base URL without a trailing `/` (Vertex's includes `/v1` unless overridden without it).
    pub base_url: String,
    pub source: Source,
    /// The variable the endpoint comes from: the one that set the base URL
    /// (`ANTHROPIC_BASE_URL`, `ANTHROPIC_VERTEX_BASE_URL`, `ANTHROPIC_FOUNDRY_RESOURCE`…), or
    /// the region or location variable the provider's host was derived from (`AWS_REGION`,
    /// `CLOUD_ML_REGION`, a `VERTEX_REGION_*` one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_var: Option<String>,
    /// `own` (the provider's official host over https), `foreign` (a gateway) or `insecure`.
    pub host_class: HostClass,
}

impl Endpoint {
    /// The variable that set the base URL (`ANTHROPIC_BASE_URL`, `ANTHROPIC_VERTEX_BASE_URL`,
    /// `ANTHROPIC_FOUNDRY_RESOURCE`…); `None` for the provider's host derived from a region or
    /// location, whose `env_var` names the region variable (`AWS_REGION`, `CLOUD_ML_REGION`, a
    /// `VERTEX_REGION_*`), if one set it.
    pub fn base_url_var(&self) -> Option<&str> {
        self.env_var.as_deref().filter(|v| !is_region_var(v))
    }
}

/// A variable a provider's host is derived from (not a base URL).
fn is_region_var(name: &str) -> bool {
    matches!(
        name,
        "AWS_REGION" | "AWS_DEFAULT_REGION" | "CLOUD_ML_REGION" | "ANTHROPIC_GOOGLE_CLOUD_LOCATION"
    ) || name.starts_with("VERTEX_REGION_")
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field(
                "base_url",
                &crate::vars::mask_url_credentials(&self.base_url),
            )
            .field("source", &self.source)
            .field("env_var", &self.env_var)
            .field("host_class", &self.host_class)
            .finish()
    }
}

/// Provider-specific identifiers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProviderDetails {
    /// Vertex or Google Cloud project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Sourced>,
    /// Foundry resource name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Sourced>,
    /// Claude Platform on AWS / Google Cloud workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<Sourced>,
    /// Bedrock service tier (`X-Amzn-Bedrock-Service-Tier`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<Sourced>,
    /// Bedrock Mantle endpoint when Mantle runs alongside the Invoke API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mantle_endpoint: Option<Endpoint>,
}

/// Everything Claude Code would decide from this configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub provider: ProviderId,
    /// The selector that chose the provider (`None`: first-party, the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_by: Option<Sourced>,
    /// First-party route to a host other than api.anthropic.com.
    pub gateway: bool,
    /// Bedrock and Mantle both on.
    pub mantle_alongside: bool,
    /// AWS region (Bedrock, Mantle, Claude Platform on AWS) or Vertex default location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Sourced>,
    /// `None` when the configuration does not say where to send requests (an error problem says why).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    pub details: ProviderDetails,
    pub models: ModelSet,
    pub auth: AuthPlan,
    pub network: NetworkPlan,
    pub knobs: RequestKnobs,
    /// Settings commands the runtime runs for credentials.
    pub credential_steps: Vec<CredentialStep>,
    /// Every relevant variable that is set, with its source and what it overrides.
    pub vars: Vec<ResolvedVar>,
    /// Every problem found, most severe first.
    pub problems: Vec<Problem>,
}

impl Resolution {
    /// Is there an error-severity problem?
    pub fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.severity == crate::problem::Severity::Error)
    }
}

/// Resolves `input` as Claude Code 2.1.332 would. Never fails: what cannot be resolved is
/// reported in [`Resolution::problems`].
pub fn resolve(input: &ConfigInput) -> Resolution {
    let order = EnvOrder::new(input);
    let env = order.env();
    resolve_env(&env)
}

pub(crate) fn resolve_env(env: &Env<'_>) -> Resolution {
    let mut problems = Vec::new();
    provenance::check_settings_shapes(env, &mut problems);
    let selection = provider::select(env, &mut problems);
    let provider = selection.provider;

    let mut details = ProviderDetails::default();
    let (region, endpoint, auth) = match provider {
        ProviderId::Anthropic => {
            let (endpoint, auth) = anthropic::resolve(env, &mut problems);
            (None, endpoint, auth)
        }
        ProviderId::Bedrock | ProviderId::Mantle | ProviderId::AnthropicAws => {
            let r = aws::resolve(
                env,
                provider,
                selection.mantle_alongside,
                &mut details,
                &mut problems,
            );
            (Some(r.region), r.endpoint, r.auth)
        }
        ProviderId::Vertex => {
            let r = vertex::resolve(env, &mut details, &mut problems);
            (Some(r.region), r.endpoint, r.auth)
        }
        ProviderId::Foundry => {
            let (endpoint, auth) = foundry::resolve(env, &mut details, &mut problems);
            (None, endpoint, auth)
        }
        ProviderId::AnthropicGoogleCloud => {
            let r = google_cloud::resolve(env, &mut details, &mut problems);
            (r.region, r.endpoint, r.auth)
        }
    };
    if provider != ProviderId::Anthropic {
        ignored::warn_ignored_first_party_vars(env, provider, &mut problems);
    }

    let ctx = ModelContext {
        provider,
        aws_region: region
            .as_ref()
            .filter(|_| provider.is_aws())
            .map(|r| r.value.as_str()),
        vertex_region: region
            .as_ref()
            .filter(|_| provider == ProviderId::Vertex)
            .map(|r| r.value.as_str()),
    };
    let models = models::resolve(env, ctx, &mut problems);
    let mut endpoint = endpoint;
    if provider == ProviderId::Vertex {
        vertex::endpoint_for_main_model(env, &models.main, endpoint.as_mut());
    }
    let signed = matches!(auth.method, crate::auth::AuthMethod::SigV4 { .. });
    let knobs = knobs::resolve(env, provider, signed, &mut problems);
    knobs::max_output_tokens_capped(env, &knobs, &models.main, &mut problems);
    let network = network::plan(env, &mut problems);
    // An official host over https is neither loopback nor plain http: nothing to check, and
    // parsing its URL again was a measurable share of `resolve`.
    for ep in endpoint.iter().chain(details.mantle_endpoint.as_ref()) {
        if ep.host_class != HostClass::Own {
            network::check_endpoint(&network, &ep.base_url, &mut problems);
        }
    }
    let credential_steps = provenance::credential_steps(env);
    let vars = provenance::resolved_vars(env, &mut problems);
    pasted_credentials::check(env, &mut problems);
    let gateway = provider == ProviderId::Anthropic
        && endpoint
            .as_ref()
            .is_some_and(|e| e.host_class != HostClass::Own);

    problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
    Resolution {
        provider,
        selected_by: selection
            .selected_by
            .as_ref()
            .map(|v| match provider.selector() {
                Some(name) => Sourced::named(name, v),
                None => Sourced::from_var(v),
            }),
        gateway,
        mantle_alongside: selection.mantle_alongside,
        region,
        endpoint,
        details,
        models,
        auth,
        network,
        knobs,
        credential_steps,
        vars,
        problems,
    }
}

/// Masks credentials pasted into plain variables in the text of problems added after
/// resolution.
pub(crate) fn scrub_pasted_credentials(env: &Env<'_>, problems: &mut [Problem]) {
    pasted_credentials::scrub(env, problems);
}

/// The Vertex host for a location (`global`, `us`/`eu`, or a region).
pub fn vertex_host(location: &str) -> String {
    vertex::host_for_location(location)
}

/// Vertex's default location.
pub fn vertex_default_region() -> &'static str {
    vertex::DEFAULT_REGION
}

/// The Vertex project the runtime's Google credentials resolved, when no variable names one.
pub fn vertex_credentials_project(
    r: &Resolution,
    project: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<Sourced> {
    vertex::credentials_project(r, project, problems)
}

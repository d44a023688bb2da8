//! Claude Platform on Google Cloud (`CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD`), as far as the
//! binary's variables and the official SDK (`@anthropic-ai/google-cloud-sdk`) show it.

use super::urls::{base_url_from_var, check_url_safe, default_endpoint};
use super::{Endpoint, ProviderDetails, Sourced};
use crate::auth::AuthPlan;
use crate::env::Env;
use crate::problem::{Code, Problem};
use crate::provider::ProviderId;

pub struct GoogleCloudResolution {
    pub region: Option<Sourced>,
    pub endpoint: Option<Endpoint>,
    pub auth: AuthPlan,
}

pub fn host_for_location(location: &str) -> String {
    if location == "global" {
        "claude.googleapis.com".to_owned()
    } else {
        format!("claude.{location}.rep.googleapis.com")
    }
}

pub fn resolve(
    env: &Env<'_>,
    details: &mut ProviderDetails,
    problems: &mut Vec<Problem>,
) -> GoogleCloudResolution {
    let location = super::vertex::location_from(env, "ANTHROPIC_GOOGLE_CLOUD_LOCATION", problems)
        .unwrap_or_else(|| Sourced::default("global"));
    for (name, slot, what) in [
        ("ANTHROPIC_GOOGLE_CLOUD_PROJECT", 0, "project ID"),
        ("ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID", 1, "workspace ID"),
    ] {
        match env.var(name) {
            Some(var) if check_url_safe(var.raw.trim(), what, Some(name), var.file(), problems) => {
                let s = Some(Sourced::from_var(&var));
                if slot == 0 {
                    details.project = s;
                } else {
                    details.workspace_id = s;
                }
            }
            Some(_) => {}
            None => problems.push(
                Problem::error(
                    Code::GoogleCloudConfigMissing,
                    format!("Claude Platform on Google Cloud needs {name}."),
                    format!("Set {name} to your {what}."),
                )
                .with_var(name),
            ),
        }
    }
    let endpoint = match env.var("ANTHROPIC_GOOGLE_CLOUD_BASE_URL") {
        Some(var) => base_url_from_var(&var, ProviderId::AnthropicGoogleCloud, problems),
        None => Some(super::aws::from_region(
            default_endpoint(format!("https://{}", host_for_location(&location.value))),
            &location,
        )),
    };
    let auth = super::vertex::google_adc_auth(env);
    GoogleCloudResolution {
        region: Some(location),
        endpoint,
        auth,
    }
}

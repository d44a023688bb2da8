//! Google Vertex AI: project, location, endpoint and auth.

use super::urls::{base_url_from_var, check_url_safe, default_endpoint, endpoint_path_start};
use super::{Endpoint, ProviderDetails, Sourced};
use crate::auth::{AuthMethod, AuthPlan};
use crate::env::Env;
use crate::problem::{Code, Problem};
use crate::provider::ProviderId;

pub struct VertexResolution {
    pub region: Sourced,
    pub endpoint: Option<Endpoint>,
    pub auth: AuthPlan,
}

pub const DEFAULT_REGION: &str = "us-east5";

use crate::models::{location_mistake, location_shaped, quoted_location};

/// The host serving a location: `global`, the `us`/`eu` multi-regions, or a region.
/// A Google OAuth token from Application Default Credentials: the key file
/// `GOOGLE_APPLICATION_CREDENTIALS` names (the source), or gcloud's file and the metadata
/// server. Vertex AI and Claude Platform on Google Cloud alike.
pub fn google_adc_auth(env: &Env<'_>) -> AuthPlan {
    let file = env.var("GOOGLE_APPLICATION_CREDENTIALS");
    AuthPlan {
        method: AuthMethod::GoogleOAuth,
        summary: match &file {
            Some(v) => format!("Google OAuth token from the credential file in GOOGLE_APPLICATION_CREDENTIALS ({})", v.raw.trim()),
            None => "Google OAuth token from Application Default Credentials (gcloud auth application-default login, metadata server)".to_owned(),
        },
        source: file.map(|v| v.source.to_source()),
    }
}

pub fn host_for_location(location: &str) -> String {
    match location {
        "global" => "aiplatform.googleapis.com".to_owned(),
        "us" | "eu" => format!("aiplatform.{location}.rep.googleapis.com"),
        r => format!("{r}-aiplatform.googleapis.com"),
    }
}

/// A location variable's value, or `None` (with a warning) when it is not location-shaped.
pub fn location_from(env: &Env<'_>, name: &str, problems: &mut Vec<Problem>) -> Option<Sourced> {
    let var = env.var(name)?;
    let v = var.raw.trim();
    if location_shaped(v) {
        // Claude Code takes it and builds `https://{v}-aiplatform.googleapis.com`, a host that
        // does not exist unless `v` is a real location.
        if let Some((what, meant)) = location_mistake(v) {
            let host = host_for_location(v);
            problems.push(
                Problem::warning(
                    Code::VertexRegionInvalid,
                    format!("{name}={v} is {what}: Claude Code calls https://{host}, which no Vertex AI location serves."),
                    match meant {
                        Some(region) => format!("Set {name}={region} (the region of that zone)."),
                        None => format!("Set {name} to a Vertex location such as us-east5, europe-west1, global, us or eu (Vertex writes us-east5 where AWS writes us-east-1)."),
                    },
                )
                .with_var(name)
                .with_file(var.file()),
            );
        }
        return Some(Sourced::from_var(&var));
    }
    let problem = match crate::vars::inside_quotes(v).filter(|l| location_shaped(l.trim())) {
        Some(inner) => quoted_location(name, v, inner.trim(), "Claude Code ignores it"),
        None => Problem::warning(
            Code::VertexRegionInvalid,
            format!("{name}={v:?} is not a Vertex location, so Claude Code ignores it."),
            format!("Set {name} to a location such as us-east5, europe-west1, global, us or eu."),
        ),
    };
    problems.push(problem.with_var(name).with_file(var.file()));
    None
}

/// The variables other Google tools read for a location, which Claude Code does not.
const OTHER_LOCATION_VARS: [&str; 4] = [
    "GOOGLE_CLOUD_LOCATION",
    "GOOGLE_CLOUD_REGION",
    "VERTEX_LOCATION",
    "ANTHROPIC_VERTEX_REGION",
];

/// No usable `CLOUD_ML_REGION`: requests go to us-east5, which decides where data is
/// processed, so it is said; a location set in another tool's variable is named.
fn region_defaulted(env: &Env<'_>, problems: &mut Vec<Problem>) {
    let other = OTHER_LOCATION_VARS
        .iter()
        .find_map(|n| env.var(n).map(|v| (*n, v)));
    problems.push(match other {
        Some((name, var)) => Problem::warning(
            Code::VertexRegionDefaulted,
            format!("{name} is set, but Claude Code reads the location from CLOUD_ML_REGION only, so requests go to {DEFAULT_REGION}."),
            format!("Set CLOUD_ML_REGION={} instead.", var.raw.trim()),
        )
        .with_var(name)
        .with_file(var.file()),
        None => Problem::info(
            Code::VertexRegionDefaulted,
            format!("CLOUD_ML_REGION is not set, so requests go to {DEFAULT_REGION} (where data is processed)."),
            "Set CLOUD_ML_REGION to the location where your models are enabled (us-east5, europe-west1, global…).",
        )
        .with_var("CLOUD_ML_REGION"),
    });
}

pub fn resolve(
    env: &Env<'_>,
    details: &mut ProviderDetails,
    problems: &mut Vec<Problem>,
) -> VertexResolution {
    let region = location_from(env, "CLOUD_ML_REGION", problems).unwrap_or_else(|| {
        // An unusable value was warned about already.
        if env.var("CLOUD_ML_REGION").is_none() {
            region_defaulted(env, problems);
        }
        Sourced::default(DEFAULT_REGION)
    });
    let skip = env.flag("CLAUDE_CODE_SKIP_VERTEX_AUTH");

    let project = match env.var("ANTHROPIC_VERTEX_PROJECT_ID") {
        Some(var) => Some(Sourced::from_var(&var)),
        // Without it the Vertex SDK asks google-auth, which reads these (and the credential file).
        None if !skip => ["GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT"]
            .iter()
            .find_map(|n| env.var(n))
            .map(|v| Sourced::from_var(&v)),
        None => None,
    };
    match project {
        Some(p) => {
            if check_url_safe(
                &p.value,
                "project ID",
                p.env_var.as_deref(),
                p.source.file(),
                problems,
            ) {
                details.project = Some(p);
            }
        }
        None if skip => problems.push(missing_project(true)),
        None => problems.push(missing_project(false)),
    }

    let endpoint = match env.var("ANTHROPIC_VERTEX_BASE_URL") {
        Some(var) => {
            let ep = base_url_from_var(&var, ProviderId::Vertex, problems);
            if let Some(ep) = &ep {
                // `…/v1/projects/…`: reported by `base_url_from_var` with its base.
                if !ep.base_url.ends_with("/v1")
                    && endpoint_path_start(&ep.base_url, ProviderId::Vertex).is_none()
                {
                    problems.push(
                        Problem::warning(
                            Code::VertexBaseUrlNoV1,
                            format!("ANTHROPIC_VERTEX_BASE_URL replaces the whole base including /v1, so requests go to {}/projects/… without /v1.", crate::vars::mask_url_credentials(&ep.base_url)),
                            format!("Add /v1 unless your gateway expects paths without it: ANTHROPIC_VERTEX_BASE_URL={}/v1.", crate::vars::mask_url_credentials(&ep.base_url)),
                        )
                        .with_var("ANTHROPIC_VERTEX_BASE_URL")
                        .with_file(var.file()),
                    );
                }
            }
            ep
        }
        None => {
            let ok = check_url_safe(
                &region.value,
                "location",
                region.env_var.as_deref(),
                region.source.file(),
                problems,
            );
            ok.then(|| {
                super::aws::from_region(
                    default_endpoint(format!("https://{}/v1", host_for_location(&region.value))),
                    &region,
                )
            })
        }
    };

    let auth = if skip {
        let bearer = env.var("ANTHROPIC_AUTH_TOKEN");
        AuthPlan {
            method: AuthMethod::Skip { skip_var: "CLAUDE_CODE_SKIP_VERTEX_AUTH".to_owned(), bearer_var: bearer.map(|v| v.name.to_owned()), placeholder: None },
            summary: match bearer {
                Some(_) => "no Google token (CLAUDE_CODE_SKIP_VERTEX_AUTH); Authorization: Bearer from ANTHROPIC_AUTH_TOKEN".to_owned(),
                None => "no Google token (CLAUDE_CODE_SKIP_VERTEX_AUTH); the gateway authenticates".to_owned(),
            },
            source: env.var("CLAUDE_CODE_SKIP_VERTEX_AUTH").map(|v| v.source.to_source()),
        }
    } else {
        google_adc_auth(env)
    };
    VertexResolution {
        region,
        endpoint,
        auth,
    }
}

/// The endpoint the main model's requests go to: its own location's host when a
/// `VERTEX_REGION_*` variable moves it (and no base URL is set), as the request builder does.
pub fn endpoint_for_main_model(
    env: &Env<'_>,
    main: &crate::models::ModelChoice,
    endpoint: Option<&mut Endpoint>,
) {
    let (Some(ep), Some(location), Some(var)) =
        (endpoint, main.region.as_deref(), main.region_var.as_deref())
    else {
        return;
    };
    if ep.base_url_var().is_some() {
        return;
    }
    ep.base_url = format!("https://{}/v1", host_for_location(location));
    // The variable the host comes from (CLOUD_ML_REGION or a VERTEX_REGION_* one), by name.
    if let Some(v) = env.var(var) {
        ep.source = v.source.to_source();
        ep.env_var = Some(v.name.to_owned());
    }
}

/// The project the runtime's Google credentials resolved (a key file's `project_id`, gcloud's
/// configuration, the metadata server), used as the Vertex SDK uses google-auth's answer: only
/// when no variable names a project, and never with skip-auth (no credentials are loaded then).
/// `None` otherwise, or with a `ValueUnsafe` problem when it would change the URL.
pub fn credentials_project(
    r: &super::Resolution,
    project: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<Sourced> {
    if r.provider != ProviderId::Vertex
        || r.details.project.is_some()
        || !matches!(r.auth.method, AuthMethod::GoogleOAuth)
    {
        return None;
    }
    let p = project?.trim();
    check_url_safe(
        p,
        "project ID from the Google credentials",
        None,
        None,
        problems,
    )
    .then(|| Sourced {
        value: p.to_owned(),
        source: crate::env::Source::Credentials,
        env_var: None,
    })
}

fn missing_project(skip: bool) -> Problem {
    Problem::error(
        Code::VertexProjectMissing,
        "No projectId was given and it could not be resolved from credentials: ANTHROPIC_VERTEX_PROJECT_ID is not set.",
        if skip {
            "Set ANTHROPIC_VERTEX_PROJECT_ID to your Google Cloud project ID; it is required even with CLAUDE_CODE_SKIP_VERTEX_AUTH."
        } else {
            "Set ANTHROPIC_VERTEX_PROJECT_ID to your Google Cloud project ID (gcloud config get-value project)."
        },
    )
    .with_var("ANTHROPIC_VERTEX_PROJECT_ID")
}

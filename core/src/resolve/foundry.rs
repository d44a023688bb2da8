//! Microsoft Foundry: resource or base URL, and auth.

use super::urls::{base_url_from_var, endpoint_path_start, is_official_host};
use super::{Endpoint, ProviderDetails, Sourced};
use crate::auth::{AuthMethod, AuthPlan, AZURE_SCOPE, FOUNDRY_SKIP_PLACEHOLDER};
use crate::env::Env;
use crate::problem::{Code, Problem};
use crate::provider::ProviderId;

/// The binary's resource regex `/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])$/i`.
pub fn resource_name_ok(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=64).contains(&b.len())
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

const RESOURCE_NAME_RULE: &str =
    "a Foundry resource name is 2-64 letters, digits and hyphens, not starting or ending with a hyphen, such as my-resource";

/// What is wrong with a resource name `resource_name_ok` refused, and the fix, told apart
/// because the usual mistake (a URL or host pasted in) has a different fix from a typo.
fn resource_name_problem(name: &str) -> (String, String) {
    let use_base_url =
        "To use a full URL, set ANTHROPIC_FOUNDRY_BASE_URL instead (ending in /anthropic).";
    if name.contains("://") || name.contains('.') || name.contains('/') {
        let host = name.split_once("://").map_or(name, |(_, rest)| rest);
        let host = host.split(['/', ':', '?', '#']).next().unwrap_or_default();
        let help = match host.split_once('.') {
            Some((label, rest))
                if rest.eq_ignore_ascii_case("services.ai.azure.com")
                    && resource_name_ok(label) =>
            {
                format!("Set ANTHROPIC_FOUNDRY_RESOURCE={label} (the name only, without https:// or .services.ai.azure.com). {use_base_url}")
            }
            _ => {
                format!("Set ANTHROPIC_FOUNDRY_RESOURCE to the resource name only. {use_base_url}")
            }
        };
        return (
            format!("ANTHROPIC_FOUNDRY_RESOURCE holds a URL or host name, but it takes a resource name: {RESOURCE_NAME_RULE}."),
            help,
        );
    }
    let what = if !(2..=64).contains(&name.len()) {
        let n = name.chars().count();
        format!("is {n} character{} long", if n == 1 { "" } else { "s" })
    } else if let Some(c) = name
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
    {
        match c {
            ' ' => "holds a space".to_owned(),
            c if c.is_control() => "holds a control character".to_owned(),
            c => format!("holds '{c}'"),
        }
    } else {
        "starts or ends with a hyphen".to_owned()
    };
    (
        format!("ANTHROPIC_FOUNDRY_RESOURCE {what}: {RESOURCE_NAME_RULE}."),
        format!("Set ANTHROPIC_FOUNDRY_RESOURCE to the name of your Foundry resource as the Azure portal shows it. {use_base_url}"),
    )
}

pub fn resolve(
    env: &Env<'_>,
    details: &mut ProviderDetails,
    problems: &mut Vec<Problem>,
) -> (Option<Endpoint>, AuthPlan) {
    let resource = env.var("ANTHROPIC_FOUNDRY_RESOURCE");
    let base = env.var("ANTHROPIC_FOUNDRY_BASE_URL");
    let endpoint = match (resource, base) {
        (Some(r), Some(b)) => {
            problems.push(
                Problem::error(
                    Code::FoundryTargetConflict,
                    "baseURL and resource are mutually exclusive: both ANTHROPIC_FOUNDRY_RESOURCE and ANTHROPIC_FOUNDRY_BASE_URL are set.",
                    "Keep one: ANTHROPIC_FOUNDRY_RESOURCE=<name> for https://<name>.services.ai.azure.com/anthropic, or ANTHROPIC_FOUNDRY_BASE_URL for any other URL.",
                )
                .with_var("ANTHROPIC_FOUNDRY_RESOURCE")
                .with_file(r.file().or(b.file())),
            );
            None
        }
        (Some(r), None) => {
            let name = r.raw.trim();
            if resource_name_ok(name) {
                details.resource = Some(Sourced::from_var(&r));
                Some(Endpoint {
                    base_url: format!("https://{name}.services.ai.azure.com/anthropic"),
                    source: r.source.to_source(),
                    env_var: Some(r.name.to_owned()),
                    host_class: super::HostClass::Own,
                })
            } else {
                let (message, help) = resource_name_problem(name);
                problems.push(
                    Problem::error(Code::FoundryResourceInvalid, message, help)
                        .with_var("ANTHROPIC_FOUNDRY_RESOURCE")
                        .with_file(r.file()),
                );
                None
            }
        }
        (None, Some(b)) => {
            let ep = base_url_from_var(&b, ProviderId::Foundry, problems);
            if let Some(ep) = &ep {
                let host = url::Url::parse(&ep.base_url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
                    .unwrap_or_default();
                if ep.base_url.ends_with("/v1") {
                    // Shown with any password masked.
                    let shown = crate::vars::mask_url_credentials(&ep.base_url);
                    let fixed = super::urls::trim_v1(&shown);
                    problems.push(
                        Problem::warning(
                            Code::BaseUrlEndsWithV1,
                            format!("ANTHROPIC_FOUNDRY_BASE_URL ends with /v1, so Claude Code will call {shown}/v1/messages."),
                            format!("Remove the trailing /v1: ANTHROPIC_FOUNDRY_BASE_URL={fixed}."),
                        )
                        .with_var("ANTHROPIC_FOUNDRY_BASE_URL")
                        .with_file(b.file()),
                    );
                } else if is_official_host(&host, ProviderId::Foundry)
                    && !ep.base_url.ends_with("/anthropic")
                    // `…/anthropic/v1/messages`: reported by `base_url_from_var` with its base.
                    && endpoint_path_start(&ep.base_url, ProviderId::Foundry).is_none()
                {
                    problems.push(
                        Problem::warning(
                            Code::FoundryBaseUrlNoAnthropic,
                            format!("ANTHROPIC_FOUNDRY_BASE_URL points at an Azure host but does not end with /anthropic; Foundry answers \"Requested API is currently not supported\" for {}/v1/messages.", crate::vars::mask_url_credentials(&ep.base_url)),
                            format!("Set ANTHROPIC_FOUNDRY_BASE_URL=https://{host}/anthropic."),
                        )
                        .with_var("ANTHROPIC_FOUNDRY_BASE_URL")
                        .with_file(b.file()),
                    );
                }
            }
            ep
        }
        (None, None) => {
            problems.push(
                Problem::error(
                    Code::FoundryTargetMissing,
                    "Must provide one of the `baseURL` or `resource` arguments, or the `ANTHROPIC_FOUNDRY_RESOURCE` environment variable: neither ANTHROPIC_FOUNDRY_RESOURCE nor ANTHROPIC_FOUNDRY_BASE_URL is set.",
                    "Set ANTHROPIC_FOUNDRY_RESOURCE to your Foundry resource name (the <name> in <name>.services.ai.azure.com).",
                )
                .with_var("ANTHROPIC_FOUNDRY_RESOURCE"),
            );
            None
        }
    };
    (endpoint, auth(env))
}

fn auth(env: &Env<'_>) -> AuthPlan {
    if let Some(t) = env.var("ANTHROPIC_FOUNDRY_AUTH_TOKEN") {
        return AuthPlan {
            method: AuthMethod::Bearer {
                env_var: t.name.to_owned(),
            },
            summary: "Authorization: Bearer from ANTHROPIC_FOUNDRY_AUTH_TOKEN".to_owned(),
            source: Some(t.source.to_source()),
        };
    }
    if let Some(k) = env.var("ANTHROPIC_FOUNDRY_API_KEY") {
        return AuthPlan {
            method: AuthMethod::ApiKey {
                env_var: k.name.to_owned(),
            },
            summary: "x-api-key from ANTHROPIC_FOUNDRY_API_KEY".to_owned(),
            source: Some(k.source.to_source()),
        };
    }
    if let Some(s) = env
        .var("CLAUDE_CODE_SKIP_FOUNDRY_AUTH")
        .filter(|_| env.flag("CLAUDE_CODE_SKIP_FOUNDRY_AUTH"))
    {
        return AuthPlan {
            method: AuthMethod::Skip {
                skip_var: s.name.to_owned(),
                bearer_var: None,
                placeholder: Some(FOUNDRY_SKIP_PLACEHOLDER.to_owned()),
            },
            summary: format!("no Azure credential (CLAUDE_CODE_SKIP_FOUNDRY_AUTH); placeholder Authorization: Bearer {FOUNDRY_SKIP_PLACEHOLDER}"),
            source: Some(s.source.to_source()),
        };
    }
    AuthPlan {
        method: AuthMethod::AzureEntraId { scope: AZURE_SCOPE.to_owned() },
        summary: "Microsoft Entra ID token (DefaultAzureCredential: environment, managed identity, Azure CLI…)".to_owned(),
        source: None,
    }
}

//! First-party Anthropic API and LLM gateways (`ANTHROPIC_BASE_URL`).

use super::urls::{base_url_from_var, default_endpoint};
use super::Endpoint;
use crate::auth::{AuthMethod, AuthPlan};
use crate::env::Env;
use crate::problem::{Code, Problem};
use crate::provider::ProviderId;

pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";

pub fn resolve(env: &Env<'_>, problems: &mut Vec<Problem>) -> (Option<Endpoint>, AuthPlan) {
    let endpoint = match env.var("ANTHROPIC_BASE_URL") {
        Some(var) => {
            let ep = base_url_from_var(&var, ProviderId::Anthropic, problems);
            if let Some(ep) = &ep {
                // An endpoint path (`…/v1/messages`) is reported by `base_url_from_var`.
                if ep.base_url.ends_with("/v1") {
                    problems.push(
                        Problem::warning(
                            Code::BaseUrlEndsWithV1,
                            format!("ANTHROPIC_BASE_URL ends with /v1, so Claude Code will call {}/v1/messages.", crate::vars::mask_url_credentials(&ep.base_url)),
                            format!("Remove the trailing /v1: ANTHROPIC_BASE_URL={}.", super::urls::trim_v1(&crate::vars::mask_url_credentials(&ep.base_url))),
                        )
                        .with_var("ANTHROPIC_BASE_URL")
                        .with_file(var.file()),
                    );
                }
                // Already off: the note would ask for what is set.
                if ep.host_class != super::HostClass::Own
                    && !env.flag("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS")
                {
                    problems.push(
                        Problem::info(
                            Code::GatewayExperimentalBetas,
                            "Requests go through a gateway. Claude Code sends its newest beta headers and body fields (such as context_management); gateways that validate requests may answer 400 \"Extra inputs are not permitted\".",
                            "If the gateway rejects them, set CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1.",
                        )
                        .with_var("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"),
                    );
                }
            }
            ep
        }
        None => Some(default_endpoint(DEFAULT_BASE_URL.to_owned())),
    };
    // A base URL that is not api.anthropic.com: the credentials are the gateway's.
    let gateway = endpoint
        .as_ref()
        .is_some_and(|e| e.env_var.is_some() && e.host_class != super::HostClass::Own);
    (endpoint, auth(env, gateway, problems))
}

fn auth(env: &Env<'_>, gateway: bool, problems: &mut Vec<Problem>) -> AuthPlan {
    let key = env.var("ANTHROPIC_API_KEY");
    let token = env.var("ANTHROPIC_AUTH_TOKEN");
    let helper = env
        .setting("apiKeyHelper")
        .and_then(|(v, l)| v.as_str().filter(|s| !s.trim().is_empty()).map(|s| (s, l)));
    if let Some((command, layer)) = helper {
        if let Some(k) = &key {
            problems.push(
                Problem::warning(
                    Code::ApiKeyHelperAndKey,
                    "Both apiKeyHelper and ANTHROPIC_API_KEY are set: Claude Code sends ANTHROPIC_API_KEY as x-api-key and the helper's output as Authorization: Bearer.",
                    "Keep one: unset ANTHROPIC_API_KEY to use the helper for both headers, or remove apiKeyHelper.",
                )
                .with_var("ANTHROPIC_API_KEY")
                .with_file(k.file()),
            );
        }
        // With ANTHROPIC_API_KEY also set, x-api-key is that key and only Authorization
        // carries the helper's output (capture `api_key_helper_and_env_key`).
        let summary = if key.is_some() {
            "x-api-key from ANTHROPIC_API_KEY and Authorization: Bearer from apiKeyHelper output"
        } else {
            "apiKeyHelper output as x-api-key and Authorization: Bearer"
        };
        return AuthPlan {
            method: AuthMethod::ApiKeyHelper {
                command: crate::auth::CommandLine(command.to_owned()),
                api_key_var: key.map(|_| "ANTHROPIC_API_KEY".to_owned()),
            },
            summary: summary.to_owned(),
            source: Some(layer.source()),
        };
    }
    match (key, token) {
        (Some(k), Some(t)) => {
            problems.push(
                Problem::warning(
                    Code::AnthropicKeyAndToken,
                    "Both ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are set: Claude Code sends both x-api-key and Authorization: Bearer.",
                    "Keep the one your endpoint expects: ANTHROPIC_API_KEY for api.anthropic.com, ANTHROPIC_AUTH_TOKEN for most gateways.",
                )
                .with_var("ANTHROPIC_AUTH_TOKEN")
                .with_file(t.file()),
            );
            AuthPlan {
                method: AuthMethod::ApiKeyAndBearer {
                    key_var: k.name.to_owned(),
                    token_var: t.name.to_owned(),
                },
                summary:
                    "x-api-key (ANTHROPIC_API_KEY) and Authorization: Bearer (ANTHROPIC_AUTH_TOKEN)"
                        .to_owned(),
                source: Some(k.source.to_source()),
            }
        }
        (Some(k), None) => AuthPlan {
            method: AuthMethod::ApiKey {
                env_var: k.name.to_owned(),
            },
            summary: "x-api-key from ANTHROPIC_API_KEY".to_owned(),
            source: Some(k.source.to_source()),
        },
        (None, Some(t)) => AuthPlan {
            method: AuthMethod::Bearer {
                env_var: t.name.to_owned(),
            },
            summary: "Authorization: Bearer from ANTHROPIC_AUTH_TOKEN".to_owned(),
            source: Some(t.source.to_source()),
        },
        // `claude setup-token`'s subscription token (CI, containers). No capture shows the
        // request Claude Code makes with it, so it is named, not built.
        (None, None) if env.var("CLAUDE_CODE_OAUTH_TOKEN").is_some() => {
            let var = env.var("CLAUDE_CODE_OAUTH_TOKEN");
            problems.push(
                Problem::info(
                    Code::OauthTokenNotModelled,
                    "CLAUDE_CODE_OAUTH_TOKEN is set: Claude Code signs in with this Claude subscription token (from `claude setup-token`). claude-provider has no capture of the requests Claude Code makes with it, so the requests it builds carry no credential.",
                    "Nothing to change for Claude Code. To test this route with claude-provider, set ANTHROPIC_API_KEY (an API key from the Claude Console) as well.",
                )
                .with_var("CLAUDE_CODE_OAUTH_TOKEN")
                .with_file(var.and_then(|v| v.file())),
            );
            AuthPlan {
                method: AuthMethod::None,
                summary: "Claude subscription token from CLAUDE_CODE_OAUTH_TOKEN (its requests are not modelled)".to_owned(),
                source: var.map(|v| v.source.to_source()),
            }
        }
        // A Claude.ai or Console sign-in (`/login`): Claude Code uses it when nothing above is
        // set. Its requests (OAuth) are not captured, so they are named, not built.
        (None, None) if env.input().home.claude_login_found == Some(true) => {
            problems.push(Problem::info(
                Code::ClaudeLoginNotModelled,
                "No API key or token is set, so Claude Code signs in with your /login credentials (.credentials.json in ~/.claude or $CLAUDE_CONFIG_DIR). claude-provider has no capture of the requests Claude Code makes with them, so the requests it builds carry no credential.",
                "Nothing to change for Claude Code. To test this route with claude-provider, set ANTHROPIC_API_KEY (an API key from the Claude Console) as well.",
            ));
            AuthPlan {
                method: AuthMethod::None,
                summary: "your /login sign-in (its requests are not modelled)".to_owned(),
                source: None,
            }
        }
        (None, None) => {
            // With a gateway, `/login` and the cloud providers are beside the point: the
            // gateway's key goes in one of the variables it reads.
            let (message, help, var) = if gateway {
                (
                    "No credentials for the gateway in ANTHROPIC_BASE_URL: ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY and apiKeyHelper are all unset. Claude Code says \"Not logged in · Please run /login\".",
                    "Set the gateway's key in ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer, what most gateways expect) or ANTHROPIC_API_KEY (sent as x-api-key), whichever the gateway reads; or set apiKeyHelper in your settings to a command that prints it (sent as both).",
                    "ANTHROPIC_AUTH_TOKEN",
                )
            } else {
                (
                    "No Anthropic credentials: ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and apiKeyHelper are all unset. Claude Code says \"Not logged in · Please run /login\".",
                    "Set ANTHROPIC_API_KEY (Anthropic API), ANTHROPIC_AUTH_TOKEN (a gateway's bearer token), run `claude /login`, or select a cloud provider (e.g. CLAUDE_CODE_USE_BEDROCK=1).",
                    "ANTHROPIC_API_KEY",
                )
            };
            problems
                .push(Problem::error(Code::AnthropicNoCredentials, message, help).with_var(var));
            AuthPlan {
                method: AuthMethod::None,
                summary: "no credentials".to_owned(),
                source: None,
            }
        }
    }
}

//! `ANTHROPIC_BASE_URL` / `ANTHROPIC_API_KEY` with a cloud provider selected: Claude Code
//! ignores them. Each is named with the provider's own variable for the same thing, if it has
//! one: a warning when that one is unset (the URL or key the person meant is lost), a note
//! when it is set (the first-party one is only a leftover).

use crate::env::Env;
use crate::problem::{Code, Problem, Severity};
use crate::provider::ProviderId;

/// The provider's own variable for a first-party one, and the variables that, when set, mean
/// the provider already has what the first-party one would give (the first listed is the
/// counterpart itself).
fn counterpart(provider: ProviderId, name: &str) -> &'static [&'static str] {
    match (provider, name) {
        (ProviderId::Bedrock, "ANTHROPIC_BASE_URL") => &super::aws::BEDROCK_BASE_URL_VARS,
        (ProviderId::Vertex, "ANTHROPIC_BASE_URL") => &["ANTHROPIC_VERTEX_BASE_URL"],
        (ProviderId::Foundry, "ANTHROPIC_BASE_URL") => {
            &["ANTHROPIC_FOUNDRY_BASE_URL", "ANTHROPIC_FOUNDRY_RESOURCE"]
        }
        (ProviderId::Foundry, "ANTHROPIC_API_KEY") => &["ANTHROPIC_FOUNDRY_API_KEY"],
        (ProviderId::Mantle, "ANTHROPIC_BASE_URL") => &["ANTHROPIC_BEDROCK_MANTLE_BASE_URL"],
        (ProviderId::AnthropicAws, "ANTHROPIC_BASE_URL") => &["ANTHROPIC_AWS_BASE_URL"],
        (ProviderId::AnthropicAws, "ANTHROPIC_API_KEY") => &["ANTHROPIC_AWS_API_KEY"],
        (ProviderId::AnthropicGoogleCloud, "ANTHROPIC_BASE_URL") => {
            &["ANTHROPIC_GOOGLE_CLOUD_BASE_URL"]
        }
        _ => &[],
    }
}

/// The provider's skip-auth variable, when skip-auth sends `ANTHROPIC_AUTH_TOKEN` as a bearer
/// token (Foundry's sends its own token or a placeholder).
fn skip_auth_var(provider: ProviderId) -> Option<&'static str> {
    match provider {
        ProviderId::Bedrock => Some("CLAUDE_CODE_SKIP_BEDROCK_AUTH"),
        ProviderId::Mantle => Some("CLAUDE_CODE_SKIP_MANTLE_AUTH"),
        ProviderId::AnthropicAws => Some("CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH"),
        ProviderId::Vertex => Some("CLAUDE_CODE_SKIP_VERTEX_AUTH"),
        _ => None,
    }
}

/// With a cloud provider selected, the first-party variables that are set are ignored; say
/// which, and what to set instead. Names only for the key; the URL masked.
pub fn warn_ignored_first_party_vars(
    env: &Env<'_>,
    provider: ProviderId,
    problems: &mut Vec<Problem>,
) {
    let mut shown: Vec<String> = Vec::new();
    let mut fixes: Vec<String> = Vec::new();
    let mut leftovers: Vec<&str> = Vec::new();
    let mut lost: Option<&str> = None;
    let mut first: Option<&str> = None;
    // Skip-auth (a gateway in front of the provider): Claude Code sends ANTHROPIC_AUTH_TOKEN
    // as `Authorization: Bearer` (captures `bedrock_skip_auth_with_auth_token`,
    // `vertex_skip_auth_with_auth_token`); that is where the gateway's key goes.
    let skip_var = skip_auth_var(provider).filter(|v| env.flag(v));
    for (name, what) in [("ANTHROPIC_API_KEY", "key"), ("ANTHROPIC_BASE_URL", "URL")] {
        let Some(var) = env.var(name) else { continue };
        if let (Some(skip), "ANTHROPIC_API_KEY") = (skip_var, name) {
            first.get_or_insert(name);
            shown.push(name.to_owned());
            if env.var("ANTHROPIC_AUTH_TOKEN").is_some() {
                fixes.push(format!("With {skip} on, ANTHROPIC_AUTH_TOKEN is set and sent to the gateway as Authorization: Bearer instead."));
                leftovers.push(name);
            } else {
                fixes.push(format!("With {skip} on, Claude Code sends the gateway's key from ANTHROPIC_AUTH_TOKEN (as Authorization: Bearer), never ANTHROPIC_API_KEY: to send that key, set ANTHROPIC_AUTH_TOKEN to it."));
                lost.get_or_insert(name);
            }
            continue;
        }
        first.get_or_insert(name);
        shown.push(if what == "URL" {
            format!(
                "{name} ({})",
                crate::vars::mask_url_credentials(var.raw.trim())
            )
        } else {
            name.to_owned()
        });
        let own = counterpart(provider, name);
        match own.iter().find(|o| env.var(o).is_some()) {
            Some(set) => {
                fixes.push(format!("{set} is set and used instead of {name}."));
                leftovers.push(name);
            }
            None => match own.first() {
                Some(to) => {
                    fixes.push(format!("To use that {what}, set {to}."));
                    if lost.is_none() {
                        lost = Some(name);
                    }
                }
                None => {
                    fixes.push(format!(
                        "{} has no variable for an Anthropic API {what}.",
                        provider.display_name()
                    ));
                    leftovers.push(name);
                }
            },
        }
    }
    let Some(first) = first else {
        return;
    };
    if !leftovers.is_empty() {
        let them = leftovers.join(" and ");
        let selector = provider.selector().unwrap_or("the provider selector");
        fixes.push(format!(
            "Remove {them} to avoid confusion, or unset {selector} to use the Anthropic API."
        ));
    }
    let help = fixes.join(" ");
    let (severity, var) = match lost {
        Some(name) => (Severity::Warning, name),
        None => (Severity::Info, first),
    };
    let file = env.var(var).and_then(|v| v.file());
    problems.push(
        Problem::new(
            Code::FirstPartyVarsIgnored,
            severity,
            format!(
                "Claude Code ignores {} on {}.",
                shown.join(" and "),
                provider.display_name()
            ),
            help,
        )
        .with_var(var)
        .with_file(file),
    );
}

//! Which route Claude Code takes, from the `CLAUDE_CODE_USE_*` selectors.
//!
//! Decompiled order in 2.1.332: `BEDROCK > FOUNDRY > ANTHROPIC_AWS > ANTHROPIC_GOOGLE_CLOUD >
//! MANTLE > VERTEX > first-party`. Bedrock together with Mantle keeps both routes active:
//! Mantle-form model IDs (`anthropic.…`) go to Mantle, the rest to the Invoke API.

use crate::env::{truthy, Env, Var};
use crate::problem::{Code, Problem};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The provider identifiers used everywhere (Rust, JS, JSON, CLI).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ProviderId {
    /// Anthropic API, or an LLM gateway when the base URL is not api.anthropic.com.
    Anthropic,
    Bedrock,
    Vertex,
    Foundry,
    /// Amazon Bedrock Mantle (Anthropic-shaped API on Bedrock).
    Mantle,
    /// Claude Platform on AWS.
    AnthropicAws,
    /// Claude Platform on Google Cloud.
    AnthropicGoogleCloud,
}

impl ProviderId {
    pub const ALL: [ProviderId; 7] = [
        ProviderId::Anthropic,
        ProviderId::Bedrock,
        ProviderId::Vertex,
        ProviderId::Foundry,
        ProviderId::Mantle,
        ProviderId::AnthropicAws,
        ProviderId::AnthropicGoogleCloud,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderId::Anthropic => "anthropic",
            ProviderId::Bedrock => "bedrock",
            ProviderId::Vertex => "vertex",
            ProviderId::Foundry => "foundry",
            ProviderId::Mantle => "mantle",
            ProviderId::AnthropicAws => "anthropic-aws",
            ProviderId::AnthropicGoogleCloud => "anthropic-google-cloud",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The selector variable that turns this provider on (`None` for first-party).
    pub fn selector(self) -> Option<&'static str> {
        SELECTORS.iter().find(|(_, p)| *p == self).map(|(v, _)| *v)
    }

    /// The variable that sets this provider's base URL (a gateway or private endpoint).
    pub fn base_url_var(self) -> &'static str {
        match self {
            ProviderId::Anthropic => "ANTHROPIC_BASE_URL",
            ProviderId::Bedrock => "ANTHROPIC_BEDROCK_BASE_URL",
            ProviderId::Vertex => "ANTHROPIC_VERTEX_BASE_URL",
            ProviderId::Foundry => "ANTHROPIC_FOUNDRY_BASE_URL",
            ProviderId::Mantle => "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
            ProviderId::AnthropicAws => "ANTHROPIC_AWS_BASE_URL",
            ProviderId::AnthropicGoogleCloud => "ANTHROPIC_GOOGLE_CLOUD_BASE_URL",
        }
    }

    /// A person-facing name.
    pub fn display_name(self) -> &'static str {
        match self {
            ProviderId::Anthropic => "Anthropic API",
            ProviderId::Bedrock => "Amazon Bedrock",
            ProviderId::Vertex => "Google Vertex AI",
            ProviderId::Foundry => "Microsoft Foundry",
            ProviderId::Mantle => "Amazon Bedrock Mantle",
            ProviderId::AnthropicAws => "Claude Platform on AWS",
            ProviderId::AnthropicGoogleCloud => "Claude Platform on Google Cloud",
        }
    }

    /// Signed with AWS SigV4 (unless an API key or skip-auth applies).
    pub fn is_aws(self) -> bool {
        matches!(
            self,
            ProviderId::Bedrock | ProviderId::Mantle | ProviderId::AnthropicAws
        )
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Selector variables in Claude Code's precedence order.
pub const SELECTORS: [(&str, ProviderId); 6] = [
    ("CLAUDE_CODE_USE_BEDROCK", ProviderId::Bedrock),
    ("CLAUDE_CODE_USE_FOUNDRY", ProviderId::Foundry),
    ("CLAUDE_CODE_USE_ANTHROPIC_AWS", ProviderId::AnthropicAws),
    (
        "CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD",
        ProviderId::AnthropicGoogleCloud,
    ),
    ("CLAUDE_CODE_USE_MANTLE", ProviderId::Mantle),
    ("CLAUDE_CODE_USE_VERTEX", ProviderId::Vertex),
];

/// The outcome of provider selection.
#[derive(Clone, Debug)]
pub struct Selection<'a> {
    pub provider: ProviderId,
    /// The selector that won (`None` for first-party).
    pub selected_by: Option<Var<'a>>,
    /// Bedrock and Mantle both on: Mantle-form model IDs go to Mantle.
    pub mantle_alongside: bool,
    /// Every selector that is on, in precedence order.
    pub active: Vec<Var<'a>>,
}

/// Applies Claude Code's selection rules; pushes selector problems into `problems`.
pub fn select<'a>(env: &Env<'a>, problems: &mut Vec<Problem>) -> Selection<'a> {
    let mut active = Vec::new();
    let mut winner: Option<(ProviderId, Var<'a>)> = None;
    for (name, provider) in SELECTORS {
        let Some(var) = env.var(name) else { continue };
        match truthy(var.raw) {
            Some(true) => {
                if winner.is_none() {
                    winner = Some((provider, var));
                }
                active.push(var);
            }
            Some(false) => {}
            None => problems.push(
                Problem::warning(
                    Code::ProviderFlagUnrecognized,
                    format!(
                        "{name}={:?} is neither true nor false, so Claude Code treats it as off.",
                        var.raw
                    ),
                    format!(
                        "Set {name}=1 to use {}, or remove it (or set it to 0).",
                        provider.display_name()
                    ),
                )
                .with_var(name)
                .with_file(var.file()),
            ),
        }
    }
    let mantle_alongside = winner
        .as_ref()
        .is_some_and(|(p, _)| *p == ProviderId::Bedrock)
        && active.iter().any(|v| v.name == "CLAUDE_CODE_USE_MANTLE");
    if active.len() > 1 && !(mantle_alongside && active.len() == 2) {
        let (p, w) = winner.as_ref().expect("active implies a winner");
        // Each selector with the file that sets it, if one does (a settings layer the person
        // may not know about, such as managed settings).
        let named: Vec<String> = active
            .iter()
            .map(|v| match v.file() {
                Some(f) => format!("{} (in {f})", v.name),
                None => v.name.to_owned(),
            })
            .collect();
        let loser = active
            .iter()
            .find(|v| v.name != w.name)
            .copied()
            .unwrap_or(*w);
        problems.push(
            Problem::warning(
                Code::ProviderConflict,
                format!(
                    "{} {} on; {} wins, so Claude Code uses {}.",
                    match named.as_slice() {
                        [a, b] => format!("{a} and {b}"),
                        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
                        [] => String::new(),
                    },
                    if named.len() == 2 { "are both" } else { "are all" },
                    w.name,
                    p.display_name()
                ),
                format!(
                    "Keep only the provider you mean: unset the others (or set them to 0). In a settings file, \"{}\": \"\" cancels a shell export.",
                    loser.name
                ),
            )
            .with_var(loser.name)
            .with_file(loser.file()),
        );
    }
    match winner {
        Some((provider, var)) => Selection {
            provider,
            selected_by: Some(var),
            mantle_alongside,
            active,
        },
        None => Selection {
            provider: ProviderId::Anthropic,
            selected_by: None,
            mantle_alongside: false,
            active,
        },
    }
}

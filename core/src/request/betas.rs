//! Which betas go where: Claude Code's per-provider allowlist, the experimental-betas switch,
//! and Bedrock's split between the `anthropic-beta` header and the body's `anthropic_beta`.

use crate::provider::ProviderId;

pub const CLAUDE_CODE: &str = "claude-code-20250219";
pub const INTERLEAVED_THINKING: &str = "interleaved-thinking-2025-05-14";
pub const CONTEXT_1M: &str = "context-1m-2025-08-07";
pub const EFFORT: &str = "effort-2025-11-24";
/// Tool search: first-party string and the one Bedrock/Vertex/Mantle accept.
pub const TOOL_SEARCH_1P: &str = "advanced-tool-use-2025-11-20";
pub const TOOL_SEARCH_3P: &str = "tool-search-tool-2025-10-19";

/// Betas Bedrock, Vertex and Mantle accept (Claude Code's 3P allowlist; everything else,
/// `ANTHROPIC_BETAS` included, is dropped there).
const THIRD_PARTY_ALLOWED: &[&str] = &[
    CLAUDE_CODE,
    INTERLEAVED_THINKING,
    CONTEXT_1M,
    "context-management-2025-06-27",
    "structured-outputs-2025-12-15",
    "web-search-2025-03-05",
    EFFORT,
    TOOL_SEARCH_3P,
    "thinking-token-count-2026-05-13",
    "thinking-binding-controls-2026-08-01",
    "mid-conversation-system-clear-at-2026-08-21",
];

/// What `CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1` leaves.
const NON_EXPERIMENTAL: &[&str] = &[CLAUDE_CODE, INTERLEAVED_THINKING, EFFORT, CONTEXT_1M];

/// On Bedrock these model betas go in the body's `anthropic_beta` only.
const BEDROCK_BODY_ONLY: &[&str] = &[
    INTERLEAVED_THINKING,
    CONTEXT_1M,
    TOOL_SEARCH_3P,
    "context-management-2025-06-27",
    "structured-outputs-2025-12-15",
];
/// On Bedrock these go in both the header and the body.
const BEDROCK_BOTH: &[&str] = &[
    "thinking-token-count-2026-05-13",
    "thinking-binding-controls-2026-08-01",
];

/// The betas of one request, placed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placed {
    pub header: Vec<String>,
    pub body: Vec<String>,
}

pub struct BetaInput<'a> {
    pub provider: ProviderId,
    /// The caller's betas (a client decides them per feature).
    pub requested: &'a [String],
    /// `ANTHROPIC_BETAS` after the provider filter.
    pub configured: &'a [String],
    /// The model was asked for with `[1m]` and supports the beta.
    pub context_1m: bool,
    pub disable_experimental: bool,
    /// Put every beta in the header (and, on Bedrock, the body) as the official SDKs do.
    pub sdk_placement: bool,
}

fn push_unique(list: &mut Vec<String>, b: &str) {
    if !list.iter().any(|x| x == b) {
        list.push(b.to_owned());
    }
}

pub fn place(i: &BetaInput<'_>) -> Placed {
    let third_party = matches!(
        i.provider,
        ProviderId::Bedrock | ProviderId::Vertex | ProviderId::Mantle
    );
    let mut all: Vec<String> = Vec::with_capacity(i.requested.len() + i.configured.len() + 1);
    if i.context_1m {
        push_unique(&mut all, CONTEXT_1M);
    }
    for b in i.requested.iter().chain(i.configured) {
        let b = b.trim();
        if b.is_empty() {
            continue;
        }
        let b = if third_party && b == TOOL_SEARCH_1P {
            TOOL_SEARCH_3P
        } else {
            b
        };
        if third_party && !i.sdk_placement && !THIRD_PARTY_ALLOWED.contains(&b) {
            continue;
        }
        push_unique(&mut all, b);
    }
    if i.disable_experimental {
        all.retain(|b| NON_EXPERIMENTAL.contains(&b.as_str()));
    }
    if i.provider != ProviderId::Bedrock {
        return Placed {
            header: all,
            body: Vec::new(),
        };
    }
    if i.sdk_placement {
        return Placed {
            header: all.clone(),
            body: all,
        };
    }
    let mut placed = Placed::default();
    for b in all {
        let s = b.as_str();
        if BEDROCK_BOTH.contains(&s) {
            placed.header.push(b.clone());
            placed.body.push(b);
        } else if BEDROCK_BODY_ONLY.contains(&s) {
            placed.body.push(b);
        } else {
            placed.header.push(b);
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bedrock_splits_header_and_body() {
        let req = v(&[
            CLAUDE_CODE,
            "thinking-token-count-2026-05-13",
            EFFORT,
            INTERLEAVED_THINKING,
            TOOL_SEARCH_1P,
            "per-turn-control-2026-07-01",
        ]);
        let p = place(&BetaInput {
            provider: ProviderId::Bedrock,
            requested: &req,
            configured: &[],
            context_1m: true,
            disable_experimental: false,
            sdk_placement: false,
        });
        assert_eq!(
            p.header,
            v(&[CLAUDE_CODE, "thinking-token-count-2026-05-13", EFFORT])
        );
        assert_eq!(
            p.body,
            v(&[
                CONTEXT_1M,
                "thinking-token-count-2026-05-13",
                INTERLEAVED_THINKING,
                TOOL_SEARCH_3P
            ])
        );
    }

    #[test]
    fn experimental_switch_keeps_the_stable_three() {
        let req = v(&[
            CLAUDE_CODE,
            INTERLEAVED_THINKING,
            "context-management-2025-06-27",
            "per-turn-control-2026-07-01",
            EFFORT,
        ]);
        let p = place(&BetaInput {
            provider: ProviderId::Anthropic,
            requested: &req,
            configured: &v(&["custom-1"]),
            context_1m: false,
            disable_experimental: true,
            sdk_placement: false,
        });
        assert_eq!(p.header, v(&[CLAUDE_CODE, INTERLEAVED_THINKING, EFFORT]));
    }
}

//! What a model value Claude Code does not recognize was probably meant to be: a catalog model
//! written with a dotted version (`claude-sonnet-4.6`, as the docs name "Sonnet 4.6"), a typo
//! (`claude-sonet-4-6`), words in another order (`claude-4-6-sonnet`), or a misspelt alias
//! (`sonet`). Only consulted for values that are not recognized, so a correct ID never gets a
//! suggestion.

use super::bedrock::split_geo;
use super::catalog::{ALIASES, IDS, NAMES};
use super::lookup;
use super::schema::CatalogModel;

/// A near miss's target.
#[derive(Clone, Copy, Debug)]
pub enum Meant {
    Model(&'static CatalogModel),
    /// An alias or special value (`sonnet`, `opusplan`).
    Alias(&'static str),
}

/// Family words a model name is built from, and the values that are not family aliases.
const FAMILIES: [&str; 5] = ["sonnet", "opus", "haiku", "fable", "mythos"];
const SPECIAL: [&str; 3] = ["opusplan", "default", "best"];

/// The catalog model or alias `id` (already known not to be recognized) is a near miss of.
pub fn near_miss(id: &str) -> Option<Meant> {
    let lower = id.trim().to_ascii_lowercase();
    let bare = split_geo(&lower).map_or(lower.as_str(), |(_, rest)| rest);
    let norm = normalize(bare);
    if let Some(m) = lookup::recognize(&norm) {
        return Some(Meant::Model(m));
    }
    let name = norm.strip_prefix("anthropic.").unwrap_or(&norm);
    if let Some(m) = reordered(name) {
        return Some(Meant::Model(m));
    }
    if let Some(m) = misspelt(&norm) {
        return Some(Meant::Model(m));
    }
    misspelt_alias(name).map(Meant::Alias)
}

/// Dots between digits (`4.6`), underscores and spaces become dashes; a name that starts with a
/// family word gets Claude's `claude-` (`sonnet-4.6` → `claude-sonnet-4-6`).
fn normalize(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 7);
    for (i, c) in s.char_indices() {
        let between_digits =
            || i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        match c {
            '.' if between_digits() => out.push('-'),
            '_' | ' ' => out.push('-'),
            c => out.push(c),
        }
    }
    let starts_with_family = FAMILIES
        .iter()
        .any(|f| out.strip_prefix(f).is_some_and(|r| r.starts_with('-')));
    if starts_with_family {
        out.insert_str(0, "claude-");
    }
    out
}

/// The runs of digits in `s`, in order: the version and date, which a suggestion must keep
/// (`claude-opus-4-9` is a model this catalog does not know, not a typo of `claude-opus-4-8`).
fn digit_runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
}

/// The same words as a catalog name in another order (`claude-4-6-sonnet`), its numbers in
/// the same order.
fn reordered(name: &str) -> Option<&'static CatalogModel> {
    let words = |s: &'static str| -> Vec<&'static str> {
        let mut w: Vec<&str> = s.split('-').filter(|w| !is_digits(w)).collect();
        w.sort_unstable();
        w
    };
    let mut mine: Vec<&str> = name.split('-').filter(|w| !is_digits(w)).collect();
    mine.sort_unstable();
    NAMES
        .iter()
        .find(|(n, _)| {
            digit_runs(n).eq(digit_runs(name)) && {
                let theirs = words(n);
                theirs == mine
            }
        })
        .map(|(_, m)| lookup::model(*m))
}

fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// The catalog spelling within two edits of `norm` that keeps its numbers (a typo in a word:
/// `claude-sonet-4-6`, `anthropic.claude-haiku-4-5-20251001-v1:0` with a letter missing).
fn misspelt(norm: &str) -> Option<&'static CatalogModel> {
    const CAP: usize = 2;
    let names = NAMES.iter().map(|(n, m)| (*n, *m));
    let ids = IDS.iter().map(|e| (e.id, e.model));
    names
        .chain(ids)
        .filter(|(n, _)| digit_runs(n).eq(digit_runs(norm)))
        .map(|(n, m)| (crate::validate::distance(norm, n, CAP), m))
        .filter(|(d, _)| *d <= CAP)
        .min_by_key(|(d, _)| *d)
        .map(|(_, m)| lookup::model(m))
}

/// An alias one edit away (`sonet`, `opus-plan`; words of five letters or more, so `bust` is
/// not `best`), or an alias with Claude's name before it
/// (`claude-opus`). Words without digits only: `opus-4` is not the `opus` alias.
fn misspelt_alias(name: &str) -> Option<&'static str> {
    if name.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let word = name.strip_prefix("claude-").unwrap_or(name);
    let known = ALIASES.iter().map(|a| a.name).chain(SPECIAL);
    if let Some(a) = known.clone().find(|a| *a == word) {
        return Some(a);
    }
    if word.len() < 5 {
        return None;
    }
    known
        .map(|a| (crate::validate::distance(word, a, 1), a))
        .filter(|(d, _)| *d <= 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meant(id: &str) -> Option<String> {
        near_miss(id).map(|m| match m {
            Meant::Model(m) => m.id.to_owned(),
            Meant::Alias(a) => format!("alias {a}"),
        })
    }

    #[test]
    fn dotted_versions() {
        for (id, want) in [
            ("claude-sonnet-4.6", "claude-sonnet-4-6"),
            ("claude-opus-4.6", "claude-opus-4-6"),
            ("claude-haiku-4.5", "claude-haiku-4-5"),
            ("claude-3.5-sonnet", "claude-3-5-sonnet"),
            ("claude-3.7-sonnet", "claude-3-7-sonnet"),
            ("sonnet-4.6", "claude-sonnet-4-6"),
            ("Sonnet 4.6", "claude-sonnet-4-6"),
            ("us.anthropic.claude-sonnet-4.6", "claude-sonnet-4-6"),
            ("anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"),
            ("claude_sonnet_4_6", "claude-sonnet-4-6"),
            (
                "eu.anthropic.claude-sonnet-4.5-20250929-v1:0",
                "claude-sonnet-4-5",
            ),
        ] {
            assert_eq!(meant(id).as_deref(), Some(want), "{id}");
        }
    }

    #[test]
    fn typos_and_word_order() {
        for (id, want) in [
            ("claude-sonet-4-6", "claude-sonnet-4-6"),
            ("claude-sonnett-4-5", "claude-sonnet-4-5"),
            ("claude-opsu-4-8", "claude-opus-4-8"),
            ("claude-4-6-sonnet", "claude-sonnet-4-6"),
            ("claude-4-5-haiku", "claude-haiku-4-5"),
            ("claude-sonnet-3-5", "claude-3-5-sonnet"),
            (
                "us.anthropic.claude-haiku-4-5-2025101-v1:0",
                "claude-haiku-4-5",
            ),
        ] {
            assert_eq!(meant(id).as_deref(), Some(want), "{id}");
        }
        assert_eq!(meant("sonet").as_deref(), Some("alias sonnet"));
        assert_eq!(meant("claude-opus").as_deref(), Some("alias opus"));
        assert_eq!(meant("opus-plan").as_deref(), Some("alias opusplan"));
    }

    #[test]
    fn custom_names_and_unknown_versions_are_no_near_miss() {
        for id in [
            "my-claude",
            "openai/gpt-4o",
            "my-gateway-model",
            "my-opus-deployment",
            "claude-opus-4-9",
            "claude-sonnet-4-7",
            "claude-opus-6",
            "gpt-4.1",
            "llama-3.3-70b",
            "bust",
            "",
        ] {
            assert_eq!(meant(id), None, "{id}");
        }
    }
}

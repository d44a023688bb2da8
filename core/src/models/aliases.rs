//! What a model setting asks for: the `[1m]` suffix, the special values (`default`, `best`,
//! `opusplan`) and the family aliases of the catalog.

use super::catalog::BEST;
use super::lookup;
use super::schema::Alias;

/// The 1M-context suffix Claude Code strips before sending.
pub const SUFFIX_1M: &str = "[1m]";

/// Splits a trailing `[1m]` (any casing) off `s`.
pub fn strip_1m(s: &str) -> (&str, bool) {
    let n = SUFFIX_1M.len();
    if s.len() >= n
        && s.is_char_boundary(s.len() - n)
        && s[s.len() - n..].eq_ignore_ascii_case(SUFFIX_1M)
    {
        (s[..s.len() - n].trim_end(), true)
    } else {
        (s, false)
    }
}

/// A model value, classified.
#[derive(Clone, Copy, Debug)]
pub enum Requested {
    /// `default` (or nothing): the provider's default model.
    Default,
    /// `opusplan`: Opus in plan mode, Sonnet otherwise.
    Opusplan,
    /// A family alias (`best` is resolved to the alias it stands for).
    Family(&'static Alias),
    /// Anything else: a model ID, sent as is or mapped.
    Id,
}

/// Classifies a value that has already had `[1m]` stripped. Aliases are case-insensitive.
pub fn classify(base: &str) -> Requested {
    if base.is_empty() || base.eq_ignore_ascii_case("default") {
        return Requested::Default;
    }
    if base.eq_ignore_ascii_case("opusplan") {
        return Requested::Opusplan;
    }
    let name = if base.eq_ignore_ascii_case("best") {
        BEST
    } else {
        base
    };
    match lookup::alias(name) {
        Some(a) => Requested::Family(a),
        None => Requested::Id,
    }
}

/// `ANTHROPIC_DEFAULT_MODEL` is ignored for these values (docs, model-config).
pub fn ignored_as_default_model(base: &str) -> bool {
    ["default", "inherit", "opusplan", "haiku"]
        .iter()
        .any(|v| base.eq_ignore_ascii_case(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_is_stripped_in_any_casing() {
        assert_eq!(strip_1m("sonnet[1m]"), ("sonnet", true));
        assert_eq!(strip_1m("claude-opus-4-8[1M]"), ("claude-opus-4-8", true));
        assert_eq!(strip_1m("claude-opus-4-8"), ("claude-opus-4-8", false));
        assert_eq!(strip_1m("[1m]"), ("", true));
        assert_eq!(strip_1m("é[1m]"), ("é", true));
        assert_eq!(strip_1m("m]"), ("m]", false));
    }

    #[test]
    fn special_values_and_aliases() {
        assert!(matches!(classify("Default"), Requested::Default));
        assert!(matches!(classify(""), Requested::Default));
        assert!(matches!(classify("OPUSPLAN"), Requested::Opusplan));
        assert!(matches!(classify("best"), Requested::Family(a) if a.name == BEST));
        assert!(matches!(classify("Haiku"), Requested::Family(a) if a.name == "haiku"));
        assert!(matches!(classify("claude-opus-4-8"), Requested::Id));
        assert!(ignored_as_default_model("Inherit"));
        assert!(!ignored_as_default_model("sonnet"));
    }
}

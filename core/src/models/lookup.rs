//! Finding catalog entries: by exact spelling, by a known model name inside a longer ID, and
//! by alias. Everything here is allocation-free.

use super::catalog::{ALIASES, IDS, MODELS, NAMES};
use super::schema::{form, Alias, CatalogModel, Column};

/// The model at a generated index. Indices come from the generator, which checks them.
pub fn model(i: u16) -> &'static CatalogModel {
    &MODELS[usize::from(i)]
}

/// The catalog entry with this catalog ID (`claude-sonnet-4-5`).
pub fn by_catalog_id(id: &str) -> Option<&'static CatalogModel> {
    MODELS.iter().find(|m| m.id == id)
}

/// An exact spelling of a model (catalog ID or any provider's ID; Bedrock IDs without their
/// geo prefix), with the [`form`] bits it matches.
pub fn exact(id: &str) -> Option<(&'static CatalogModel, u16)> {
    IDS.binary_search_by(|e| e.id.cmp(id))
        .ok()
        .map(|i| (model(IDS[i].model), IDS[i].forms))
}

/// The model when `id` is an Anthropic model ID: a first-party ID or a catalog ID.
pub fn anthropic_model(id: &str) -> Option<&'static CatalogModel> {
    exact(id).and_then(|(m, f)| (f & form::ANTHROPIC != 0).then_some(m))
}

/// The model whose name appears in `id`, as Claude Code recognizes IDs such as
/// `us.anthropic.claude-sonnet-4-6`, `claude-sonnet-4-5@20250929` or `anthropic/claude-opus-4-8`
/// (docs: "an ID that contains a Claude model name that Claude Code knows … resolves to that
/// model"). A name must start at a word boundary and must not continue with another version
/// number, so `claude-opus-4` does not claim `claude-opus-4-5`.
pub fn recognize(id: &str) -> Option<&'static CatalogModel> {
    // An exact catalog spelling (a Bedrock one with its geo prefix) names its own model (a
    // test holds the catalog to that): one binary search instead of the scan.
    let bare = super::bedrock::split_geo(id).map_or(id, |(_, rest)| rest);
    if let Some((m, _)) = exact(bare) {
        return Some(m);
    }
    recognize_by_scan(id)
}

/// [`recognize`] without the exact-spelling shortcut.
fn recognize_by_scan(id: &str) -> Option<&'static CatalogModel> {
    // The first bytes names start with: a position starting with another byte is skipped
    // without scanning the names (most word starts in a provider ID, such as `us`, `anthropic`
    // or a date, start no name).
    static FIRST: std::sync::OnceLock<[bool; 256]> = std::sync::OnceLock::new();
    let starts = FIRST.get_or_init(|| {
        let mut t = [false; 256];
        for (name, _) in NAMES {
            if let Some(b) = name.as_bytes().first() {
                t[usize::from(*b)] = true;
            }
        }
        t
    });
    let h = id.as_bytes();
    for start in 0..h.len() {
        if start > 0 && h[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = &h[start..];
        let first = h[start].to_ascii_lowercase();
        if !starts[usize::from(first)] {
            continue;
        }
        for (name, m) in NAMES {
            let n = name.as_bytes();
            // Names are lowercase; the first byte rules out nearly every position cheaply.
            // Then the last byte, before comparing the whole name.
            if n.first() == Some(&first)
                && rest.len() >= n.len()
                && n[n.len() - 1].eq_ignore_ascii_case(&rest[n.len() - 1])
                && rest[..n.len()].eq_ignore_ascii_case(n)
                && ends_name(rest, n.len())
            {
                return Some(model(*m));
            }
        }
    }
    None
}

/// Does a model name ending at `at` stop there (end, punctuation, a date or `-v1`), rather
/// than run on into a longer version (`-5`, `7`, or a dotted `.6`: `claude-sonnet-4.6` is
/// not Sonnet 4)?
pub(super) fn ends_name(h: &[u8], at: usize) -> bool {
    match h.get(at) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() => false,
        Some(b'.') => !h.get(at + 1).is_some_and(u8::is_ascii_digit),
        Some(b'-') => {
            let seg: &[u8] = {
                let tail = &h[at + 1..];
                let len = tail
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                &tail[..len]
            };
            !(matches!(seg.len(), 1 | 2) && seg.iter().all(u8::is_ascii_digit))
        }
        Some(_) => true,
    }
}

/// The alias called `name` (case-insensitive).
pub fn alias(name: &str) -> Option<&'static Alias> {
    ALIASES.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

/// The model an alias resolves to for a provider column.
pub fn alias_model(a: &Alias, column: Column) -> &'static CatalogModel {
    let i = a
        .per_provider
        .iter()
        .find(|(c, _)| *c == column)
        .map_or(a.default, |(_, m)| *m);
    model(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::catalog::{LATEST_PER_FAMILY, VERTEX_REGION_PREFIXES};

    #[test]
    fn generated_indices_are_in_range_and_ids_sorted() {
        let n = MODELS.len();
        assert!(IDS.iter().all(|e| usize::from(e.model) < n));
        assert!(NAMES.iter().all(|(_, m)| usize::from(*m) < n));
        assert!(LATEST_PER_FAMILY.iter().all(|(_, m)| usize::from(*m) < n));
        for a in &ALIASES {
            assert!(usize::from(a.default) < n);
            assert!(a.per_provider.iter().all(|(_, m)| usize::from(*m) < n));
        }
        assert!(IDS.windows(2).all(|w| w[0].id < w[1].id), "IDS not sorted");
        assert!(VERTEX_REGION_PREFIXES
            .windows(2)
            .all(|w| w[0].0.len() >= w[1].0.len()));
    }

    #[test]
    fn every_exact_spelling_is_recognized_as_its_own_model_by_the_scan() {
        for e in IDS {
            let prefixed = super::super::bedrock::GEO_PREFIXES.map(|g| format!("{g}.{}", e.id));
            for id in std::iter::once(e.id.to_owned()).chain(prefixed) {
                let scanned = recognize_by_scan(&id).map(|m| m.id);
                assert_eq!(scanned, Some(model(e.model).id), "{id}");
            }
        }
    }

    #[test]
    fn exact_spellings() {
        let (m, f) = exact("claude-sonnet-4-5-20250929").unwrap();
        assert_eq!(m.id, "claude-sonnet-4-5");
        assert_ne!(f & form::FIRST_PARTY, 0);
        let (m, f) = exact("anthropic.claude-haiku-4-5-20251001-v1:0").unwrap();
        assert_eq!((m.id, f), ("claude-haiku-4-5", form::BEDROCK));
        assert_eq!(exact("claude-haiku-4-5@20251001").unwrap().1, form::VERTEX);
        assert!(exact("us.anthropic.claude-haiku-4-5-20251001-v1:0").is_none());
        assert_eq!(
            anthropic_model("claude-sonnet-4-0").map(|m| m.id),
            Some("claude-sonnet-4-0")
        );
        assert!(anthropic_model("claude-haiku-4-5@20251001").is_none());
    }

    #[test]
    fn recognition_by_contained_name() {
        let r = |s: &str| recognize(s).map(|m| m.id);
        assert_eq!(
            r("global.anthropic.claude-sonnet-4-6"),
            Some("claude-sonnet-4-6")
        );
        assert_eq!(
            r("us.anthropic.claude-sonnet-4-20250514-v1:0"),
            Some("claude-sonnet-4-0")
        );
        assert_eq!(r("claude-opus-4-5-20251101"), Some("claude-opus-4-5"));
        assert_eq!(
            r("us.anthropic.claude-opus-4-6-v1"),
            Some("claude-opus-4-6")
        );
        assert_eq!(
            r("claude-3-5-sonnet-v2@20241022"),
            Some("claude-3-5-sonnet")
        );
        assert_eq!(r("anthropic/claude-opus-4-8"), Some("claude-opus-4-8"));
        assert_eq!(r("CLAUDE-OPUS-5-5"), Some("claude-opus-5-5"));
        // Boundaries: an unknown later version is not the older model.
        assert_eq!(r("claude-opus-4-9"), None);
        assert_eq!(r("claude-opus-45"), None);
        // A dotted version is not the shorter name before its dot.
        assert_eq!(r("claude-sonnet-4.6"), None);
        assert_eq!(r("anthropic/claude-opus-4.1"), None);
        assert_eq!(r("claude-sonnet-4.x"), Some("claude-sonnet-4-0"));
        assert_eq!(r("xclaude-opus-4-8"), None);
        assert_eq!(r("my-custom-sonnet-id"), None);
        assert_eq!(r("my-opus-deployment"), None);
        assert_eq!(
            r("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz"),
            None
        );
        assert_eq!(r(""), None);
    }

    #[test]
    fn aliases_per_provider_column() {
        let sonnet = alias("SONNET").unwrap();
        assert_eq!(alias_model(sonnet, Column::Bedrock).id, "claude-sonnet-4-5");
        assert_eq!(alias_model(sonnet, Column::Vertex).id, "claude-sonnet-5-5");
        // No first-party entry: the alias default applies (the wire agrees, not `gateway`).
        assert_eq!(
            alias_model(sonnet, Column::FirstParty).id,
            "claude-sonnet-5-5"
        );
        assert!(alias("opusplan").is_none());
    }
}

//! Vertex model IDs: the `@YYYYMMDD` version form and the per-model `VERTEX_REGION_*` variables.

use super::catalog::VERTEX_REGION_PREFIXES;
use super::lookup;

/// The default location when neither a per-model variable nor `CLOUD_ML_REGION` is usable.
pub const DEFAULT_LOCATION: &str = "us-east5";

/// The per-model region variable for a resolved Vertex ID: the first (longest) prefix that
/// matches at a boundary, so `claude-opus-4` does not match `claude-opus-4-5@…`.
pub fn region_var_for(id: &str) -> Option<&'static str> {
    let b = id.as_bytes();
    VERTEX_REGION_PREFIXES.iter().find_map(|(prefix, var)| {
        let p = prefix.as_bytes();
        let hit = b.len() >= p.len()
            && b[..p.len()].eq_ignore_ascii_case(p)
            && lookup::ends_name(b, p.len());
        hit.then_some(*var)
    })
}

/// Claude Code's Vertex location shape: `/^[a-z]{2,}(?:-[a-z0-9]+){0,4}$/i`.
pub fn location_shaped(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    let mut rest = 0;
    for p in parts {
        rest += 1;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return false;
        }
    }
    first.len() >= 2 && first.bytes().all(|b| b.is_ascii_alphabetic()) && rest <= 4
}

/// `VERTEX_REGION_INVALID` for a location wrapped in quotes that are part of the value.
pub fn quoted_location(
    name: &str,
    v: &str,
    inner: &str,
    consequence: &str,
) -> crate::problem::Problem {
    crate::problem::Problem::warning(
        crate::problem::Code::VertexRegionInvalid,
        format!(
            "{name} is {v}, {}: with them it is not a Vertex location, so {consequence}.",
            crate::vars::QUOTED
        ),
        format!("Remove the quotes: {name}={inner}."),
    )
}

/// What a location-shaped value that Claude Code takes is not, when it is not a real Vertex
/// location: Vertex names regions `<area>-<direction><n>` (`us-east5`, `europe-west1`,
/// `northamerica-northeast1`) plus `global`, `us` and `eu`. Returns why and the location meant,
/// if one can be told: an AWS-style region (`us-east-1`) or a zone (`us-east5-a`).
pub fn location_mistake(s: &str) -> Option<(&'static str, Option<String>)> {
    if matches!(s, "global" | "us" | "eu") {
        return None;
    }
    let region_like = |r: &str| {
        r.split_once('-').is_some_and(|(area, rest)| {
            let digits = rest.trim_start_matches(|c: char| c.is_ascii_lowercase());
            !area.is_empty()
                && area.bytes().all(|b| b.is_ascii_lowercase())
                && digits.len() < rest.len()
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
        })
    };
    if region_like(s) {
        return None;
    }
    // `us-east5-a`: a zone of a region.
    if let Some((region, zone)) = s.rsplit_once('-') {
        if region_like(region) && zone.len() == 1 && zone.bytes().all(|b| b.is_ascii_lowercase()) {
            return Some(("a zone, not a region", Some(region.to_owned())));
        }
    }
    // `us-east-1`: AWS writes the number as its own part.
    if let Some((name, n)) = s.rsplit_once('-') {
        if !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
            && region_like(&format!("{name}{n}"))
        {
            return Some(("an AWS-style region", None));
        }
    }
    Some(("not a Vertex location name", None))
}

/// `claude-sonnet-4-5-20250929` → `("claude-sonnet-4-5", "20250929")`: an Anthropic-style
/// dated ID, which Vertex does not serve (it wants `claude-sonnet-4-5@20250929`).
pub fn dash_dated(id: &str) -> Option<(&str, &str)> {
    let (name, date) = id.rsplit_once('-')?;
    (date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && name.len() > "claude-".len()
        && name[..7].eq_ignore_ascii_case("claude-"))
    .then_some((name, date))
}

/// `name@version` with one `@` and an alphanumeric version (`@20251001`): Vertex's form,
/// allowed in its URL path.
pub fn is_at_version(id: &str) -> bool {
    match id.split_once('@') {
        Some((name, version)) => {
            !name.is_empty()
                && !version.is_empty()
                && version.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_variables_by_prefix_with_boundary() {
        let v = region_var_for;
        assert_eq!(
            v("claude-haiku-4-5@20251001"),
            Some("VERTEX_REGION_CLAUDE_HAIKU_4_5")
        );
        assert_eq!(
            v("claude-opus-4-5@20251101"),
            Some("VERTEX_REGION_CLAUDE_4_5_OPUS")
        );
        assert_eq!(
            v("claude-opus-4@20250514"),
            Some("VERTEX_REGION_CLAUDE_4_0_OPUS")
        );
        assert_eq!(
            v("claude-sonnet-4@20250514"),
            Some("VERTEX_REGION_CLAUDE_4_0_SONNET")
        );
        assert_eq!(
            v("claude-3-5-sonnet-v2@20241022"),
            Some("VERTEX_REGION_CLAUDE_3_5_SONNET")
        );
        assert_eq!(v("claude-opus-5-5"), Some("VERTEX_REGION_CLAUDE_5_5_OPUS"));
        assert_eq!(v("claude-opus-5"), Some("VERTEX_REGION_CLAUDE_5_OPUS"));
        assert_eq!(
            v("claude-fable-5-2"),
            Some("VERTEX_REGION_CLAUDE_FABLE_5_2")
        );
        // An unknown later version must not borrow an older model's variable.
        assert_eq!(v("claude-opus-4-9"), None);
        assert_eq!(v("claude-opus-40"), None);
        assert_eq!(v("my-deployment"), None);
    }

    #[test]
    fn location_shape() {
        for ok in ["us-east5", "europe-west1", "global", "us", "eu", "US-EAST5"] {
            assert!(location_shaped(ok), "{ok}");
        }
        for bad in [
            "",
            "u",
            "us-",
            "us east5",
            "us-east5/x",
            "a-b-c-d-e-f",
            "1us",
        ] {
            assert!(!location_shaped(bad), "{bad}");
        }
    }

    #[test]
    fn date_forms() {
        assert_eq!(
            dash_dated("claude-sonnet-4-5-20250929"),
            Some(("claude-sonnet-4-5", "20250929"))
        );
        assert_eq!(dash_dated("claude-sonnet-4-5"), None);
        assert_eq!(dash_dated("my-model-20250929"), None);
        assert!(is_at_version("claude-haiku-4-5@20251001"));
        assert!(!is_at_version("claude@haiku@1"));
        assert!(!is_at_version("@20251001"));
        assert!(!is_at_version("claude-haiku-4-5@2025/1001"));
        assert!(!is_at_version("x@evil.com"));
    }
}

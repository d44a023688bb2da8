//! Bedrock model IDs: inference-profile geo prefixes, ARNs, Mantle-form IDs, AWS region shape.

use std::borrow::Cow;

/// Values `ANTHROPIC_BEDROCK_REGION_PREFIX` accepts.
pub const PREFIX_OVERRIDES: [&str; 6] = ["us", "eu", "apac", "jp", "au", "global"];

/// Geo prefixes of cross-region inference profiles (longest first so `us-gov` beats `us`).
pub(super) const GEO_PREFIXES: [&str; 7] = ["us-gov", "global", "apac", "us", "eu", "jp", "au"];
/// The longest of [`GEO_PREFIXES`].
const GEO_MAX_LEN: usize = {
    let (mut max, mut i) = (0, 0);
    while i < GEO_PREFIXES.len() {
        if GEO_PREFIXES[i].len() > max {
            max = GEO_PREFIXES[i].len();
        }
        i += 1;
    }
    max
};

/// The prefix built-in IDs get: `us-gov-*`→`us-gov` (override ignored there), else a valid
/// `ANTHROPIC_BEDROCK_REGION_PREFIX`, else `us-*`→`us`, `eu-*`→`eu`, `ap-*`→`apac`,
/// anything else → `global`.
pub fn builtin_prefix<'a>(region: &str, prefix_override: Option<&'a str>) -> &'a str {
    if region.starts_with("us-gov-") {
        return "us-gov";
    }
    if let Some(p) = prefix_override.filter(|p| PREFIX_OVERRIDES.contains(p)) {
        return p;
    }
    if region.starts_with("us-") {
        "us"
    } else if region.starts_with("eu-") {
        "eu"
    } else if region.starts_with("ap-") {
        "apac"
    } else {
        "global"
    }
}

/// `us.anthropic.claude-x` → `("us", "anthropic.claude-x")`.
pub fn split_geo(id: &str) -> Option<(&str, &str)> {
    // A byte scan no longer than the longest prefix: `split_once` set up a full `memchr`
    // search on every model ID.
    let dot = id.bytes().take(GEO_MAX_LEN + 1).position(|b| b == b'.')?;
    let (geo, rest) = (&id[..dot], &id[dot + 1..]);
    (GEO_PREFIXES.contains(&geo) && rest.starts_with("anthropic.")).then_some((geo, rest))
}

/// A built-in (catalog) Bedrock ID with its geo prefix replaced by `prefix`; borrowed when it
/// already has that prefix (the catalog's IDs are `us.`: the common case copies nothing).
pub fn with_prefix<'a>(builtin: &'a str, prefix: &str) -> Cow<'a, str> {
    match split_geo(builtin) {
        Some((geo, _)) if geo == prefix => Cow::Borrowed(builtin),
        // Not `format!`: its machinery cost more than the copy.
        Some((_, rest)) => Cow::Owned([prefix, ".", rest].concat()),
        None => Cow::Borrowed(builtin),
    }
}

/// Region groups that share inference profiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeoFamily {
    Us,
    UsGov,
    Eu,
    Asia,
}

/// The family of a region, when it is one profiles are known for.
pub fn region_family(region: &str) -> Option<GeoFamily> {
    if region.starts_with("us-gov-") {
        Some(GeoFamily::UsGov)
    } else if region.starts_with("us-") {
        Some(GeoFamily::Us)
    } else if region.starts_with("eu-") {
        Some(GeoFamily::Eu)
    } else if region.starts_with("ap-") {
        Some(GeoFamily::Asia)
    } else {
        None
    }
}

/// The family a geo prefix serves (`None` for `global`, which serves every commercial region).
pub fn prefix_family(geo: &str) -> Option<GeoFamily> {
    match geo {
        "us" => Some(GeoFamily::Us),
        "us-gov" => Some(GeoFamily::UsGov),
        "eu" => Some(GeoFamily::Eu),
        "apac" | "jp" | "au" => Some(GeoFamily::Asia),
        _ => None,
    }
}

/// The prefix to suggest for a region family.
pub fn family_prefix(f: GeoFamily) -> &'static str {
    match f {
        GeoFamily::Us => "us",
        GeoFamily::UsGov => "us-gov",
        GeoFamily::Eu => "eu",
        GeoFamily::Asia => "apac",
    }
}

/// An ARN, split: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

pub fn parse_arn(id: &str) -> Option<Arn<'_>> {
    // Most IDs are not ARNs: say so before setting up the split.
    let rest = id.strip_prefix("arn:")?;
    let mut p = rest.splitn(5, ':');
    let arn = Arn {
        partition: p.next()?,
        service: p.next()?,
        region: p.next()?,
        account: p.next()?,
        resource: p.next()?,
    };
    (!arn.partition.is_empty() && !arn.service.is_empty() && !arn.resource.is_empty())
        .then_some(arn)
}

/// Mantle's form: `anthropic.` and a name without a Bedrock version suffix
/// (`anthropic.claude-haiku-4-5`, not `anthropic.claude-haiku-4-5-20251001-v1:0`). With both
/// Bedrock and Mantle on, these IDs go to Mantle.
pub fn is_mantle_form(id: &str) -> bool {
    let Some(name) = id.strip_prefix("anthropic.") else {
        return false;
    };
    // After the last `-v` (`rsplit_once("-v")`, without a reverse substring searcher).
    let versioned = (name.as_bytes().windows(2).rposition(|w| w == b"-v"))
        .map(|i| &name[i + 2..])
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
    !name.is_empty()
        && !versioned
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
}

/// Claude Code's AWS region shape: `/^[a-z]{2,}(-[a-z]+)+-\d{1,2}$/`.
pub fn region_shaped(s: &str) -> bool {
    // One byte split, no `str` pattern searches (their set-up cost more than these few bytes):
    // the first part, the last, and at least one part between.
    let mut parts = s.as_bytes().split(|&b| b == b'-');
    let (Some(first), Some(last)) = (parts.next(), parts.next_back()) else {
        return false;
    };
    let mut middle = 0;
    for p in parts {
        if p.is_empty() || !p.iter().all(u8::is_ascii_lowercase) {
            return false;
        }
        middle += 1;
    }
    middle > 0
        && first.len() >= 2
        && first.iter().all(u8::is_ascii_lowercase)
        && (1..=2).contains(&last.len())
        && last.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_per_region_family() {
        let p = |r| builtin_prefix(r, None);
        assert_eq!(p("us-east-1"), "us");
        assert_eq!(p("us-west-2"), "us");
        assert_eq!(p("us-gov-west-1"), "us-gov");
        assert_eq!(p("eu-west-1"), "eu");
        assert_eq!(p("eu-central-2"), "eu");
        assert_eq!(p("ap-northeast-1"), "apac");
        assert_eq!(p("ap-southeast-2"), "apac");
        for other in [
            "ca-central-1",
            "sa-east-1",
            "me-south-1",
            "af-south-1",
            "il-central-1",
        ] {
            assert_eq!(p(other), "global", "{other}");
        }
        assert_eq!(builtin_prefix("us-east-1", Some("global")), "global");
        assert_eq!(builtin_prefix("eu-west-1", Some("jp")), "jp");
        // Invalid override → region-derived; GovCloud ignores the override.
        assert_eq!(builtin_prefix("eu-west-1", Some("mars")), "eu");
        assert_eq!(builtin_prefix("us-gov-east-1", Some("global")), "us-gov");
    }

    #[test]
    fn geo_prefixes_split_and_rewrite() {
        assert_eq!(
            split_geo("us-gov.anthropic.claude-x"),
            Some(("us-gov", "anthropic.claude-x"))
        );
        assert_eq!(split_geo("anthropic.claude-x"), None);
        assert_eq!(split_geo("xx.anthropic.claude-x"), None);
        assert_eq!(
            with_prefix("us.anthropic.claude-opus-5-5", "eu"),
            "eu.anthropic.claude-opus-5-5"
        );
        assert_eq!(with_prefix("custom-id", "eu"), "custom-id");
    }

    #[test]
    fn arns_and_mantle_form() {
        let a = parse_arn(
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz",
        )
        .unwrap();
        assert_eq!(
            (a.service, a.region, a.resource),
            (
                "bedrock",
                "us-east-1",
                "application-inference-profile/abc123xyz"
            )
        );
        assert!(parse_arn("arn:aws:bedrock").is_none());
        assert!(parse_arn("us.anthropic.claude-x").is_none());
        assert!(is_mantle_form("anthropic.claude-haiku-4-5"));
        assert!(!is_mantle_form("anthropic.claude-haiku-4-5-20251001-v1:0"));
        assert!(!is_mantle_form("anthropic.claude-opus-4-6-v1"));
        assert!(!is_mantle_form("us.anthropic.claude-opus-5-5"));
        assert!(!is_mantle_form("anthropic."));
        // the last `-v` decides
        assert!(!is_mantle_form("anthropic.claude-v2-v3"));
        assert!(is_mantle_form("anthropic.claude-v2-vx"));
        assert!(is_mantle_form("anthropic.claude-v2-v"));
        assert!(!is_mantle_form("anthropic.-v1"));
        assert!(is_mantle_form("anthropic.v1"));
    }

    /// The split-on-`str` version [`region_shaped`] replaced, as an oracle.
    fn region_shaped_by_str(s: &str) -> bool {
        let Some((first, rest)) = s.split_once('-') else {
            return false;
        };
        let Some((middle, last)) = rest.rsplit_once('-') else {
            return false;
        };
        first.len() >= 2
            && first.bytes().all(|b| b.is_ascii_lowercase())
            && middle
                .split('-')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
            && (1..=2).contains(&last.len())
            && last.bytes().all(|b| b.is_ascii_digit())
    }

    proptest::proptest! {
        #[test]
        fn region_shape_agrees_with_the_str_version(s in "[a-cA1-3 -]{0,10}") {
            proptest::prop_assert_eq!(region_shaped(&s), region_shaped_by_str(&s), "{:?}", s);
        }
    }

    #[test]
    fn region_shape() {
        assert!(region_shaped("us-east-1"));
        assert!(region_shaped("us-gov-west-1"));
        assert!(!region_shaped("us east 1"));
        assert!(!region_shaped("us-east"));
        assert!(!region_shaped("US-EAST-1"));
        assert!(!region_shaped("us-east-1/x"));
        assert!(!region_shaped("us--1"));
        assert!(!region_shaped("us-east--1"));
        assert!(!region_shaped("u-east-1"));
        assert!(!region_shaped("us-east-123"));
        assert!(!region_shaped("-east-1"));
        assert!(!region_shaped(""));
        assert!(region_shaped("ap-southeast-12"));
    }
}

//! Reading `~/.aws/config` and `~/.aws/credentials` text (given by the caller) the way the
//! AWS SDK does for the two things the core needs: a profile's `region` and static keys.
//! Hand-written because the AWS SDK's parser (`aws-config`) pulls in tokio and file I/O,
//! which the core must not have; the INI subset used by these files is small.

use crate::secret::Secret;
use crate::sigv4::AwsCredentials;

/// The keys of `~/.aws/config` and `~/.aws/credentials` the core reads (lower case, as the
/// files' keys are compared): a profile's region, its static keys, and the keys that say which
/// other way it gets credentials.
pub const KEYS_READ: [&str; 10] = [
    "region",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "sso_session",
    "sso_start_url",
    "credential_process",
    "role_arn",
    "web_identity_token_file",
    "login_session",
];

/// One `[section]` with its `key = value` pairs, keys lower-cased.
#[derive(Debug, Default)]
struct Section<'a> {
    name: &'a str,
    pairs: Vec<(String, &'a str)>,
}

fn sections(text: &str) -> Vec<Section<'_>> {
    let mut out: Vec<Section<'_>> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest.split(']').next().unwrap_or("").trim();
            out.push(Section {
                name,
                pairs: Vec::new(),
            });
            continue;
        }
        // Continuation lines (leading whitespace) belong to nested settings such as `s3 =`; skip them.
        if raw.starts_with(' ') || raw.starts_with('\t') {
            continue;
        }
        if let (Some(sec), Some((k, v))) = (out.last_mut(), line.split_once('=')) {
            let v = v.trim();
            // Inline comments need whitespace before `#`/`;`, as in the AWS SDKs.
            let v = v
                .split(" #")
                .next()
                .unwrap_or(v)
                .split(" ;")
                .next()
                .unwrap_or(v)
                .trim();
            sec.pairs.push((k.trim().to_ascii_lowercase(), v));
        }
    }
    out
}

fn get<'a>(secs: &[Section<'a>], section: &str, key: &str) -> Option<&'a str> {
    secs.iter()
        .rev()
        .filter(|s| s.name == section)
        .find_map(|s| {
            s.pairs
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| *v)
        })
}

/// The section name a profile has in the config file: `default` or `profile NAME`.
fn config_section(profile: &str) -> String {
    if profile == "default" {
        "default".to_owned()
    } else {
        format!("profile {profile}")
    }
}

/// A profile's `region`: the credentials file first, then the config file (Claude Code's order).
pub fn profile_region<'a>(
    config: Option<&'a str>,
    credentials: Option<&'a str>,
    profile: &str,
) -> Option<(&'a str, bool)> {
    if let Some(c) = credentials {
        let secs = sections(c);
        if let Some(r) = get(&secs, profile, "region") {
            return Some((r, true));
        }
    }
    if let Some(c) = config {
        let secs = sections(c);
        let name = config_section(profile);
        if let Some(r) = get(&secs, &name, "region") {
            return Some((r, false));
        }
    }
    None
}

/// Does the profile exist in either file?
pub fn profile_exists(config: Option<&str>, credentials: Option<&str>, profile: &str) -> bool {
    let in_creds = credentials.is_some_and(|c| sections(c).iter().any(|s| s.name == profile));
    let name = config_section(profile);
    let in_config = config.is_some_and(|c| sections(c).iter().any(|s| s.name == name));
    in_creds || in_config
}

/// `~/.aws/config` holds the profile as `[NAME]`, without the `profile ` prefix that file needs
/// for every profile but `default` (the `~/.aws/credentials` form): the AWS SDKs skip such a
/// section there.
pub fn config_section_without_prefix(config: Option<&str>, profile: &str) -> bool {
    profile != "default" && config.is_some_and(|c| sections(c).iter().any(|s| s.name == profile))
}

/// How a profile gets its credentials, as far as the files say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileCredentials {
    /// `aws_access_key_id` / `aws_secret_access_key` in the profile.
    Static(AwsCredentials),
    /// SSO, `credential_process`, `role_arn`, web identity…: the runtime must run the flow.
    Dynamic(&'static str),
    /// Nothing in the files.
    None,
}

/// The credentials a profile declares. Static keys from the credentials file win over the config file.
pub fn profile_credentials(
    config: Option<&str>,
    credentials: Option<&str>,
    profile: &str,
) -> ProfileCredentials {
    let statics = |text: &str, section: &str| {
        let secs = sections(text);
        let id = get(&secs, section, "aws_access_key_id")?;
        let secret = get(&secs, section, "aws_secret_access_key")?;
        Some(AwsCredentials {
            access_key_id: id.to_owned(),
            secret_access_key: Secret::new(secret),
            session_token: get(&secs, section, "aws_session_token").map(Secret::new),
            expires_at: None,
        })
    };
    if let Some(c) = credentials.and_then(|t| statics(t, profile)) {
        return ProfileCredentials::Static(c);
    }
    if let Some(text) = config {
        let name = config_section(profile);
        if let Some(c) = statics(text, &name) {
            return ProfileCredentials::Static(c);
        }
        let secs = sections(text);
        for (key, kind) in [
            ("sso_session", "sso"),
            ("sso_start_url", "sso"),
            ("credential_process", "credential_process"),
            ("role_arn", "assume_role"),
            ("web_identity_token_file", "web_identity"),
            ("login_session", "login"),
        ] {
            if get(&secs, &name, key).is_some() {
                return ProfileCredentials::Dynamic(kind);
            }
        }
    }
    ProfileCredentials::None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "[default]\nregion = us-west-2\n\n[profile ccprof]\nregion = eu-west-3 # Paris\ns3 =\n  max_concurrent_requests = 20\n\n[profile sso]\nsso_session = corp\nregion=ap-south-1\n";
    const CREDS: &str = "[ccprof]\naws_access_key_id = AKIDPROFILEEXAMPLE\naws_secret_access_key = profileSecretExample\n";

    #[test]
    fn region_and_keys_from_profile() {
        assert_eq!(
            profile_region(Some(CONFIG), Some(CREDS), "ccprof"),
            Some(("eu-west-3", false))
        );
        assert_eq!(
            profile_region(Some(CONFIG), None, "default"),
            Some(("us-west-2", false))
        );
        assert_eq!(profile_region(Some(CONFIG), None, "missing"), None);
        match profile_credentials(Some(CONFIG), Some(CREDS), "ccprof") {
            ProfileCredentials::Static(c) => assert_eq!(c.access_key_id, "AKIDPROFILEEXAMPLE"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            profile_credentials(Some(CONFIG), Some(CREDS), "sso"),
            ProfileCredentials::Dynamic("sso")
        );
        assert!(profile_exists(Some(CONFIG), None, "sso"));
        assert!(!profile_exists(Some(CONFIG), Some(CREDS), "nope"));
    }

    #[test]
    fn a_config_section_without_the_profile_prefix_is_told_apart() {
        let config = "[default]\nregion = us-east-1\n[my-profile]\nregion = eu-west-3\n";
        assert!(!profile_exists(Some(config), None, "my-profile"));
        assert!(config_section_without_prefix(Some(config), "my-profile"));
        assert!(!config_section_without_prefix(Some(config), "default"));
        assert!(!config_section_without_prefix(Some(CONFIG), "ccprof"));
        assert!(!config_section_without_prefix(None, "my-profile"));
    }
}

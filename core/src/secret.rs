//! A string that must never be printed: API keys, tokens, secret keys, passphrases.
//!
//! `Debug` and `Display` print a fixed placeholder, so a `Secret` inside any struct,
//! error or log line stays hidden. The value is reachable only through [`Secret::expose`],
//! which makes every place that uses the real value easy to find.

use serde::{Deserialize, Serialize, Serializer};
use std::cell::Cell;
use std::fmt;

/// Placeholder printed instead of a secret value.
pub const REDACTED: &str = "<redacted>";

/// A secret string. Serializes as the redacted placeholder unless wrapped in [`Exposed`].
#[derive(Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The real value. Call only where the value is put on the wire or handed to a signer.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A hint safe to show a person ([`hint`]): the length, after the fixed public prefix of
    /// the credential's form when it has one (`sk-ant-api03-… (108 chars)`), else `*** (17 chars)`.
    pub fn hint(&self) -> String {
        hint(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if EXPOSE.with(Cell::get) {
            s.serialize_str(&self.0)
        } else {
            s.serialize_str(REDACTED)
        }
    }
}

/// TypeScript: `type Secret = string` (written by hand: ts-rs does not read `serde(transparent)`).
#[cfg(feature = "ts")]
impl ts_rs::TS for Secret {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "Secret".to_owned()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
    fn decl(_: &ts_rs::Config) -> String {
        "type Secret = string;".to_owned()
    }
    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        Self::decl(cfg)
    }
    fn docs() -> Option<String> {
        Some(
            "/**\n * A credential (API key, token, secret key, passphrase). Inputs carry the value;\n * every output carries `\"<redacted>\"` instead.\n */\n"
                .to_owned(),
        )
    }
    fn output_path() -> Option<std::path::PathBuf> {
        Some(std::path::PathBuf::from("Secret.ts"))
    }
}

thread_local! {
    /// Set while an [`Exposed`] value is being serialized on this thread.
    static EXPOSE: Cell<bool> = const { Cell::new(false) };
}

/// Serializes the wrapped value with every [`Secret`] in it written out in full, so that the
/// JSON can be read back into the same value (test data handed to another binding, a child
/// process). Never use it for anything a person or a log sees.
pub struct Exposed<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for Exposed<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                EXPOSE.with(|e| e.set(self.0));
            }
        }
        let _restore = Restore(EXPOSE.with(|e| e.replace(true)));
        self.0.serialize(s)
    }
}

/// What `value` looks like when it is shaped like a credential (`"an Anthropic API key"`),
/// from the prefixes and forms the providers issue them in; `None` for anything else. Used to
/// keep a credential pasted into the wrong place out of output. Quotes around it (a `.env`
/// value quoted twice) and a `Bearer ` prefix are looked through.
pub fn credential_shape(value: &str) -> Option<&'static str> {
    let v = value.trim();
    // Every form below starts with one of these bytes, or is 40 long (an AWS secret key): one
    // compare turns away nearly every value, and this runs on every variable lookup.
    let first = *v.as_bytes().first()?;
    if !matches!(
        first,
        b's' | b'A' | b'b' | b'B' | b'y' | b'e' | b'-' | b'{' | b'"' | b'\''
    ) && v.len() != 40
    {
        return None;
    }
    let mut v = v.trim_matches(|c| c == '"' || c == '\'');
    if v.get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
    {
        v = v[7..].trim_start();
    }
    let b = v.as_bytes();
    match b.first() {
        Some(b'-') if v.starts_with("-----BEGIN") && v.contains("PRIVATE KEY-----") => {
            return Some("a PEM private key")
        }
        Some(b'{') if v.contains("\"private_key\"") => return Some("a Google service-account key"),
        // `gcloud auth application-default login`'s file: a long-lived refresh token.
        Some(b'{') if v.contains("\"refresh_token\"") || v.contains("\"client_secret\"") => {
            return Some("Google user credentials (a refresh token)")
        }
        _ => {}
    }
    let upper_digits = |p: &str| {
        b.len() >= 20
            && v.starts_with(p)
            && b[..20]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let shape = if v.starts_with("sk-ant-oat") {
        "an Anthropic OAuth token"
    } else if v.starts_with("sk-ant-") {
        "an Anthropic API key"
    } else if v.starts_with("sk-") && b.len() >= 23 && mixed(&b[3..]) {
        // Random keys (OpenAI's, LiteLLM's) mix cases and digits; names such as
        // `sk-hynix-genai-prod-01` (a project, a resource, a profile) do not.
        "an API key (sk-…)"
    } else if (v.starts_with("ABSK") && b.len() >= 20) || v.starts_with("bedrock-api-key-") {
        "an Amazon Bedrock API key"
    } else if upper_digits("AKIA") || upper_digits("ASIA") {
        "an AWS access key ID"
    } else if v.starts_with("ya29.") {
        "a Google access token"
    } else if v.starts_with("AIza") && b.len() == 39 {
        "a Google API key"
    } else if v.starts_with("eyJ") && b.len() >= 30 && v.contains('.') {
        "a JSON Web Token"
    } else if is_aws_secret_key(b) {
        "an AWS secret access key"
    } else {
        return None;
    };
    // Issued credentials have no spaces; a hint (`sk-ant-api03-… (108 chars)`) or a sentence is not one.
    // Scanned last: most values fail a prefix above after a byte or two.
    (!v.contains(char::is_whitespace)).then_some(shape)
}

/// A secret as it may be shown to a person: its length, after the fixed prefix of its form when
/// [`credential_shape`] knows the form and the form has one ([`public_prefix`]:
/// `sk-ant-api03-… (108 chars)`, `ABSK… (132 chars)`), else no character of it (`*** (17 chars)`):
/// the first characters of an arbitrary secret are a real share of it.
pub fn hint(value: &str) -> String {
    let n = value.chars().count();
    match public_prefix(value) {
        Some(prefix) => format!("{prefix}… ({n} chars)"),
        None => format!("*** ({n} chars)"),
    }
}

/// The fixed prefix the provider issues a credential of this form with (`sk-ant-api03-`,
/// `sk-ant-oat01-`, `sk-`, `ABSK`, `bedrock-api-key-`, `AKIA`/`ASIA`, `ya29.`, `AIza`, the
/// `eyJ` every JWT starts with): public, the same in every credential of the form, and telling
/// which kind was set. `None` for a form without one (an AWS secret access key, a PEM key), for
/// anything [`credential_shape`] does not recognise, and for a value not longer than its prefix.
pub fn public_prefix(value: &str) -> Option<&str> {
    credential_shape(value)?;
    let v = value;
    let prefix = if let Some(rest) = v.strip_prefix("sk-ant-") {
        // `api03-`, `oat01-`, `admin01-`: letters, then digits, then a dash.
        let b = rest.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_lowercase()).count();
        let digits = b[letters..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if letters > 0 && digits > 0 && b.get(letters + digits) == Some(&b'-') {
            &v[..7 + letters + digits + 1]
        } else {
            "sk-ant-"
        }
    } else {
        [
            "bedrock-api-key-",
            "sk-",
            "ABSK",
            "AKIA",
            "ASIA",
            "ya29.",
            "AIza",
            "eyJ",
        ]
        .into_iter()
        .find(|p| v.starts_with(p))?
    };
    (v.len() > prefix.len()).then_some(prefix)
}

/// An AWS access key ID: `AKIA` (long-term) or `ASIA` (temporary), then 16 upper-case letters
/// or digits.
pub fn is_aws_access_key_id(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 20
        && (value.starts_with("AKIA") || value.starts_with("ASIA"))
        && b[4..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Does a value of `AWS_ACCESS_KEY_ID` look like a secret access key (the two keys swapped, or
/// the secret pasted twice)? Not an access key ID, all base64 characters, and either 40 long
/// (a secret key's length: one without `/` or `+` is told from other strings by the variable
/// it is in) or 30 to 50 long with a `/` or `+` (which no key ID has; the signer refuses a `/`).
/// `AKIDEXAMPLE`, LocalStack's `test`, 32-character hex IDs of S3-compatible stores are not.
pub fn secret_key_as_key_id(value: &str) -> bool {
    let v = value.trim();
    let b = v.as_bytes();
    (30..=50).contains(&b.len())
        && !is_aws_access_key_id(v)
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'/' || *c == b'+')
        && (b.len() == 40 || b.iter().any(|c| *c == b'/' || *c == b'+'))
}

/// Upper case, lower case and digits all present: how randomly generated keys look.
fn mixed(b: &[u8]) -> bool {
    let has = |f: fn(&u8) -> bool| b.iter().any(f);
    has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase) && has(u8::is_ascii_digit)
}

/// 40 base64 characters with a `/` or `+` and every character class: an AWS secret access key
/// (model IDs, regions and names never have that form; a path starts with `/`).
fn is_aws_secret_key(b: &[u8]) -> bool {
    b.len() == 40
        && b[0] != b'/'
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'/' || *c == b'+')
        && b.iter().any(|c| *c == b'/' || *c == b'+')
        && mixed(b)
}

impl From<&str> for Secret {
    fn from(v: &str) -> Self {
        Self(v.to_owned())
    }
}

impl From<String> for Secret {
    fn from(v: String) -> Self {
        Self(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_shapes() {
        for (v, what) in [
            ("sk-ant-api03-CANARY", "an Anthropic API key"),
            ("sk-ant-oat01-CANARY", "an Anthropic OAuth token"),
            ("sk-1234567890abcdefGHIJ", "an API key (sk-…)"),
            ("ABSKQmVkcm9ja0FQSUtleS1h", "an Amazon Bedrock API key"),
            ("AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"),
            ("ASIAIOSFODNN7EXAMPLE", "an AWS access key ID"),
            ("ya29.a0AfH6SMC", "a Google access token"),
            (
                "AIzaSyA-1234567890abcdefghijklmnopqrstu",
                "a Google API key",
            ),
            ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIx", "a JSON Web Token"),
            ("-----BEGIN PRIVATE KEY-----\nMIIE", "a PEM private key"),
            ("-----BEGIN EC PRIVATE KEY-----\nMHc", "a PEM private key"),
            ("{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMII\"}", "a Google service-account key"),
            ("{\"type\": \"authorized_user\", \"client_secret\": \"d-FL95Q\", \"refresh_token\": \"1//0CANARY\"}", "Google user credentials (a refresh token)"),
            ("\"sk-ant-api03-CANARY\"", "an Anthropic API key"),
            ("'sk-ant-api03-CANARY'", "an Anthropic API key"),
            ("Bearer sk-ant-oat01-CANARY", "an Anthropic OAuth token"),
            ("sk-proj-Ab3dEf6hIj9kLm2nOp5q", "an API key (sk-…)"),
            ("bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t", "an Amazon Bedrock API key"),
            (
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "an AWS secret access key",
            ),
            ("  sk-ant-api03-CANARY \n", "an Anthropic API key"),
        ] {
            assert_eq!(credential_shape(v), Some(what), "{v}");
        }
        for v in [
            "us-east-1",
            "claude-opus-4-5",
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
            "sk-short",
            "AKIA-not-a-key",
            "my-gcp-project-123",
            "MyClaudeDeployment2025ProductionEastUS01",
            "/etc/ssl/certs/corp-ca.pem",
            "https://bedrock-runtime.us-east-1.amazonaws.com",
            "claude-sonnet-4-5@20250929",
            "sk-a… (29 chars)",
            "sk-ant-api03-… (108 chars)",
            "*** (40 chars)",
            "sk-ant-api03 is what a key starts with",
            "sk-hynix-genai-prod-01",
            "sk-telecom-foundry-eus2",
            "sk-hynix-bedrock-admin-2025",
            "/Users/JaneDoe/Certificates/AzureClient1",
            "The file holds -----BEGIN PRIVATE KEY----- blocks",
            "eyJustAName-with-no-dots-0123456789",
            "bearer\u{e9}x",
        ] {
            assert_eq!(credential_shape(v), None, "{v}");
        }
    }

    #[test]
    fn hints_show_a_fixed_prefix_only() {
        for (v, want) in [
            (
                "sk-ant-api03-CANARY-0123456789",
                "sk-ant-api03-… (30 chars)",
            ),
            (
                "sk-ant-oat01-CANARY-0123456789",
                "sk-ant-oat01-… (30 chars)",
            ),
            ("sk-ant-CANARY-0123456789", "sk-ant-… (24 chars)"),
            ("sk-proj-CAN4RYdEf6hIj9kLm2nOp5q", "sk-… (31 chars)"),
            ("ABSKQ0FOQVJZQmVkcm9ja0FQSUtleS1h", "ABSK… (32 chars)"),
            (
                "bedrock-api-key-Q0FOQVJZYmVkcm9jaw",
                "bedrock-api-key-… (34 chars)",
            ),
            ("AKIAIOSFODNN7EXAMPLE", "AKIA… (20 chars)"),
            ("ya29.CANARY-token", "ya29.… (17 chars)"),
            ("eyJhbGciOiJSUzI1NiJ9.eyJDQU5BUlki.c2ln", "eyJ… (38 chars)"),
            // No fixed prefix, or no known form: not one character of it.
            ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYCANARYKEY", "*** (39 chars)"),
            ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "*** (40 chars)"),
            ("CANARY-secret-123", "*** (17 chars)"),
            ("CANARY", "*** (6 chars)"),
            ("sk-CANARY", "*** (9 chars)"),
            ("Bearer sk-ant-api03-CANARY", "*** (26 chars)"),
            ("\"sk-ant-api03-CANARY\"", "*** (21 chars)"),
            ("-----BEGIN PRIVATE KEY-----\nCANARY", "*** (34 chars)"),
            ("", "*** (0 chars)"),
        ] {
            assert_eq!(hint(v), want, "{v}");
            assert_eq!(Secret::new(v).hint(), want, "{v}");
            assert_eq!(credential_shape(want), None, "{want}");
        }
    }

    #[test]
    fn a_secret_key_in_the_key_id_variable_is_told_apart() {
        for v in [
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY",
            "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYab",
            " wJalrXUtnFEMI+K7MDENG+bPxRfiCYEXAMPLEKEY\n",
        ] {
            assert!(secret_key_as_key_id(v), "{v}");
        }
        for v in [
            "AKIAIOSFODNN7EXAMPLE",
            "ASIAIOSFODNN7EXAMPLE",
            "AKIDEXAMPLE",
            "test",
            "minioadmin",
            "0123456789abcdef0123456789abcdef",
            "my/path",
            "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY",
        ] {
            assert!(!secret_key_as_key_id(v), "{v}");
        }
        assert!(is_aws_access_key_id("ASIAIOSFODNN7EXAMPLE"));
        assert!(!is_aws_access_key_id("AKIDEXAMPLE"));
        assert!(!is_aws_access_key_id("AKIAIOSFODNN7EXAMPLe"));
    }

    #[test]
    fn never_prints_the_value() {
        let s = Secret::new("sk-ant-CANARY-123456789");
        assert_eq!(format!("{s}"), REDACTED);
        assert_eq!(format!("{s:?}"), REDACTED);
        assert!(!serde_json::to_string(&s).unwrap().contains("CANARY"));
        assert!(!s.hint().contains("CANARY"));
        assert_eq!(s.expose(), "sk-ant-CANARY-123456789");
    }

    #[test]
    fn exposed_writes_the_value_only_inside_the_wrapper() {
        let v = vec![Secret::new("CANARY-1"), Secret::new("CANARY-2")];
        let exposed = serde_json::to_string(&Exposed(&v)).unwrap();
        assert_eq!(exposed, r#"["CANARY-1","CANARY-2"]"#);
        let back: Vec<Secret> = serde_json::from_str(&exposed).unwrap();
        assert_eq!(back, v);
        // Redacted again afterwards, and inside a nested plain serialization.
        assert!(!serde_json::to_string(&v).unwrap().contains("CANARY"));
    }
}

//! A string that must never be printed: API keys, tokens, secret keys, passphrases.
//!
//! `Debug` and `Display` print a fixed placeholder, so a `Secret` inside any struct,
//! error or log line stays hidden. The value is reachable only through [`Secret::expose`],
//! which makes every place that uses the real value easy to find.

use serde::{Deserialize, Serialize, Serializer};
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

    /// A hint safe to show a person: the first 4 characters of long values, then the length.
    pub fn hint(&self) -> String {
        let n = self.0.chars().count();
        if n >= 16 {
            let head: String = self.0.chars().take(4).collect();
            format!("{head}… ({n} chars)")
        } else {
            format!("({n} chars)")
        }
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
        s.serialize_str(REDACTED)
    }
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
    fn never_prints_the_value() {
        let s = Secret::new("sk-ant-CANARY-123456789");
        assert_eq!(format!("{s}"), REDACTED);
        assert_eq!(format!("{s:?}"), REDACTED);
        assert!(!serde_json::to_string(&s).unwrap().contains("CANARY"));
        assert!(!s.hint().contains("CANARY"));
        assert_eq!(s.expose(), "sk-ant-CANARY-123456789");
    }
}

//! A configuration's values as they may travel to someone else who validates that
//! configuration again (the playground's share link): nothing secret goes, and what the checks
//! on a value look at stays, so the recipient is told the same problems.

use super::{hides_credential, index_of, inside_quotes, kind, Kind, COMMAND_KEYS};
use crate::secret::{credential_shape, public_prefix, REDACTED};

/// Settings keys the core reads as a string, besides the credential commands.
const SETTINGS_KEYS_READ: [&str; 1] = ["model"];

/// Does the core read `name`: a variable it knows ([`super::KNOWN`]), a settings key (the
/// credential commands, `model`), or a key of the AWS files ([`crate::aws_files::KEYS_READ`],
/// any case, as those files' keys are compared)?
pub fn is_read(name: &str) -> bool {
    index_of(name).is_some()
        || COMMAND_KEYS.contains(&name)
        || SETTINGS_KEYS_READ.contains(&name)
        || crate::aws_files::KEYS_READ
            .iter()
            .any(|k| k.eq_ignore_ascii_case(name))
}

/// `value` of `name` (a variable, a settings key or an AWS-file key) as it may be put in a
/// configuration that is shared to be validated again:
///
/// * a blank value stays blank (it means unset);
/// * a name the core does not read ([`is_read`]) keeps nothing of its value, whatever it looks
///   like (`DATABASE_URL`, `GH_PAT`, `OTEL_EXPORTER_OTLP_HEADERS`: no rule knows what they
///   hold), except a switch word (`1`, `true`, `off`…), which holds nothing and is what a
///   misspelt selector's check looks at;
/// * a secret, and a credential pasted into a plain variable, becomes its [`stand_in`], which
///   the checks on credential values read as they read the original;
/// * `ANTHROPIC_CUSTOM_HEADERS` keeps each header's name, its value a stand-in
///   ([`header_lines`]);
/// * URLs (also one in a plain variable: a proxy URL in `NO_PROXY`) lose their passwords,
///   credential commands their credential parts, as in
///   [`super::display_value`].
pub fn shareable(name: &str, value: &str) -> String {
    if value.trim().is_empty() {
        return value.to_owned();
    }
    if !is_read(name) {
        return if crate::env::truthy(value).is_some() {
            value.to_owned()
        } else {
            REDACTED.to_owned()
        };
    }
    if name == "ANTHROPIC_CUSTOM_HEADERS" {
        return header_lines(value);
    }
    match kind(name) {
        Kind::Secret => stand_in(value),
        Kind::Plain | Kind::UrlWithCredentials | Kind::ProxyUrl
            if hides_credential(name, value) =>
        {
            let v = value.trim();
            if credential_shape(v).is_none() && crate::secret::secret_key_as_key_id(v) {
                // A secret access key in AWS_ACCESS_KEY_ID that only the variable tells apart.
                let (lead, trail) = around(value);
                format!("{lead}{}{trail}", cycle("Redacted0/", v.len()))
            } else {
                stand_in(value)
            }
        }
        Kind::UrlWithCredentials => super::mask_url_credentials(value),
        Kind::ProxyUrl => super::mask_proxy_url(value),
        Kind::Command => super::mask_command(value),
        Kind::Plain => super::mask_plain(value),
    }
}

/// The whitespace before and after `value`'s text.
fn around(value: &str) -> (&str, &str) {
    let start = value.len() - value.trim_start().len();
    let end = value.trim_end().len();
    (&value[..start], &value[end.max(start)..])
}

/// A secret's stand-in: no character of the secret, but what the checks on credential values
/// look at: the whitespace around it, quotes that wrap it (part of the value), a `Bearer `
/// prefix, and, for a credential form [`credential_shape`] knows, that form: its public
/// prefix, its length and characters of its kinds (`sk-ant-api03-` then `Redacted0Redacted0…`,
/// `AKIA` then `REDACTED0…`), so an OAuth token in `ANTHROPIC_API_KEY` or an API key in
/// `ANTHROPIC_MODEL` is still found. Anything else is `<redacted>`; blank stays blank.
pub fn stand_in(value: &str) -> String {
    let (lead, trail) = around(value);
    let body = &value[lead.len()..value.len() - trail.len()];
    if body.is_empty() {
        return value.to_owned();
    }
    let (open, inner, close) = match inside_quotes(body) {
        Some(inner) => {
            let at = inner.as_ptr() as usize - body.as_ptr() as usize;
            (&body[..at], inner, &body[at + inner.len()..])
        }
        None => ("", body, ""),
    };
    let (scheme, cred) = match inner.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") && !inner[7..].trim().is_empty() => {
            let rest = inner[7..].trim_start();
            (&inner[..inner.len() - rest.len()], rest)
        }
        _ => ("", inner),
    };
    format!("{lead}{open}{scheme}{}{close}{trail}", same_form(cred))
}

/// A made-up credential of `cred`'s form ([`credential_shape`]), or `<redacted>`.
fn same_form(cred: &str) -> String {
    let Some(shape) = credential_shape(cred) else {
        return REDACTED.to_owned();
    };
    let fake = match shape {
        "a Google service-account key" => format!("{{\"private_key\":\"{REDACTED}\"}}"),
        "Google user credentials (a refresh token)" => {
            format!("{{\"refresh_token\":\"{REDACTED}\"}}")
        }
        _ => {
            let prefix = match public_prefix(cred) {
                Some(p) if shape != "an Anthropic OAuth token" || p.starts_with("sk-ant-oat") => p,
                Some(_) => "sk-ant-oat",
                None => "",
            };
            let filler = match shape {
                "an AWS access key ID" => "REDACTED0",
                "an AWS secret access key" => "Redacted0/",
                "a JSON Web Token" => "Redacted0.",
                _ => "Redacted0",
            };
            let n = cred.chars().count().max(prefix.len() + 1);
            format!("{prefix}{}", cycle(filler, n - prefix.len()))
        }
    };
    // Made to have the form: if it ever did not, nothing of the form is worth a doubt.
    if credential_shape(&fake) == Some(shape) {
        fake
    } else {
        REDACTED.to_owned()
    }
}

/// `n` characters of `pattern` repeated.
fn cycle(pattern: &str, n: usize) -> String {
    pattern.chars().cycle().take(n).collect()
}

/// `ANTHROPIC_CUSTOM_HEADERS` with each header's name kept and its value a [`stand_in`]: the
/// lines, names, and what the header checks read (a line without a `:`, a literal `\n`, headers
/// joined by commas) stay, so the same headers are dropped or refused. A line without a `:`
/// is `<redacted>` (still without one), as is a name shaped like a credential.
pub fn header_lines(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, line) in value.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (line, cr) = match line.strip_suffix('\r') {
            Some(l) => (l, "\r"),
            None => (line, ""),
        };
        match line.split_once(':') {
            _ if line.trim().is_empty() => out.push_str(line),
            Some((name, rest)) if credential_shape(name).is_none() => {
                out.push_str(name);
                out.push(':');
                out.push_str(&header_value(rest));
            }
            _ => {
                let (lead, trail) = around(line);
                out.push_str(lead);
                out.push_str(REDACTED);
                out.push_str(trail);
            }
        }
        out.push_str(cr);
    }
    out
}

/// A header value's stand-in, piece by piece: around a literal `\n`, and before a comma that
/// starts another `Name: value` ([`crate::headers::comma_joined_at`]), whose name stays.
fn header_value(value: &str) -> String {
    value
        .split("\\n")
        .map(|piece| match crate::headers::comma_joined_at(piece) {
            Some((comma, after)) if credential_shape(&piece[comma + 1..after - 1]).is_none() => {
                format!(
                    "{}{}{}",
                    stand_in(&piece[..comma]),
                    &piece[comma..after],
                    header_value(&piece[after..])
                )
            }
            _ => stand_in(piece),
        })
        .collect::<Vec<_>>()
        .join("\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_core_does_not_read_keep_no_value() {
        for (name, value) in [
            ("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer CANARY"),
            ("DATABASE_URL", "postgres://u:CANARY@db/x"),
            ("SENTRY_DSN", "https://CANARY@o1.ingest.sentry.io/1"),
            ("GH_PAT", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            ("MY_NOTE", "eu-west-1"),
            ("sso_account_id", "111122223333"),
            ("model ", "opus"),
        ] {
            assert_eq!(shareable(name, value), "<redacted>", "{name}");
        }
        // A switch word holds nothing, and a misspelt selector's check reads it.
        assert_eq!(shareable("CLAUDE_CODE_USE_AWS", "1"), "1");
        assert_eq!(shareable("USE_VERTEX", " off"), " off");
        assert_eq!(shareable("DATABASE_URL", ""), "");
        // What the core reads keeps the core's rules.
        assert_eq!(shareable("AWS_REGION", "eu-west-1"), "eu-west-1");
        assert_eq!(shareable("model", "opus"), "opus");
        assert_eq!(shareable("Region", "eu-west-1"), "eu-west-1");
        assert_eq!(
            shareable("HTTPS_PROXY", "http://u:CANARY@proxy:3128"),
            "http://***@proxy:3128"
        );
        assert_eq!(
            shareable("otelHeadersHelper", "/bin/get --secret=CANARYHELPER"),
            "/bin/get --secret=***"
        );
        // gcloud's user credentials pasted in place of the file's path.
        let adc = r#"{"type":"authorized_user","client_id":"c","client_secret":"CANARY1","refresh_token":"1//CANARY2"}"#;
        let shared = shareable("GOOGLE_APPLICATION_CREDENTIALS", adc);
        assert!(!shared.contains("CANARY"), "{shared}");
        let shown = crate::vars::display_value("GOOGLE_APPLICATION_CREDENTIALS", adc);
        assert!(!shown.contains("CANARY"), "{shown}");
    }

    #[test]
    fn a_stand_in_keeps_the_form_the_checks_read_and_nothing_of_the_secret() {
        let key = "sk-ant-api03-CANARY0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
        let oat = "sk-ant-oat01-CANARY0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
        for v in [
            key,
            oat,
            "sk-ant-oatCANARY0123456789",
            "sk-CANARY0123456789abcdefGHIJ",
            "ABSKQ0FOQVJZQmVkcm9ja0FQSUtleS1h",
            "bedrock-api-key-CANARY",
            "AKIACANARY0123456789",
            "ASIACANARY0123456789",
            "ya29.CANARY-token",
            "AIzaCANARY0123456789abcdefghijklmnopqrs",
            "eyJhbGciOiJIUzI1NiJ9.CANARY.c2lnbmF0dXJl",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYCANARYKEY1",
            "{\"private_key\":\"CANARY\"}",
            "{\"type\":\"authorized_user\",\"client_id\":\"c\",\"client_secret\":\"CANARY\",\"refresh_token\":\"CANARY\"}",
        ] {
            let shape = credential_shape(v);
            assert!(shape.is_some(), "{v}");
            let s = stand_in(v);
            assert!(!s.contains("CANARY"), "{v}: {s}");
            assert_eq!(credential_shape(&s), shape, "{v}: {s}");
            if !v.starts_with('{') {
                assert_eq!(s.chars().count(), v.chars().count(), "{v}: {s}");
            }
        }
        assert_eq!(
            stand_in(key),
            "sk-ant-api03-Redacted0Redacted0Redacted0Redacted0Redacted0Red"
        );
        assert_eq!(stand_in("AKIACANARY0123456789"), "AKIAREDACTED0REDACTE");
        // The wrapping the checks read stays: spaces, quotes that are part of the value, Bearer.
        assert_eq!(stand_in(" 'CANARY' "), " '<redacted>' ");
        assert_eq!(stand_in("Bearer CANARY"), "Bearer <redacted>");
        assert_eq!(
            stand_in("\"bearer  sk-ant-oat01-CANARY\""),
            "\"bearer  sk-ant-oat01-Redact\""
        );
        assert_eq!(stand_in("Bearer "), "<redacted> ");
        assert_eq!(stand_in("CANARY"), "<redacted>");
        assert_eq!(stand_in(" "), " ");
        // Through shareable: secrets and credentials pasted into plain variables.
        assert_eq!(shareable("ANTHROPIC_API_KEY", "CANARY"), "<redacted>");
        assert_eq!(
            credential_shape(&shareable("ANTHROPIC_MODEL", key)),
            Some("an Anthropic API key")
        );
        assert_eq!(
            credential_shape(&shareable("ANTHROPIC_API_KEY", oat)),
            Some("an Anthropic OAuth token")
        );
        // The AWS keys swapped: still a secret key in the ID's place, an ID in the secret's.
        let id = shareable(
            "AWS_ACCESS_KEY_ID",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYCANARYKEY1",
        );
        assert!(crate::secret::secret_key_as_key_id(&id), "{id}");
        let id = shareable("AWS_ACCESS_KEY_ID", "abcdefghijklmnopqrstuvwxyz/CANARY");
        assert!(
            crate::secret::secret_key_as_key_id(&id) && !id.contains("CANARY"),
            "{id}"
        );
        let secret = shareable("AWS_SECRET_ACCESS_KEY", "AKIACANARY0123456789");
        assert!(crate::secret::is_aws_access_key_id(&secret), "{secret}");
        assert_eq!(
            shareable("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
            "AKIAREDACTED0REDACTE"
        );
        assert_eq!(shareable("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), "AKIDEXAMPLE");
    }

    #[test]
    fn custom_headers_keep_their_names_and_what_the_header_checks_read() {
        for (v, want) in [
            ("X-Api-Team: payments", "X-Api-Team: <redacted>"),
            (
                "X-A: CANARY\r\nX-B:CANARY\n\nno colon CANARY",
                "X-A: <redacted>\r\nX-B:<redacted>\n\n<redacted>",
            ),
            ("X-A: CANARY\\nX-B: CANARY", "X-A: <redacted>\\n<redacted>"),
            (
                "X-Team: CANARY, X-Env: CANARY",
                "X-Team: <redacted>, X-Env: <redacted>",
            ),
            (
                "Authorization: Bearer sk-ant-api03-CANARY",
                "Authorization: Bearer sk-ant-api03-Redact",
            ),
            (": CANARY", ": <redacted>"),
            ("sk-ant-api03-CANARY: x", "<redacted>"),
        ] {
            assert_eq!(shareable("ANTHROPIC_CUSTOM_HEADERS", v), want, "{v}");
        }
        // The core's parser finds the same headers and problems in both.
        for v in [
            "X-Api-Team: payments",
            "X-A: 1\nbroken\nX-A: 2\n: x",
            "X-Team: a, X-Env: b",
            "X-A: 1\\nX-B: 2",
        ] {
            let (a, b) = (
                crate::headers::parse_custom_headers(v),
                crate::headers::parse_custom_headers(&shareable("ANTHROPIC_CUSTOM_HEADERS", v)),
            );
            let codes =
                |p: &[crate::problem::Problem]| p.iter().map(|p| p.code).collect::<Vec<_>>();
            let names = |h: &[(String, String)]| h.iter().map(|h| h.0.clone()).collect::<Vec<_>>();
            assert_eq!(codes(&a.problems), codes(&b.problems), "{v}");
            assert_eq!(names(&a.headers), names(&b.headers), "{v}");
        }
    }
}

//! The variables that shape a route to Claude: which are secret (never printed), and the
//! list that provenance reports and near-miss detection compare against.

/// How a variable is treated in output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Printed as is.
    Plain,
    /// Never printed: keys, tokens, passphrases.
    Secret,
    /// A URL that may carry `user:password@`: printed with the credentials masked.
    UrlWithCredentials,
    /// A proxy URL: as [`UrlWithCredentials`](Kind::UrlWithCredentials), but everything before
    /// its last `@` is hidden (see [`mask_proxy_url`]).
    ProxyUrl,
    /// A command line (a settings credential command, `credential_process`): printed with the
    /// secrets a command line often carries masked (see [`mask_command`]).
    Command,
}

/// The settings keys and INI keys whose values are command lines.
const COMMAND_KEYS: [&str; 6] = [
    "apiKeyHelper",
    "awsCredentialExport",
    "awsAuthRefresh",
    "gcpAuthRefresh",
    "otelHeadersHelper",
    "credential_process",
];

use std::borrow::Cow;
use Kind::*;

/// Every variable the core reads or reports, in a stable order.
pub const KNOWN: &[(&str, Kind)] = &[
    // provider selection
    ("CLAUDE_CODE_USE_BEDROCK", Plain),
    ("CLAUDE_CODE_USE_FOUNDRY", Plain),
    ("CLAUDE_CODE_USE_ANTHROPIC_AWS", Plain),
    ("CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", Plain),
    ("CLAUDE_CODE_USE_MANTLE", Plain),
    ("CLAUDE_CODE_USE_VERTEX", Plain),
    // first party / gateway
    ("ANTHROPIC_BASE_URL", UrlWithCredentials),
    ("ANTHROPIC_API_KEY", Secret),
    ("ANTHROPIC_AUTH_TOKEN", Secret),
    ("CLAUDE_CODE_OAUTH_TOKEN", Secret),
    ("ANTHROPIC_CUSTOM_HEADERS", Secret),
    ("ANTHROPIC_BETAS", Plain),
    ("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", Plain),
    ("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS", Plain),
    ("CLAUDE_CODE_EXTRA_BODY", Plain),
    // models
    ("ANTHROPIC_MODEL", Plain),
    ("ANTHROPIC_DEFAULT_OPUS_MODEL", Plain),
    ("ANTHROPIC_DEFAULT_SONNET_MODEL", Plain),
    ("ANTHROPIC_DEFAULT_HAIKU_MODEL", Plain),
    ("ANTHROPIC_DEFAULT_FABLE_MODEL", Plain),
    ("ANTHROPIC_DEFAULT_MODEL", Plain),
    ("ANTHROPIC_SMALL_FAST_MODEL", Plain),
    ("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", Plain),
    ("CLAUDE_CODE_SUBAGENT_MODEL", Plain),
    ("CLAUDE_CODE_MAX_OUTPUT_TOKENS", Plain),
    ("CLAUDE_CODE_DISABLE_1M_CONTEXT", Plain),
    ("DISABLE_PROMPT_CACHING", Plain),
    ("ENABLE_PROMPT_CACHING_1H", Plain),
    // AWS / Bedrock / Mantle / Claude Platform on AWS
    ("AWS_REGION", Plain),
    ("AWS_DEFAULT_REGION", Plain),
    ("AWS_PROFILE", Plain),
    ("AWS_CONFIG_FILE", Plain),
    ("AWS_SHARED_CREDENTIALS_FILE", Plain),
    ("AWS_ACCESS_KEY_ID", Plain),
    ("AWS_SECRET_ACCESS_KEY", Secret),
    ("AWS_SESSION_TOKEN", Secret),
    ("AWS_BEARER_TOKEN_BEDROCK", Secret),
    ("ANTHROPIC_BEDROCK_BASE_URL", UrlWithCredentials),
    ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", UrlWithCredentials),
    ("AWS_ENDPOINT_URL_BEDROCK", UrlWithCredentials),
    ("AWS_ENDPOINT_URL", UrlWithCredentials),
    ("ANTHROPIC_BEDROCK_REGION_PREFIX", Plain),
    ("ANTHROPIC_BEDROCK_SERVICE_TIER", Plain),
    ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", Plain),
    ("CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD", Plain),
    ("CLAUDE_CODE_SKIP_AWS_CRED_CACHE", Plain),
    ("ANTHROPIC_BEDROCK_MANTLE_BASE_URL", UrlWithCredentials),
    ("CLAUDE_CODE_SKIP_MANTLE_AUTH", Plain),
    ("ANTHROPIC_AWS_WORKSPACE_ID", Plain),
    ("ANTHROPIC_AWS_BASE_URL", UrlWithCredentials),
    ("ANTHROPIC_AWS_API_KEY", Secret),
    ("CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH", Plain),
    // Vertex / Google
    ("ANTHROPIC_VERTEX_PROJECT_ID", Plain),
    ("CLOUD_ML_REGION", Plain),
    ("ANTHROPIC_VERTEX_BASE_URL", UrlWithCredentials),
    ("CLAUDE_CODE_SKIP_VERTEX_AUTH", Plain),
    ("GOOGLE_APPLICATION_CREDENTIALS", Plain),
    ("GOOGLE_CLOUD_PROJECT", Plain),
    ("GCLOUD_PROJECT", Plain),
    ("ANTHROPIC_GOOGLE_CLOUD_BASE_URL", UrlWithCredentials),
    ("ANTHROPIC_GOOGLE_CLOUD_PROJECT", Plain),
    ("ANTHROPIC_GOOGLE_CLOUD_LOCATION", Plain),
    ("ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID", Plain),
    // Foundry / Azure
    ("ANTHROPIC_FOUNDRY_RESOURCE", Plain),
    ("ANTHROPIC_FOUNDRY_BASE_URL", UrlWithCredentials),
    ("ANTHROPIC_FOUNDRY_API_KEY", Secret),
    ("ANTHROPIC_FOUNDRY_AUTH_TOKEN", Secret),
    ("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", Plain),
    ("AZURE_TENANT_ID", Plain),
    ("AZURE_CLIENT_ID", Plain),
    ("AZURE_CLIENT_SECRET", Secret),
    ("AZURE_CLIENT_CERTIFICATE_PATH", Plain),
    // network
    ("HTTPS_PROXY", ProxyUrl),
    ("https_proxy", ProxyUrl),
    ("HTTP_PROXY", ProxyUrl),
    ("http_proxy", ProxyUrl),
    ("NO_PROXY", Plain),
    ("no_proxy", Plain),
    ("NODE_EXTRA_CA_CERTS", Plain),
    ("CLAUDE_CODE_CERT_STORE", Plain),
    ("CLAUDE_CODE_CLIENT_CERT", Plain),
    ("CLAUDE_CODE_CLIENT_KEY", Plain),
    ("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE", Secret),
    ("CLAUDE_CODE_PROXY_RESOLVES_HOSTS", Plain),
    ("API_TIMEOUT_MS", Plain),
    ("CLAUDE_CODE_MAX_RETRIES", Plain),
    ("CLAUDE_CONFIG_DIR", Plain),
    // Vertex per-model locations
    ("VERTEX_REGION_CLAUDE_3_5_HAIKU", Plain),
    ("VERTEX_REGION_CLAUDE_HAIKU_4_5", Plain),
    ("VERTEX_REGION_CLAUDE_HAIKU_5_5", Plain),
    ("VERTEX_REGION_CLAUDE_3_5_SONNET", Plain),
    ("VERTEX_REGION_CLAUDE_3_7_SONNET", Plain),
    ("VERTEX_REGION_CLAUDE_4_0_SONNET", Plain),
    ("VERTEX_REGION_CLAUDE_4_5_SONNET", Plain),
    ("VERTEX_REGION_CLAUDE_4_6_SONNET", Plain),
    ("VERTEX_REGION_CLAUDE_5_SONNET", Plain),
    ("VERTEX_REGION_CLAUDE_5_5_SONNET", Plain),
    ("VERTEX_REGION_CLAUDE_4_0_OPUS", Plain),
    ("VERTEX_REGION_CLAUDE_4_1_OPUS", Plain),
    ("VERTEX_REGION_CLAUDE_4_5_OPUS", Plain),
    ("VERTEX_REGION_CLAUDE_4_6_OPUS", Plain),
    ("VERTEX_REGION_CLAUDE_4_7_OPUS", Plain),
    ("VERTEX_REGION_CLAUDE_4_8_OPUS", Plain),
    ("VERTEX_REGION_CLAUDE_5_OPUS", Plain),
    ("VERTEX_REGION_CLAUDE_5_5_OPUS", Plain),
    ("VERTEX_REGION_CLAUDE_FABLE_5", Plain),
    ("VERTEX_REGION_CLAUDE_FABLE_5_1", Plain),
    ("VERTEX_REGION_CLAUDE_FABLE_5_2", Plain),
];

/// Which bytes start a known name, computed at compile time.
const FIRST_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < KNOWN.len() {
        t[KNOWN[i].0.as_bytes()[0] as usize] = true;
        i += 1;
    }
    t
};

/// Could `name` be in [`KNOWN`]? Most of a real environment (PATH, LANG, USER…) is not,
/// and fails on its first byte without hashing.
pub fn may_be_known(name: &str) -> bool {
    name.as_bytes()
        .first()
        .is_some_and(|b| FIRST_BYTES[*b as usize])
}

/// The position of `name` in [`KNOWN`].
pub fn index_of(name: &str) -> Option<usize> {
    if !may_be_known(name) {
        return None;
    }
    index_of_hashed(name, crate::env_index::name_hash(name.as_bytes()))
}

/// [`index_of`] for a name whose [`crate::env_index::name_hash`] is known.
pub(crate) fn index_of_hashed(name: &str, hash: u64) -> Option<usize> {
    // Open addressing over [`KNOWN`] with the env index's word-at-a-time hash (its top bits):
    // one short hash and a compare or two, where a `HashMap` hashed the name twice over.
    static INDEX: std::sync::OnceLock<(Vec<u16>, u32)> = std::sync::OnceLock::new();
    let (slots, shift) = INDEX.get_or_init(|| {
        let len = (2 * KNOWN.len()).next_power_of_two();
        let shift = 64 - len.trailing_zeros();
        let mut slots = vec![0u16; len];
        for (i, (n, _)) in KNOWN.iter().enumerate() {
            let mut j = (crate::env_index::name_hash(n.as_bytes()) >> shift) as usize;
            while slots[j] != 0 {
                j = (j + 1) & (len - 1);
            }
            slots[j] = u16::try_from(i + 1).expect("KNOWN fits in u16");
        }
        (slots, shift)
    });
    let mask = slots.len() - 1;
    let mut j = (hash >> shift) as usize;
    loop {
        let e = slots[j];
        if e == 0 {
            return None;
        }
        let i = usize::from(e - 1);
        if KNOWN[i].0 == name {
            return Some(i);
        }
        j = (j + 1) & mask;
    }
}

/// `name` as a `'static` string when it is in [`KNOWN`] (no copy), else a copy.
pub fn static_name(name: &str) -> Cow<'static, str> {
    match index_of(name) {
        Some(i) => Cow::Borrowed(KNOWN[i].0),
        None => Cow::Owned(name.to_owned()),
    }
}

/// How `name` is treated in output. Unknown names that look secret are treated as secret.
pub fn kind(name: &str) -> Kind {
    if let Some(i) = index_of(name) {
        return KNOWN[i].1;
    }
    if COMMAND_KEYS.contains(&name) {
        return Command;
    }
    let upper = name.to_ascii_uppercase();
    // `HEADER`: a list of headers (`OTEL_EXPORTER_OTLP_HEADERS`) carries credentials.
    const SECRET_WORDS: [&str; 7] = [
        "KEY",
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSPHRASE",
        "CREDENTIAL",
        "HEADER",
    ];
    if SECRET_WORDS.iter().any(|w| upper.contains(w)) {
        Secret
    } else {
        Plain
    }
}

/// The value as it may be shown to a person.
pub fn display_value(name: &str, value: &str) -> String {
    display_as(name, kind(name), value)
}

/// Is `value` of `name`, a variable that is not a secret's, a credential all the same: one
/// pasted there ([`credential_shape`](crate::secret::credential_shape) knows its form), or in
/// `AWS_ACCESS_KEY_ID` a secret access key ([`crate::secret::secret_key_as_key_id`]: the two
/// keys swapped)? Such a value is never shown.
pub fn hides_credential(name: &str, value: &str) -> bool {
    crate::secret::credential_shape(value).is_some()
        || (name == "AWS_ACCESS_KEY_ID" && crate::secret::secret_key_as_key_id(value))
}

/// [`display_value`] for a variable whose [`Kind`] is already known.
pub fn display_as(name: &str, kind: Kind, value: &str) -> String {
    match kind {
        // A credential pasted into a plain variable or a URL is still a credential.
        Plain | UrlWithCredentials | ProxyUrl if hides_credential(name, value) => {
            crate::secret::Secret::new(value).hint()
        }
        Plain => mask_plain(value),
        Secret => crate::secret::Secret::new(value).hint(),
        UrlWithCredentials => mask_url_credentials(value),
        ProxyUrl => mask_proxy_url(value),
        Command => mask_command(value),
    }
}

mod command;
pub use command::{command_hides_credential, mask_command};
mod share;
pub use share::{header_lines, is_read, shareable, stand_in};

/// How a value with [`inside_quotes`] is described, in every problem that reports one.
pub const QUOTED: &str = "wrapped in quotes that are part of it (a JSON or .env value quoted twice, or typographic quotes copied from a document)";

/// The text inside a pair of matching quotes (`"…"`, `'…'`, or the typographic `“…”` and
/// `‘…’` a word processor or chat app writes) that wrap all of `v`: quotes that are part of
/// the value, because a settings JSON string or a dotenv/compose value was quoted once more
/// than its loader strips, or was pasted from formatted text. Claude Code sends such a value
/// with its quotes.
pub fn inside_quotes(v: &str) -> Option<&str> {
    let mut chars = v.chars();
    let (first, last) = (chars.next()?, chars.next_back()?);
    let pair = matches!(
        (first, last),
        ('"', '"') | ('\'', '\'') | ('\u{201C}', '\u{201D}') | ('\u{2018}', '\u{2019}')
    );
    pair.then(|| &v[first.len_utf8()..v.len() - last.len_utf8()])
}

/// A flag, variable or member name that names a secret (`token`, `api-key`, `PASSWORD`,
/// `SecretAccessKey`, `auth`, a word starting with `pass`: `--pass`, `DB_PASS`, openssl's
/// `-passin`…), any case and separators; not one that names something about a secret that is
/// not the secret itself: an identifier (`AccessKeyId`, `--secret-id`), a name, file, path,
/// URL, type, lifetime… (`--key-file`, `token_url`, `auth-type`, `--pass-file`).
fn looks_secret(name: &str) -> bool {
    let mut n = [0u8; 64];
    let mut len = 0;
    for c in name.bytes().filter(u8::is_ascii_alphanumeric) {
        if len == n.len() {
            break;
        }
        n[len] = c.to_ascii_lowercase();
        len += 1;
    }
    let Ok(n) = std::str::from_utf8(&n[..len]) else {
        return false;
    };
    const SECRET: [&str; 8] = [
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "passphrase",
        "credential",
        "auth",
    ];
    const ABOUT: [&str; 16] = [
        "id", "ids", "name", "file", "path", "dir", "type", "url", "uri", "arn", "region",
        "profile", "ttl", "expiry", "mode", "method",
    ];
    // `pass` as the start of a word (`--pass`, `DB_PASS`, `-passin`), not inside one
    // (`bypass`, `compass`) nor `--passthrough`/`--passive`.
    let pass_word = || {
        name.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            w.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("pass"))
                && !["passthrough", "passive"]
                    .iter()
                    .any(|x| w.len() >= x.len() && w[..x.len()].eq_ignore_ascii_case(x))
        })
    };
    (SECRET.iter().any(|w| n.contains(w)) || pass_word()) && !ABOUT.iter().any(|s| n.ends_with(s))
}

/// A plain variable's value with the password of any URL in it hidden: a proxy URL pasted into
/// `NO_PROXY`, a gateway URL into a model variable. A URL's `user:password` (what lies between
/// `://` and the last `@` before a space, `/`, `?` or `#`, commas included: RFC 3986 allows
/// them there) becomes `***`; one without a `:` (a user name alone) stays. Only after a
/// `://`: without a scheme, `a:b@c` is as often a gateway's model ID
/// (`anthropic:claude-sonnet-4-5@20250929`) or an address as a password.
pub fn mask_plain(value: &str) -> String {
    if !value.contains('@') || !value.contains("://") {
        return value.to_owned();
    }
    let b = value.as_bytes();
    let (mut out, mut kept, mut from) = (String::with_capacity(value.len()), 0, 0);
    while let Some(p) = value[from..].find("://") {
        let start = from + p + 3;
        let end = b[start..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'?' | b'#'))
            .map_or(b.len(), |e| start + e);
        if let Some(at) = value[start..end].rfind('@') {
            if value[start..start + at].contains(':') {
                out.push_str(&value[kept..start]);
                out.push_str("***");
                kept = start + at;
            }
        }
        from = start;
    }
    out.push_str(&value[kept..]);
    out
}

/// `http://user:pass@host` → `http://***@host`; anything else unchanged. Also without a scheme
/// (`user:pass@proxy:3128`, as proxy variables are often written), and when the password holds
/// `/`, `?` or `#` unencoded: a URL parser ends the authority there (`user:pa` then fails as a
/// host), but a person typed it as part of the password, so when the authority is not a host,
/// everything up to the last `@` that is followed by one is hidden. An `@` in the path of a URL
/// whose authority is a host (Vertex's `claude-…@20250929:rawPredict`) stays.
pub fn mask_url_credentials(value: &str) -> String {
    mask_secret_query(&mask_userinfo(value))
}

/// A proxy URL with everything between its scheme and its last `@` hidden. A proxy URL has no
/// path, so an `@` after the host can only end a user name or password holding an unencoded
/// `/`, `?` or `#` (`http://bob:2024/S3cret@proxy:3128`, where a URL parser sees the host
/// `bob`, the port 2024 and no credentials); the core reports such a URL as invalid.
pub fn mask_proxy_url(value: &str) -> String {
    let start = after_scheme(value);
    match value.rfind('@') {
        Some(at) if at >= start => format!("{}***@{}", &value[..start], &value[at + 1..]),
        _ => mask_url_credentials(value),
    }
}

/// `?api-key=…&sig=…`: the values of query parameters whose names look secret
/// ([`is_secret_query_name`]) become `***`.
fn mask_secret_query(url: &str) -> String {
    let Some(q) = url.find('?') else {
        return url.to_owned();
    };
    let end = url[q..].find('#').map_or(url.len(), |i| q + i);
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..=q]);
    for (i, pair) in url[q + 1..end].split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, _)) if is_secret_query_name(name) => {
                out.push_str(name);
                out.push_str("=***");
            }
            _ => out.push_str(pair),
        }
    }
    out.push_str(&url[end..]);
    out
}

/// [`looks_secret`], plus the short names query strings use (`sig`, `pwd`).
fn is_secret_query_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    looks_secret(&n) || n.contains("sig") || n.contains("pwd")
}

/// Where what follows a URL's `scheme://` starts; 0 when it has none, as when its first `://`
/// is in a password (`user:a://b@host`): what comes before it is no scheme, and must not be
/// shown as one.
pub(crate) fn after_scheme(value: &str) -> usize {
    // Byte scans: a `str` pattern search costs more to set up than these short values take.
    let b = value.as_bytes();
    b.windows(3)
        .position(|w| w == b"://")
        .filter(|&i| {
            b[0].is_ascii_alphabetic()
                && b[..i]
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
        })
        .map_or(0, |i| i + 3)
}

fn mask_userinfo(value: &str) -> String {
    let start = after_scheme(value);
    let rest = &value.as_bytes()[start..];
    let authority_end = rest
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let masked = |at: usize| format!("{}***@{}", &value[..start], &value[start + at + 1..]);
    if let Some(at) = rest[..authority_end].iter().rposition(|b| *b == b'@') {
        // A password with an unencoded `/`, `?` or `#` and `@` (`u:Xy@Zq/7P@proxy:3128`):
        // a later `@` followed by a host ends what the person typed as the password.
        let mut end = rest.len();
        while let Some(later) = rest[..end].iter().rposition(|b| *b == b'@') {
            if later <= at {
                break;
            }
            if is_host(&rest[later + 1..]) {
                return masked(later);
            }
            end = later;
        }
        return masked(at);
    }
    // `user:a://b@host`: a `://` after no scheme is in a password; what precedes it no host.
    let in_password = start == 0 && rest.windows(3).any(|w| w == b"://");
    if in_password || !is_host(rest) {
        let mut end = rest.len();
        while let Some(at) = rest[..end].iter().rposition(|b| *b == b'@') {
            if is_host(&rest[at + 1..]) {
                return masked(at);
            }
            end = at;
        }
        // No host after any `@` (the URL is broken anyway): `user:pass@` still reads as
        // credentials, whatever follows; masking too much is the safe side.
        if let Some(at) = rest.iter().rposition(|b| *b == b'@') {
            if rest[..at].contains(&b':') {
                return masked(at);
            }
        }
    }
    value.to_owned()
}

/// Does `s` start with an authority: a host name or address, an optional all-digit port, then
/// the end or `/`, `?`, `#`?
fn is_host(s: &[u8]) -> bool {
    let len = s
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(s.len());
    let authority = &s[..len];
    let (host, port) = match authority.iter().rposition(|b| *b == b':') {
        // `[::1]` has colons of its own: a port follows the `]`.
        Some(i) if !authority.starts_with(b"[") || authority[..i].ends_with(b"]") => {
            (&authority[..i], &authority[i + 1..])
        }
        _ => (authority, &b""[..]),
    };
    !host.is_empty()
        && host.iter().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':' | b'%')
        })
        && port.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_of_finds_every_known_name_and_nothing_else() {
        for (i, (n, _)) in KNOWN.iter().enumerate() {
            assert_eq!(index_of(n), Some(i), "{n}");
            assert_eq!(index_of(&format!("{n}X")), None);
            assert_eq!(index_of(&n[..n.len() - 1]), None);
        }
        assert_eq!(index_of(""), None);
        assert_eq!(index_of("PATH"), None);
    }

    #[test]
    fn a_scheme_separator_in_a_password_is_no_scheme() {
        for v in ["user:CA://NARY@host:3128", "user:CA://NARY/x@host:3128"] {
            assert_eq!(mask_proxy_url(v), "***@host:3128", "{v}");
            assert_eq!(mask_url_credentials(v), "***@host:3128", "{v}");
        }
        assert_eq!(
            mask_proxy_url("http://user:CA://NARY@host:3128"),
            "http://***@host:3128"
        );
        assert_eq!(after_scheme("socks5h://host"), 10);
        assert_eq!(after_scheme("://host"), 0);
    }

    #[test]
    fn command_lines_are_shown_without_their_secrets() {
        for (cmd, want) in [
            (
                "curl -s -H 'Authorization: Bearer CANARY-1' https://u:CANARY-2@vault.example.com/key",
                "curl -s -H 'Authorization: Bearer ***' https://***@vault.example.com/key",
            ),
            ("/usr/bin/false --token CANARY-3", "/usr/bin/false --token ***"),
            ("helper --api-key=CANARY-4 --region us-east-1", "helper --api-key=*** --region us-east-1"),
            ("env VAULT_TOKEN=CANARY-5 vault read -field=key secret/x", "env VAULT_TOKEN=*** vault read -field=key secret/x"),
            ("aws sso login --profile dev", "aws sso login --profile dev"),
            ("aws configure export-credentials --profile dev --format process", "aws configure export-credentials --profile dev --format process"),
            ("", ""),
            // A bare credential, anywhere: only its form's public prefix stays.
            ("echo sk-ant-api03-CANARY-helper", "echo sk-ant-api03-***"),
            ("printf '%s' sk-ant-oat01-CANARY-x; true", "printf '%s' sk-ant-oat01-***; true"),
            ("echo wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "echo ***"),
            ("echo \"ABSKQ0FOQVJZQmVkcm9ja0FQSUtleS1h\"", "echo \"ABSK***\""),
            // JSON members whose names say secret, however quoted and spaced.
            (
                r#"echo {"Credentials":{"AccessKeyId":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"CANARY-secret-123","SessionToken":"CANARY-token","Expiration":"2030-01-01T00:00:00Z"}}"#,
                r#"echo {"Credentials":{"AccessKeyId":"ASIA***","SecretAccessKey":"***","SessionToken":"***","Expiration":"2030-01-01T00:00:00Z"}}"#,
            ),
            (
                r#"echo '{ "Version": 1, "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": "CANARY secret", "SessionToken" : "CANARY" }'"#,
                r#"echo '{ "Version": 1, "AccessKeyId": "AKIA***", "SecretAccessKey": "***", "SessionToken" : "***" }'"#,
            ),
            (
                r#"printf "{\"SecretAccessKey\":\"CANARY-1\",\"password\": \"CANARY-2\"}""#,
                r#"printf "{\"SecretAccessKey\":\"***\",\"password\": \"***\"}""#,
            ),
            // `name=value`, `name:value` and flags, any case; quoted values up to their quote.
            ("helper --PASSWORD 'CANARY pass phrase' --region us-east-1", "helper --PASSWORD '***' --region us-east-1"),
            ("API_KEY=\"CANARY-1 x\" apikey=CANARY-2 Secret:CANARY-3 helper", "API_KEY=\"***\" apikey=*** Secret:*** helper"),
            ("curl -H 'X-Api-Key: CANARY-1' -H \"authorization:bearer CANARY-2\" -u bob:CANARY-3 https://h/x", "curl -H 'X-Api-Key: ***' -H \"authorization:bearer ***\" -u bob:*** https://h/x"),
            ("curl --header 'Authorization: Basic CANARY' https://h", "curl --header 'Authorization: Basic ***' https://h"),
            // The shell joins quoted and unquoted pieces into one argument: all of it is the value.
            ("helper --token=abc'CANARY x'\"CANARY y\" --region x", "helper --token=***'***'\"***\" --region x"),
            ("helper --token 'abc'CANARY\\ x --region x", "helper --token '***'*** --region x"),
            // A quote left open before it: the value runs on after the quote closes.
            ("'X-Team: a\nAuthorization: Bearer t helper --API-KEY='CANARY x' ", "'X-Team: a\nAuthorization: Bearer ***'*** x' "),
            ("{ get-token --api-key=abc'CANARY x'; }", "{ get-token --api-key=***'***'; }"),
            ("helper --password=\"a{bc\"'CANARY'", "helper --password=\"***\"'***'"),
            ("helper --token=$A'CANARY x' --token2=\"$B\"CANARY", "helper --token=$A'***' --token2=\"$B\"***"),
            ("curl -u bob:pw'CANARY y' https://h", "curl -u bob:***'***' https://h"),
            // What names something about a secret, or a variable holding it, stays.
            ("aws secretsmanager get-secret-value --secret-id prod/claude --query SecretString --output text", "aws secretsmanager get-secret-value --secret-id prod/claude --query SecretString --output text"),
            ("vault-helper --key-file ~/.keys/claude --token-url https://auth.example.com/t", "vault-helper --key-file ~/.keys/claude --token-url https://auth.example.com/t"),
            ("helper --token \"$CLAUDE_TOKEN\" --api-key=${KEY}", "helper --token \"$CLAUDE_TOKEN\" --api-key=${KEY}"),
            ("op read op://Private/Anthropic/credential", "op read op://Private/Anthropic/credential"),
            ("security find-generic-password -s claude -w", "security find-generic-password -s claude -w"),
            ("gcloud auth print-access-token", "gcloud auth print-access-token"),
            ("C:\\Tools\\helper.exe --profile work", "C:\\Tools\\helper.exe --profile work"),
        ] {
            assert_eq!(mask_command(cmd), want, "{cmd}");
        }
        assert_eq!(kind("apiKeyHelper"), Kind::Command);
        assert_eq!(kind("credential_process"), Kind::Command);
    }

    #[test]
    fn a_quoted_secret_value_is_masked_up_to_its_closing_quote() {
        for (cmd, want) in [
            (
                "curl -s -H 'Authorization: Token CANARYsecret123' https://keys.internal/claude",
                "curl -s -H 'Authorization: Token ***' https://keys.internal/claude",
            ),
            (
                "curl -H 'X-Api-Key: abc CANARY' https://h",
                "curl -H 'X-Api-Key: ***' https://h",
            ),
            (
                "helper \"--token=quoted CANARY value\" --x",
                "helper \"--token=***\" --x",
            ),
            (
                r#"helper --token="x \" CANARY" --x"#,
                r#"helper --token="***" --x"#,
            ),
            // After `Authorization:`, any scheme word stays, and only it.
            (
                "curl -H \"Proxy-Authorization: SSWS CANARY 2\" h",
                "curl -H \"Proxy-Authorization: SSWS ***\" h",
            ),
            (
                "curl -H 'authorization: ApiKey CANARY' h",
                "curl -H 'authorization: ApiKey ***' h",
            ),
            (
                "curl -H 'Authorization: Digest u=\"a\", CANARY' h",
                "curl -H 'Authorization: Digest ***' h",
            ),
            (
                "curl -H 'Authorization:CANARY' h",
                "curl -H 'Authorization:***' h",
            ),
            (
                "curl -H 'Authorization: CANARY' h",
                "curl -H 'Authorization: ***' h",
            ),
            (
                "curl -H Authorization:CANARY h",
                "curl -H Authorization:*** h",
            ),
            (
                "curl -H \"Authorization: Bearer $TOKEN\" h",
                "curl -H \"Authorization: Bearer $TOKEN\" h",
            ),
            (
                r#"echo '{"Authorization": "Token CANARY x"}'"#,
                r#"echo '{"Authorization": "Token ***"}'"#,
            ),
            // In a JSON document inside quotes, an unquoted value ends with its member.
            (
                r#"printf '{"password": 12CANARY, "user": "bob"}'"#,
                r#"printf '{"password": ***, "user": "bob"}'"#,
            ),
            (
                "helper --token '' --region us",
                "helper --token '' --region us",
            ),
            (
                r#"echo {"password": "CANARY"}"#,
                r#"echo {"password": "***"}"#,
            ),
            // Unquoted, a flag's value is one word.
            ("helper --token CANARY next", "helper --token *** next"),
        ] {
            assert_eq!(mask_command(cmd), want, "{cmd}");
        }
    }

    #[test]
    fn what_echo_and_printf_print_is_masked() {
        for (cmd, want) in [
            ("echo ghp_CANARY1234567890abcdefghijkl", "echo ***"),
            ("echo hvs.CANARYvaulttokenabcdef", "echo ***"),
            ("echo Bearer CANARY-helper", "echo Bearer ***"),
            ("printf %s CANARY-secret-123", "printf %s ***"),
            ("printf CANARY-secret-123", "printf ***"),
            ("echo 'CANARYsingle-quoted-token-abcdef'", "echo '***'"),
            ("echo -n \"CANARY token\"", "echo -n \"***\""),
            ("/bin/echo -e CANARY", "/bin/echo -e ***"),
            ("printf '%s\\n' CANARY", "printf '%s\\n' ***"),
            ("printf 'key: %s' CANARY", "printf 'key: %s' ***"),
            (
                "printf -v x %s CANARY; printf -- \"%s\" \"$x\"",
                "printf -v x %s ***; printf -- \"%s\" \"$x\"",
            ),
            ("cat <<< CANARY", "cat <<< ***"),
            ("base64 -d <<<'CANARY'", "base64 -d <<<'***'"),
            // In a pipeline or a list, after assignments.
            (
                "vault login -method=oidc >/dev/null && echo CANARY",
                "vault login -method=oidc >/dev/null && echo ***",
            ),
            (
                "true; X=1 echo CANARY | tr -d '\\n'",
                "true; X=1 echo *** | tr -d '\\n'",
            ),
            (
                "if true; then echo CANARY; fi",
                "if true; then echo ***; fi",
            ),
            ("echo CANARY 2>/dev/null", "echo *** 2>/dev/null"),
            (
                "bash -lc 'echo CANARY; echo \"CANARY 2\"'",
                "bash -lc 'echo ***; echo \"***\"'",
            ),
            // Variables and substitutions are no secret; JSON keeps member-level masking.
            ("echo \"$ANTHROPIC_KEY\"", "echo \"$ANTHROPIC_KEY\""),
            ("echo ${KEY} $(cat ~/.key)", "echo ${KEY} $(cat ~/.key)"),
            (
                "printf '%s' \"$(security find-generic-password -s claude -w)\"",
                "printf '%s' \"$(security find-generic-password -s claude -w)\"",
            ),
            (
                r#"echo {"Credentials":{"AccessKeyId":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"CANARY","Expiration":"2030-01-01T00:00:00Z"}}"#,
                r#"echo {"Credentials":{"AccessKeyId":"ASIA***","SecretAccessKey":"***","Expiration":"2030-01-01T00:00:00Z"}}"#,
            ),
            // Unbalanced quotes and non-ASCII: masked to the end, no panic.
            ("echo 'CANARY é", "echo ***"),
            ("helper --token 'CANARY é", "helper --token '***"),
            ("echo é\\", "echo ***"),
        ] {
            assert_eq!(mask_command(cmd), want, "{cmd}");
        }
    }

    #[test]
    fn common_commands_and_names_of_secrets_are_shown_as_written() {
        for cmd in [
            "aws sso login --profile dev",
            "gcloud auth print-access-token",
            "vault read -field=token secret/claude",
            "op read op://vault/item/credential",
            "security find-generic-password -s claude -w",
            "az account get-access-token --query accessToken -o tsv",
            "aws-vault exec dev -- env",
            "~/bin/get-key.sh",
            "$HOME/bin/key",
            "cat ~/.config/claude/key",
            "gcloud secrets versions access latest --secret=anthropic-api-key",
            "gcloud secrets versions access latest --secret anthropic-api-key --project p",
            "helper --auth sso",
            "helper --auth=oauth --profile dev",
            "printf '%s' \"$KEY\"",
            "printf 'Authorization: Bearer %s' \"$TOKEN\"",
        ] {
            assert_eq!(mask_command(cmd), cmd);
            assert!(!command_hides_credential(cmd), "{cmd}");
        }
        // A random-looking value after `--secret` or `--auth` is still a secret.
        assert_eq!(
            mask_command("helper --secret=CANARYsecret123"),
            "helper --secret=***"
        );
        assert_eq!(
            mask_command("helper --auth 'CANARY x'"),
            "helper --auth '***'"
        );
        // Masking that hid nothing credential-like (punctuation, a placeholder).
        for cmd in ["refresh && echo ---", "echo '\\'"] {
            assert_ne!(mask_command(cmd), cmd);
            assert!(!command_hides_credential(cmd), "{cmd}");
        }
        assert!(command_hides_credential("echo CANARY"));
        assert!(command_hides_credential("helper --token=CANARY"));
    }

    #[test]
    fn secret_key_and_password_flags_hide_their_values_whatever_they_look_like() {
        for (cmd, want) in [
            (
                "/bin/get --secret=OTELHELPERSECRET",
                "/bin/get --secret=***",
            ),
            (
                "/bin/get --secret OTELHELPERSECRET",
                "/bin/get --secret ***",
            ),
            (
                "helper --client-secret plainword",
                "helper --client-secret ***",
            ),
            (
                "helper --api-key=plainword --key plain",
                "helper --api-key=*** --key ***",
            ),
            (
                "helper --pass hunter2 --pass=hunter3 --passcode 1234 --password=x",
                "helper --pass *** --pass=*** --passcode *** --password=***",
            ),
            (
                "openssl pkcs12 -passin pass:hunter2 -in k.p12",
                "openssl pkcs12 -passin *** -in k.p12",
            ),
            ("DB_PASS=hunter2 helper", "DB_PASS=*** helper"),
            // A path that contains the word is not a command on named secrets.
            (
                "~/.secrets/get-key --secret hunter2",
                "~/.secrets/get-key --secret ***",
            ),
            (
                "/opt/secrets-helper --secret=hunter2",
                "/opt/secrets-helper --secret=***",
            ),
        ] {
            assert_eq!(mask_command(cmd), want, "{cmd}");
            assert!(command_hides_credential(cmd), "{cmd}");
        }
        // What names a secret or a file, not the secret, stays.
        for cmd in [
            "helper --pass-file ~/.p --passthrough yes --bypass-cache on --compass north",
            "gcloud secrets versions access latest --secret=anthropic-api-key",
            "helper --secret \"$SECRET\"",
        ] {
            assert_eq!(mask_command(cmd), cmd);
        }
    }

    #[test]
    fn the_password_of_each_url_in_a_plain_value_is_masked() {
        for (value, want) in [
            (
                "localhost,http://bob:pw@proxy:8080 .corp",
                "localhost,http://***@proxy:8080 .corp",
            ),
            ("http://u:SEC,RET@gw,localhost", "http://***@gw,localhost"),
            (
                "http://a:b@h1,https://c:d@h2/x",
                "http://***@h1,https://***@h2/x",
            ),
            // No password, no scheme, or the `@` in a URL's path: unchanged.
            ("http://bob@proxy:8080", "http://bob@proxy:8080"),
            ("bob:pw@proxy:3128", "bob:pw@proxy:3128"),
            (
                "anthropic:claude-sonnet-4-5@20250929",
                "anthropic:claude-sonnet-4-5@20250929",
            ),
            (
                "C:\\Users\\me\\node_modules\\@corp\\ca.pem",
                "C:\\Users\\me\\node_modules\\@corp\\ca.pem",
            ),
            ("claude-sonnet-4-5@20250929", "claude-sonnet-4-5@20250929"),
            (
                "https://h:443/models/claude@2025:rawPredict",
                "https://h:443/models/claude@2025:rawPredict",
            ),
            (
                "owner=ops:bob@example.com,localhost",
                "owner=ops:bob@example.com,localhost",
            ),
        ] {
            assert_eq!(mask_plain(value), want, "{value}");
            assert_eq!(display_value("NO_PROXY", value), want, "{value}");
        }
    }

    #[test]
    fn url_passwords_are_masked_however_they_are_written() {
        for (url, want) in [
            ("http://u:CANARY@proxy:3128/", "http://***@proxy:3128/"),
            ("u:CANARY@127.0.0.1:9", "***@127.0.0.1:9"),
            ("http://u:CANARY/1@127.0.0.1:9", "http://***@127.0.0.1:9"),
            ("http://u:CAN?ARY@h", "http://***@h"),
            ("http://u:CAN#ARY@h/p", "http://***@h/p"),
            ("https://u:p@ss:CANARY@gw.example.com/gw", "https://***@gw.example.com/gw"),
            ("https://CANARY@gw.example.com", "https://***@gw.example.com"),
            // With user info, a later `@` before a host ends the password (an unencoded `/`
            // in it); masking a path that happened to hold `@host` is the safe side.
            ("http://u:p@h:1/x@y", "http://***@y"),
            ("http://alice:Xy@Zq/7Pw@proxy.corp:3128", "http://***@proxy.corp:3128"),
            ("http://alice:Xy@Zq?7P#w@proxy.corp:3128/", "http://***@proxy.corp:3128/"),
            ("http://h:1/a@b", "http://h:1/a@b"),
            ("http://a@b@h?x", "http://***@h?x"),
            ("https://gw.example.com/v1", "https://gw.example.com/v1"),
            ("https://gw.example.com/m/claude@2025:rawPredict", "https://gw.example.com/m/claude@2025:rawPredict"),
            (
                "http://127.0.0.1:4000/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict",
                "http://127.0.0.1:4000/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict",
            ),
            (
                "http://u:CANARY@127.0.0.1:4000/v1/models/claude-sonnet-4-5@20250929:rawPredict",
                "http://***@127.0.0.1:4000/v1/models/claude-sonnet-4-5@20250929:rawPredict",
            ),
            ("http://u:CANARY@[::1]:8080/", "http://***@[::1]:8080/"),
            // A password with `/` before a host that is not one: still masked.
            ("http://user:CAN/ARY@proxy|corp:8080", "http://***@proxy|corp:8080"),
            ("https://gw/v1?api-key=CANARY&beta=true", "https://gw/v1?api-key=***&beta=true"),
            ("https://gw/x?X-Amz-Signature=CANARY#f", "https://gw/x?X-Amz-Signature=***#f"),
            ("https://gw/v1/messages?beta=true", "https://gw/v1/messages?beta=true"),
            ("", ""),
        ] {
            assert_eq!(mask_url_credentials(url), want, "{url}");
        }
    }

    #[test]
    fn secrets_and_urls_are_masked() {
        // A list of headers carries credentials (`Authorization=Bearer …`).
        for name in [
            "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
        ] {
            assert_eq!(kind(name), Kind::Secret, "{name}");
            assert!(!display_value(name, "Authorization=Bearer CANARY").contains("CANARY"));
        }
        assert!(!display_value("ANTHROPIC_API_KEY", "sk-ant-CANARY-0123456789").contains("CANARY"));
        assert!(!display_value("MY_GATEWAY_TOKEN", "CANARY-abcdefghijklmnop").contains("CANARY"));
        assert_eq!(
            display_value("HTTPS_PROXY", "http://u:CANARY@proxy:3128/"),
            "http://***@proxy:3128/"
        );
        // A password whose part before an unencoded `/` looks like a port, or is empty.
        for v in [
            "http://bob:2024/CANARY@proxy:3128",
            "http://bob:/CANARY@proxy:3128",
            "bob:2024/CANARY@proxy:3128",
            "http://bob:CANARY?x@proxy:3128",
        ] {
            let shown = display_value("https_proxy", v);
            assert!(
                !shown.contains("CANARY") && !shown.contains("2024"),
                "{v}: {shown}"
            );
            assert!(shown.ends_with("***@proxy:3128"), "{v}: {shown}");
        }
        assert_eq!(
            display_value("HTTP_PROXY", "http://proxy:3128"),
            "http://proxy:3128"
        );
        assert_eq!(display_value("AWS_REGION", "eu-west-1"), "eu-west-1");
        // No character of a secret without a fixed public prefix, however long.
        for (name, v, want) in [
            ("ANTHROPIC_API_KEY", "CANARY-secret-123", "*** (17 chars)"),
            (
                "ANTHROPIC_AUTH_TOKEN",
                "CANARY-gateway-token-0123456789",
                "*** (31 chars)",
            ),
            (
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "*** (40 chars)",
            ),
            (
                "ANTHROPIC_API_KEY",
                "sk-ant-api03-CANARY-0123456789",
                "sk-ant-api03-… (30 chars)",
            ),
            (
                "ANTHROPIC_MODEL",
                "sk-ant-api03-CANARY-0123456789",
                "sk-ant-api03-… (30 chars)",
            ),
        ] {
            assert_eq!(display_value(name, v), want, "{name}={v}");
        }
    }
}

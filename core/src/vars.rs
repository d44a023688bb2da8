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
    const SECRET_WORDS: [&str; 6] = [
        "KEY",
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSPHRASE",
        "CREDENTIAL",
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
        Plain => value.to_owned(),
        Secret => crate::secret::Secret::new(value).hint(),
        UrlWithCredentials => mask_url_credentials(value),
        ProxyUrl => mask_proxy_url(value),
        Command => mask_command(value),
    }
}

/// A command line with every part of it that is a credential masked, the rest kept so that it
/// still reads: a token [`credential_shape`](crate::secret::credential_shape) recognises (`echo
/// sk-ant-api03-…` → `echo sk-ant-api03-***`, keeping only its form's public prefix), what
/// `echo`/`printf` or a here-string print (a credential command's output is the credential:
/// `echo ghp_…` → `echo ***`; not a `printf` format, a flag, `$VAR`, nor a JSON document,
/// whose members are masked by name), the value of a JSON member, `NAME=`, `name:` or flag
/// whose name says it is secret (`"SecretAccessKey": "…"`, `TOKEN=…`, `--api-key …`; not
/// `--profile dev` nor `"AccessKeyId"`, see [`looks_secret`]; not the secret's name in
/// `--secret NAME` nor the mode in `--auth sso`), inside quotes up to the closing quote, after
/// `Authorization:` all but the scheme (`Authorization: Token ***`), the password of `-u
/// user:password`, URL passwords and secret query values. A shell variable (`$TOKEN`) is no
/// secret and stays. A heuristic for showing commands to a person; the command itself is run
/// unchanged.
pub fn mask_command(cmd: &str) -> String {
    Masker::run(cmd).0
}

/// Does [`mask_command`] hide something credential-like in `cmd` (a value with letters or
/// digits, not a `$VAR` or a `printf` directive)? Such a command is not copied into a file
/// that is shared (snippets); one whose masking hid nothing of the kind is.
pub fn command_hides_credential(cmd: &str) -> bool {
    Masker::run(cmd).1
}

/// What the next value is to become.
#[derive(Clone, Copy, PartialEq)]
enum Next {
    Shown,
    /// After a secret flag or name, `Bearer` or `Basic`. `auth`: after `Authorization:`, whose
    /// scheme word stays; `name_ok`: after `--secret` or `--auth`, whose bare-word value is a
    /// name or a mode, not a secret.
    Masked {
        auth: bool,
        name_ok: bool,
    },
    /// After `-u`/`--user`: `user:password`.
    UserPassword,
}

const MASKED: Next = Next::Masked {
    auth: false,
    name_ok: false,
};

/// Between the parts: spaces, quotes (`\"` too), and JSON and shell punctuation. `:` and `=`
/// are not (`name=value` and URLs are parts), nor `/`, `+`, `.`, `-`, `_` (in keys).
fn is_sep(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(
            b,
            b'"' | b'\'' | b'`' | b'\\' | b',' | b';' | b'{' | b'}' | b'[' | b']' | b'(' | b')'
        )
}

struct Masker<'a> {
    cmd: &'a str,
    b: &'a [u8],
    out: String,
    /// Something credential-like was hidden.
    hid: bool,
    /// The shell quote open at `quote_pos` (its byte and position), scanned so far.
    quote: Option<(u8, usize)>,
    quote_pos: usize,
}

impl<'a> Masker<'a> {
    fn run(cmd: &'a str) -> (String, bool) {
        let mut m = Masker {
            cmd,
            b: cmd.as_bytes(),
            out: String::with_capacity(cmd.len()),
            hid: false,
            quote: None,
            quote_pos: 0,
        };
        m.mask();
        (m.out, m.hid)
    }

    /// `value` as `***` (after its form's public prefix), noting whether it was credential-like.
    fn hide(&mut self, value: &str) {
        if credential_like(value) {
            self.hid = true;
        }
        self.out.push_str(&masked(value));
    }

    /// A part as shown when nothing names it secret ([`shown_part`]).
    fn show(&mut self, part: &str) {
        let shown = shown_part(part);
        if shown != part {
            self.hid = true;
        }
        self.out.push_str(&shown);
    }

    /// The shell quote (`'` or `"`, and where it opened) that `pos` is inside of.
    fn quote_at(&mut self, pos: usize) -> Option<(u8, usize)> {
        let b = self.b;
        while self.quote_pos < pos.min(b.len()) {
            let c = b[self.quote_pos];
            match self.quote {
                Some((b'\'', _)) => {
                    if c == b'\'' {
                        self.quote = None;
                    }
                }
                Some(_) | None if c == b'\\' => self.quote_pos += 1,
                Some(_) => {
                    if c == b'"' {
                        self.quote = None;
                    }
                }
                None => {
                    if matches!(c, b'\'' | b'"') {
                        self.quote = Some((c, self.quote_pos));
                    }
                }
            }
            self.quote_pos += 1;
        }
        self.quote
    }

    /// Where a secret value starting at `start` (a part ending at `part_end`) ends: at its
    /// closing quote when a quote opened right before it (`\"` ends at `\"`; `"` skips `\"`);
    /// inside a shell quote, at that quote's end (in a JSON document, at the member's end);
    /// else with the part. And whether it was quoted.
    fn value_end(&mut self, start: usize, part_end: usize) -> (usize, bool) {
        let b = self.b;
        let shell = self.quote_at(start);
        let prev = start.checked_sub(1).map(|k| b[k]);
        let escaped = start >= 2 && b[start - 2] == b'\\';
        let closing = |q: u8, json: bool| {
            let mut k = start;
            while k < b.len() {
                match b[k] {
                    b'\\' if q == b'"' => k += 1,
                    c if c == q => return k,
                    b',' | b'}' | b']' if json => return k,
                    _ => {}
                }
                k += 1;
            }
            b.len()
        };
        let end = match (prev, shell) {
            (Some(b'"'), _) if escaped => b[start..]
                .windows(2)
                .position(|w| w == b"\\\"")
                .map_or(b.len(), |e| start + e),
            (Some(q @ (b'"' | b'\'')), Some((s, _))) if q == s || (q == b'"' && s == b'\'') => {
                closing(q, false)
            }
            (_, Some((s, open))) => {
                let json = b[open + 1..start].iter().any(|c| matches!(c, b'{' | b'['));
                closing(s, json)
            }
            (_, None) => return (part_end, false),
        };
        (end.max(part_end), true)
    }

    /// Masks the secret value at `start` (see [`Masker::value_end`]); returns where it ends and
    /// whether the next part is secret too (`Authorization: Bearer` unquoted).
    fn mask_value(&mut self, start: usize, part_end: usize, next: Next) -> (usize, bool) {
        let (auth, name_ok) = match next {
            Next::Masked { auth, name_ok } => (auth, name_ok),
            _ => (false, false),
        };
        let (end, quoted) = self.value_end(start, part_end);
        let value = &self.cmd[start..end];
        if is_placeholder(value) || (name_ok && is_bare_name(value)) {
            self.out.push_str(value);
            return (end, false);
        }
        if !quoted && (is_auth_scheme(value) || (auth && is_known_scheme(value))) {
            self.out.push_str(value);
            return (end, true);
        }
        if auth || is_auth_scheme(value.split_whitespace().next().unwrap_or("")) {
            if let Some(ws) = value.find(|c: char| c.is_ascii_whitespace()) {
                let rest = value[ws..].trim_start();
                if is_scheme(&value[..ws]) && !rest.is_empty() {
                    self.out.push_str(&value[..value.len() - rest.len()]);
                    if is_placeholder(rest) {
                        self.out.push_str(rest);
                    } else {
                        self.hide(rest);
                    }
                    return (end, false);
                }
            }
        }
        self.hide(value);
        (end, false)
    }

    fn mask(&mut self) {
        let (cmd, b) = (self.cmd, self.b);
        let literals = printed_literals(cmd);
        let mut lit = 0;
        let mut next = Next::Shown;
        // The previous part named a secret: a `:` or `=` part after it makes the next value
        // secret (`"SecretAccessKey" : "…"`, split by quotes and spaces).
        let mut named = Next::Shown;
        let mut i = 0;
        while i < b.len() {
            // What `echo`/`printf` print: masked whole, from where it starts.
            while lit < literals.len() && literals[lit].1 <= i {
                lit += 1;
            }
            let lit_at = literals.get(lit).map_or(b.len(), |r| r.0.max(i));
            let sep_start = i;
            while i < lit_at && is_sep(b[i]) {
                i += 1;
            }
            let sep = &cmd[sep_start..i];
            self.out.push_str(sep);
            if i == lit_at && i < b.len() {
                let end = literals[lit].1;
                self.hide(&cmd[i..end]);
                i = end;
                lit += 1;
                next = Next::Shown;
                named = Next::Shown;
                continue;
            }
            if i == b.len() {
                break;
            }
            if sep.contains(['{', '[']) {
                // An object or array: its own members say what is secret.
                next = Next::Shown;
                named = Next::Shown;
            }
            let start = i;
            while i < lit_at && !is_sep(b[i]) {
                i += 1;
            }
            let part = &cmd[start..i];
            if next != Next::Shown && (sep.contains("''") || sep.contains("\"\"")) {
                // `--token ''`: the value was empty.
                next = Next::Shown;
            }
            if next != Next::Shown {
                if next == Next::UserPassword {
                    match part.split_once(':') {
                        Some((user, password)) if !is_placeholder(password) => {
                            self.out.push_str(user);
                            self.out.push(':');
                            self.hide(password);
                        }
                        _ => self.show(part),
                    }
                    next = Next::Shown;
                } else {
                    let (end, more) = self.mask_value(start, i, next);
                    i = end;
                    if !more {
                        next = Next::Shown;
                    }
                }
                named = Next::Shown;
                continue;
            }
            if matches!(part, ":" | "=") {
                next = named;
                named = Next::Shown;
                self.out.push_str(part);
                continue;
            }
            named = Next::Shown;
            if part.starts_with('$') || crate::secret::credential_shape(part).is_some() {
                self.show(part);
                continue;
            }
            let url_at = part.find("://").or_else(|| part.find('@'));
            let eq = part.find('=').filter(|e| url_at.is_none_or(|u| *e < u));
            let colon = part.find(':').filter(|_| url_at.is_none());
            if let Some(e) = eq.or(colon) {
                // `NAME=value`, `--flag=value`; `X-Api-Key:…`, `Authorization:`,
                // `SecretAccessKey:` (a header, YAML).
                let (name, value) = (&part[..e], &part[e + 1..]);
                self.out.push_str(&part[..=e]);
                let secret = secret_name(name, eq.is_none());
                if secret == Next::Shown {
                    self.show(value);
                } else if value.is_empty() {
                    next = secret;
                } else {
                    let (end, more) = self.mask_value(start + e + 1, i, secret);
                    i = end;
                    if more {
                        next = MASKED;
                    }
                }
                continue;
            }
            if url_at.is_some() {
                self.show(part);
                continue;
            }
            if part.starts_with('-') && matches!(part, "-u" | "--user" | "--proxy-user") {
                next = Next::UserPassword;
            } else if is_auth_scheme(part) {
                next = MASKED;
            } else if part.starts_with('-') {
                next = secret_name(part, false);
            } else {
                named = secret_name(part, true);
            }
            self.out.push_str(part);
        }
    }
}

/// How the value after `name` is shown: [`Next::Shown`] unless the name says it is secret
/// ([`looks_secret`]); `header`: a `name:` (`Authorization:` keeps its scheme word).
fn secret_name(name: &str, header: bool) -> Next {
    if !looks_secret(name) {
        return Next::Shown;
    }
    let n: String = name
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|c| char::from(c.to_ascii_lowercase()))
        .collect();
    Next::Masked {
        auth: header && n.ends_with("authorization"),
        // `gcloud secrets versions access --secret=NAME`, `helper --auth sso`.
        name_ok: name.starts_with('-') && matches!(n.as_str(), "secret" | "auth"),
    }
}

/// Byte ranges of `cmd` that `echo` and `printf` print literally (after `echo`'s flags and a
/// `printf` format that has a `%`; without the quotes that wrap a whole word), and here-strings
/// (`cat <<< …`): in a credential command that output is the credential. Not `$VAR`, `${…}`,
/// `$(…)`, nor a JSON document (its members are masked by name). A small shell lexer: quotes,
/// `\`, the operators that start a command (`;`, `&&`, `|`, `(`, newline, backquote) and
/// redirections; anything it does not know is left to the name rules.
fn printed_literals(cmd: &str) -> Vec<(usize, usize)> {
    #[derive(PartialEq)]
    enum Tok {
        Word(usize, usize),
        /// Ends a simple command.
        Sep,
        /// `>`, `<`, `>>`, `<<`: the next word is a file or a heredoc's delimiter.
        Redirect,
        HereString,
    }
    let b = cmd.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b' ' || c == b'\t' || c == b'\r' {
            i += 1;
        } else if matches!(c, b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'`') {
            toks.push(Tok::Sep);
            i += 1;
        } else if matches!(c, b'<' | b'>') {
            if b[i..].starts_with(b"<<<") {
                toks.push(Tok::HereString);
                i += 3;
            } else {
                toks.push(Tok::Redirect);
                while i < b.len() && matches!(b[i], b'<' | b'>' | b'&' | b'-') {
                    i += 1;
                }
            }
        } else {
            let start = i;
            while i < b.len() {
                match b[i] {
                    b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'`'
                    | b'<' | b'>' => break,
                    b'\\' => i += 2,
                    q @ (b'\'' | b'"') => {
                        i += 1;
                        while i < b.len() && b[i] != q {
                            i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                        }
                        i += 1;
                    }
                    _ => i += 1,
                }
            }
            i = i.min(b.len());
            // `2>&1`: a file descriptor, not a word.
            let fd = i < b.len()
                && matches!(b[i], b'<' | b'>')
                && b[start..i].iter().all(u8::is_ascii_digit);
            if !fd {
                toks.push(Tok::Word(start, i));
            }
        }
    }

    #[derive(PartialEq)]
    enum Cmd {
        /// At a command's first word.
        Start,
        Other,
        /// `sh`, `bash`…; `script`: after `-c`, the next word is a script.
        Shell {
            script: bool,
        },
        /// `echo`, still in its flags.
        Echo {
            flags: bool,
        },
        /// `printf`; `format`: its format is yet to come.
        Printf {
            format: bool,
            skip: bool,
        },
    }
    // A word without the quotes that wrap all of it (when its first quote closes at its end).
    let unwrapped = |start: usize, end: usize| {
        let wb = &b[start..end];
        if wb.len() >= 2 && matches!(wb[0], b'\'' | b'"') && wb[wb.len() - 1] == wb[0] {
            let q = wb[0];
            let mut k = 1;
            while k < wb.len() - 1 && wb[k] != q {
                k += if q == b'"' && wb[k] == b'\\' { 2 } else { 1 };
            }
            if k == wb.len() - 1 {
                return (start + 1, end - 1);
            }
        }
        (start, end)
    };
    let mut literals = Vec::new();
    // A JSON document is printed (`echo {"a": "b"}`, its words split by spaces): the words
    // after its start are its members.
    let mut json = false;
    let mut literal = |start: usize, end: usize, json: &mut bool| {
        let (s, e) = unwrapped(start, end);
        let inner = &cmd[s..e];
        if inner.trim_start().starts_with(['{', '[']) {
            *json = true;
        }
        // `echo Bearer …`: the scheme stays, as in a header.
        if !*json && !inner.trim().is_empty() && !is_placeholder(inner) && !is_auth_scheme(inner) {
            literals.push((s, e));
        }
    };
    let mut nested = Vec::new();
    let mut state = Cmd::Start;
    let mut redirect = false;
    let mut here = false;
    for t in toks {
        let (start, end) = match t {
            Tok::Sep => {
                state = Cmd::Start;
                json = false;
                redirect = false;
                here = false;
                continue;
            }
            Tok::Redirect => {
                redirect = true;
                continue;
            }
            Tok::HereString => {
                here = true;
                continue;
            }
            Tok::Word(s, e) => (s, e),
        };
        let w = &cmd[start..end];
        if std::mem::take(&mut here) {
            literal(start, end, &mut json);
            continue;
        }
        if std::mem::take(&mut redirect) {
            continue;
        }
        match &mut state {
            Cmd::Start => {
                let assignment = w.split_once('=').is_some_and(|(n, _)| {
                    !n.is_empty() && n.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
                });
                if assignment
                    || matches!(
                        w,
                        "then"
                            | "do"
                            | "else"
                            | "elif"
                            | "if"
                            | "while"
                            | "until"
                            | "!"
                            | "{"
                            | "time"
                            | "exec"
                            | "command"
                            | "builtin"
                            | "nohup"
                    )
                {
                    continue;
                }
                let name = w.rsplit('/').next().unwrap_or(w);
                state = match name {
                    "echo" => Cmd::Echo { flags: true },
                    "printf" => Cmd::Printf {
                        format: true,
                        skip: false,
                    },
                    "sh" | "bash" | "zsh" | "dash" | "ksh" => Cmd::Shell { script: false },
                    _ => Cmd::Other,
                };
            }
            Cmd::Other => {}
            Cmd::Shell { script } => {
                if std::mem::take(script) {
                    // `sh -c 'echo …'`: what the script prints.
                    let (s, e) = unwrapped(start, end);
                    nested.extend(
                        printed_literals(&cmd[s..e])
                            .into_iter()
                            .map(|(a, z)| (s + a, s + z)),
                    );
                    state = Cmd::Other;
                } else if w.len() > 1
                    && w.starts_with('-')
                    && !w.starts_with("--")
                    && w.ends_with('c')
                {
                    *script = true;
                }
            }
            Cmd::Echo { flags } => {
                if *flags
                    && w.len() > 1
                    && w.starts_with('-')
                    && w[1..].bytes().all(|c| matches!(c, b'n' | b'e' | b'E'))
                {
                    continue;
                }
                *flags = false;
                literal(start, end, &mut json);
            }
            Cmd::Printf { format, skip } => {
                if std::mem::take(skip) {
                    continue;
                }
                if *format {
                    match w {
                        "--" => continue,
                        // `-v NAME`: printed into a variable.
                        "-v" => {
                            *skip = true;
                            continue;
                        }
                        _ => {}
                    }
                    *format = false;
                    if w.contains('%') {
                        continue;
                    }
                }
                literal(start, end, &mut json);
            }
        }
    }
    literals.extend(nested);
    literals.sort_unstable();
    literals
}

/// A value that stands for one given elsewhere: `$VAR`, `${…}`, `$(…)` and `printf`
/// directives (`%s`), with nothing else but punctuation.
fn is_placeholder(value: &str) -> bool {
    let b = value.trim().as_bytes();
    if !matches!(b.first(), Some(b'$' | b'%')) {
        return false;
    }
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'$' => {
                k += 1;
                match b.get(k) {
                    Some(&open @ (b'{' | b'(')) => {
                        let close = if open == b'{' { b'}' } else { b')' };
                        let mut depth = 0usize;
                        while k < b.len() {
                            if b[k] == open {
                                depth += 1;
                            } else if b[k] == close {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            k += 1;
                        }
                        k += 1;
                    }
                    _ => {
                        while k < b.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'_') {
                            k += 1;
                        }
                    }
                }
            }
            b'%' => {
                k += 1;
                while k < b.len() && matches!(b[k], b'-' | b'+' | b' ' | b'#' | b'0'..=b'9' | b'.')
                {
                    k += 1;
                }
                k += 1;
            }
            c if c.is_ascii_alphanumeric() || c >= 0x80 => return false,
            _ => k += 1,
        }
    }
    true
}

/// What masking hid is credential-like: it has letters or digits and is not a placeholder.
fn credential_like(value: &str) -> bool {
    value.chars().any(char::is_alphanumeric) && !is_placeholder(value)
}

/// A name or a mode, not a secret (`anthropic-api-key`, `prod/claude`, `sso`): letters,
/// digits, `-`, `_`, `.`, `/`, no credential's shape, not random-looking (upper and lower case
/// and digits all, or 20 characters without a separator).
fn is_bare_name(value: &str) -> bool {
    let b = value.as_bytes();
    let has = |f: fn(&u8) -> bool| b.iter().any(f);
    !b.is_empty()
        && b.len() <= 100
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'/'))
        && !(has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase) && has(u8::is_ascii_digit))
        && (b.len() < 20 || has(|c| matches!(c, b'-' | b'_' | b'.' | b'/')))
        && crate::secret::credential_shape(value).is_none()
}

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

/// `Bearer` or `Basic`: the credential follows.
fn is_auth_scheme(part: &str) -> bool {
    part.eq_ignore_ascii_case("bearer") || part.eq_ignore_ascii_case("basic")
}

/// An `Authorization` scheme word (`Bearer`, `Token`, `ApiKey`, `SSWS`, `AWS4-HMAC-SHA256`…):
/// a letter, then letters, digits or `-`, short, without a credential's shape.
fn is_scheme(word: &str) -> bool {
    let b = word.as_bytes();
    (1..=24).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && crate::secret::credential_shape(word).is_none()
}

/// A scheme word that may stand alone, unquoted, before its credential.
fn is_known_scheme(word: &str) -> bool {
    [
        "bearer",
        "basic",
        "token",
        "apikey",
        "api-key",
        "ssws",
        "digest",
        "negotiate",
        "ntlm",
        "oauth",
        "dpop",
        "aws4-hmac-sha256",
    ]
    .iter()
    .any(|s| word.eq_ignore_ascii_case(s))
}

/// A part of a command as shown when nothing names it secret: masked when it has a credential's
/// shape, URL passwords masked, else as it is.
fn shown_part(part: &str) -> String {
    if part.starts_with('$') {
        part.to_owned()
    } else if crate::secret::credential_shape(part).is_some() {
        masked(part)
    } else if part.contains('@') || part.contains("://") {
        mask_url_credentials(part)
    } else {
        part.to_owned()
    }
}

/// A secret part of a command: `***`, after the public prefix of its form when it has one
/// (`sk-ant-api03-***`, `ASIA***`).
fn masked(value: &str) -> String {
    match crate::secret::public_prefix(value) {
        Some(prefix) => format!("{prefix}***"),
        None => "***".to_owned(),
    }
}

/// A flag, variable or member name that names a secret (`token`, `api-key`, `PASSWORD`,
/// `SecretAccessKey`, `auth`…), any case and separators; not one that names something about
/// a secret that is not the secret itself: an identifier (`AccessKeyId`, `--secret-id`), a
/// name, file, path, URL, type, lifetime… (`--key-file`, `token_url`, `auth-type`).
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
    SECRET.iter().any(|w| n.contains(w)) && !ABOUT.iter().any(|s| n.ends_with(s))
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
    let start = value.find("://").map_or(0, |i| i + 3);
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

fn mask_userinfo(value: &str) -> String {
    // Byte scans: a `str` pattern search costs more to set up than these short values take.
    let start = value
        .as_bytes()
        .windows(3)
        .position(|w| w == b"://")
        .map_or(0, |i| i + 3);
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
    if !is_host(rest) {
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

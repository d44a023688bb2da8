//! Showing a credential command (`apiKeyHelper`, `awsCredentialExport`, …) to a person with
//! every part of it that is a credential masked: a small shell-aware scan of the command line.
//! The runtime always runs the command as written.

use super::{looks_secret, mask_url_credentials};

/// A command line with every part of it that is a credential masked, the rest kept so that it
/// still reads: a token [`credential_shape`](crate::secret::credential_shape) recognises (`echo
/// sk-ant-api03-…` → `echo sk-ant-api03-***`, keeping only its form's public prefix), what
/// `echo`/`printf` or a here-string print (a credential command's output is the credential:
/// `echo ghp_…` → `echo ***`; not a `printf` format, a flag, `$VAR`, nor a JSON document,
/// whose members are masked by name), the value of a JSON member, `NAME=`, `name:` or flag
/// whose name says it is secret (`"SecretAccessKey": "…"`, `TOKEN=…`, `--api-key …`; not
/// `--profile dev` nor `"AccessKeyId"`, see [`looks_secret`]; not the secret's name in
/// `gcloud secrets … --secret NAME` nor the mode in `--auth sso`; elsewhere `--secret VALUE`
/// is the secret), inside quotes up to the closing quote, after
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
    /// The command works on named secrets (a whole word `secrets`: `gcloud secrets versions
    /// access --secret=NAME`): a bare name after `--secret` is the secret's name, not the
    /// secret. Not a path that contains the word (`~/.secrets/get-key --secret VALUE`).
    names_secrets: bool,
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
            names_secrets: cmd
                .split(|c: char| c.is_ascii_whitespace())
                .any(|w| w.eq_ignore_ascii_case("secrets")),
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
            // What the shell joins to it is literal (`$A'secret x'`, `$'…'`).
            self.out.push_str(value);
            return (self.hide_word_rest(end), false);
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
                        return (end, false);
                    }
                    self.hide(rest);
                    return (self.hide_word_rest(end), false);
                }
            }
        }
        self.hide(value);
        (self.hide_word_rest(end), false)
    }

    /// A masked value ended at `end`, but the shell word it is part of may go on past a quote
    /// (`--token=abc'def ghi'`, `'… --key='abc`: the shell joins them into one argument):
    /// masks the rest of that word, keeping its quote characters, and returns where it ends.
    /// Only from a quote that ends the value's shell quote or starts right after an unquoted
    /// value; not a JSON member's end (`echo {"password": "…"}`, where the shell's quote is
    /// the member's, followed by `,`, `}`, `]` or `:`).
    fn hide_word_rest(&mut self, end: usize) -> usize {
        let b = self.b;
        let shell = self.quote_at(end);
        let continues = match (b.get(end), shell) {
            (Some(&q), Some((s, _))) => {
                q == s && !matches!(b.get(end + 1), Some(b',' | b'}' | b']' | b':'))
            }
            (Some(b'\\' | b'\'' | b'"'), None) => true,
            _ => false,
        };
        if !continues {
            return end;
        }
        let mut quote = shell.map(|(s, _)| s);
        let (mut k, mut run) = (end, end);
        while k < b.len() {
            let c = b[k];
            match quote {
                // An escaped character is part of the run that is masked.
                Some(b'"') | None if c == b'\\' => {
                    k += 2;
                    continue;
                }
                Some(q) if c == q => quote = None,
                None if matches!(c, b'\'' | b'"') => quote = Some(c),
                None if c.is_ascii_whitespace() || b";|&<>()".contains(&c) => break,
                _ => {
                    k += 1;
                    continue;
                }
            }
            // A quote: what ran before it is masked, the quote itself kept.
            if run < k {
                self.hide(&self.cmd[run..k]);
            }
            self.out.push(c as char);
            k += 1;
            run = k;
        }
        let k = k.min(b.len());
        if run < k {
            self.hide(&self.cmd[run..k]);
        }
        k
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
                            i = self.hide_word_rest(i);
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
                let secret = secret_name(name, eq.is_none(), self.names_secrets);
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
                next = secret_name(part, false, self.names_secrets);
            } else {
                named = secret_name(part, true, self.names_secrets);
            }
            self.out.push_str(part);
        }
    }
}

/// How the value after `name` is shown: [`Next::Shown`] unless the name says it is secret
/// ([`looks_secret`]); `header`: a `name:` (`Authorization:` keeps its scheme word);
/// `names_secrets`: the command works on named secrets (see [`Masker::names_secrets`]).
fn secret_name(name: &str, header: bool, names_secrets: bool) -> Next {
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
        // `gcloud secrets versions access --secret=NAME`, `helper --auth sso`; but
        // `helper --secret=VALUE` (not a `secrets` command) passes the secret itself.
        name_ok: name.starts_with('-') && (n == "auth" || (n == "secret" && names_secrets)),
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

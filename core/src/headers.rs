//! `ANTHROPIC_CUSTOM_HEADERS` parsing and header-value checks, as Claude Code does them.
//!
//! Claude Code splits the variable on `\r?\n`; each line is `Name: value` (name before the
//! first `:`, both trimmed). Lines without a `:` or with an empty name are dropped silently.
//! Before sending, it refuses a value holding a line break, a NUL or a character above
//! U+00FF, with a message that counts the header and the character position but never
//! repeats the value (values are often credentials). Every message built here keeps that
//! promise: it may name a header, a line number, a position and a code point, never a value.

use crate::problem::{Code, Problem};

const VAR: &str = "ANTHROPIC_CUSTOM_HEADERS";
const CUSTOM_PREFIX: &str = "Invalid ANTHROPIC_CUSTOM_HEADERS · Fix the environment variable";

/// The outcome of parsing `ANTHROPIC_CUSTOM_HEADERS`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomHeaders {
    /// `(name, value)` pairs in order, names as written. One entry per distinct name
    /// (case-insensitive; a later line's value wins, at the first line's position).
    /// Entries with an invalid name or value are left out: they come back as errors.
    pub headers: Vec<(String, String)>,
    /// Problems: dropped lines (warning), invalid names/values (error).
    pub problems: Vec<Problem>,
}

/// One `Name: value` line before dedup.
struct Entry {
    name: String,
    value: String,
    line: usize,
}

/// The distinct names seen so far, for one lookup per line (a scan of them made 50k lines
/// quadratic): open addressing over indices into the entries, by a hash of the name in ASCII
/// lower case, as `eq_ignore_ascii_case` compares names. (A `BTreeMap` of lower-cased names
/// did the same with more code in the .wasm.)
struct NameIndex {
    /// `0` is empty, else `1 +` an index into the entries. A power of two, at least twice the
    /// number of lines, so at most half full.
    slots: Vec<usize>,
}

impl NameIndex {
    fn new(lines: usize) -> Self {
        Self {
            slots: vec![0; lines.saturating_mul(2).next_power_of_two().max(8)],
        }
    }

    /// `Ok(index)` of the entry named `name` (any ASCII case), else `Err(slot)` where it goes.
    fn find(&self, name: &str, entries: &[Entry]) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        // FNV-1a.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
        });
        let mut i = hash as usize & mask;
        loop {
            match self.slots[i] {
                0 => return Err(i),
                s if entries[s - 1].name.eq_ignore_ascii_case(name) => return Ok(s - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// Parses the variable's raw value.
pub fn parse_custom_headers(raw: &str) -> CustomHeaders {
    let mut out = CustomHeaders::default();
    let mut distinct: Vec<Entry> = Vec::new();
    let mut index = NameIndex::new(memchr::memchr_iter(b'\n', raw.as_bytes()).count() + 1);
    for (idx, line) in raw.split('\n').enumerate() {
        let line_no = idx + 1;
        // `\r?\n`: a CR is part of the separator only right before the LF.
        let line = line.strip_suffix('\r').unwrap_or(line);
        if js_trim(line).is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            out.problems.push(dropped(
                line_no,
                "has no `:`",
                "Write each header as `Name: value` on its own line.",
            ));
            continue;
        };
        let (name, value) = (js_trim(name), js_trim(value));
        if name.is_empty() {
            out.problems.push(dropped(
                line_no,
                "has nothing before its `:`",
                "Put the header name before the `:`, as in `X-Team-Id: 42`.",
            ));
            continue;
        }
        if value.contains("\\n") {
            // A shell `export VAR='A: 1\nB: 2'` keeps the backslash: B is never its own header.
            out.problems.push(
                Problem::warning(
                    Code::CustomHeaderDropped,
                    format!("Line {line_no} of ANTHROPIC_CUSTOM_HEADERS has a literal `\\n` in its value: the text after it is sent inside that value, not as another header."),
                    "Separate headers with real line breaks: in a shell use $'A: 1\\nB: 2' or a multi-line string; in settings.json `\\n` inside the JSON string is right.",
                )
                .with_var(VAR),
            );
        }
        if let Some(pos) = comma_joined_header(value) {
            // `X-Team: a, X-Env: b` is one header, X-Team, whose value runs to the end. The
            // position counts from the start of the line (the value is a slice of it).
            let offset = value.as_ptr() as usize - line.as_ptr() as usize;
            let column = line[..offset].chars().count() + pos;
            out.problems.push(
                Problem::warning(
                    Code::CustomHeaderDropped,
                    format!("Line {line_no} of ANTHROPIC_CUSTOM_HEADERS looks like several `Name: value` headers joined by a comma (the comma at character {column} of the line): Claude Code takes one header per line, so it sends only the line's first header, with the rest of the line as its value."),
                    "Put each header on its own line, for example in settings.json \"ANTHROPIC_CUSTOM_HEADERS\": \"X-Team: a\\nX-Env: b\", in a shell $'X-Team: a\\nX-Env: b'. If the comma belongs to the value, leave it.",
                )
                .with_var(VAR),
            );
        }
        match index.find(name, &distinct) {
            Ok(i) => {
                let prev = &mut distinct[i];
                out.problems.push(
                    Problem::warning(
                        Code::CustomHeaderDropped,
                        format!(
                            "Line {line_no} of ANTHROPIC_CUSTOM_HEADERS sets a header already set on line {}; only the value from line {line_no} is sent.",
                            prev.line
                        ),
                        "Keep one line per header name.",
                    )
                    .with_var(VAR),
                );
                prev.value = value.to_owned();
                prev.line = line_no;
                continue;
            }
            Err(slot) => index.slots[slot] = distinct.len() + 1,
        }
        distinct.push(Entry {
            name: name.to_owned(),
            value: value.to_owned(),
            line: line_no,
        });
    }

    let n = distinct.len();
    for (i, e) in distinct.into_iter().enumerate() {
        let what = format!(
            "distinct header {} of {n} parsed from ANTHROPIC_CUSTOM_HEADERS",
            i + 1
        );
        if let Some(bad) = find_bad_name_char(&e.name) {
            out.problems.push(custom_invalid(
                format!("Invalid name for {what}: {}", bad.describe(&e.name)),
                bad.help(),
            ));
        } else if let Some(bad) = find_bad_value_char(&e.value) {
            out.problems.push(custom_invalid(
                format!("Invalid value for {what}: {}", bad.describe(&e.value)),
                bad.help(),
            ));
        } else {
            out.headers.push((e.name, e.value));
        }
    }
    out
}

/// Where, in a header value, a comma starts what looks like another `Name: value` pair: a
/// comma, spaces, a name (a letter, then letters, digits and hyphens) and a `:` followed by a
/// space or tab (so `a, b` lists, `Mon, 10:30` and `a, http://x` are not). 1-based, in
/// characters.
fn comma_joined_header(value: &str) -> Option<usize> {
    comma_joined_at(value).map(|(comma, _)| value[..comma].chars().count() + 1)
}

/// [`comma_joined_header`] in bytes: the comma's index and the index after the joined
/// header's `:`.
pub(crate) fn comma_joined_at(value: &str) -> Option<(usize, usize)> {
    let b = value.as_bytes();
    for (i, _) in value.match_indices(',') {
        let mut j = i + 1;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            j += 1;
        }
        let start = j;
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j > start && b.get(j) == Some(&b':') && matches!(b.get(j + 1), Some(b' ' | b'\t')) {
            return Some((i, j + 1));
        }
    }
    None
}

fn dropped(line_no: usize, why: &str, help: &str) -> Problem {
    Problem::warning(
        Code::CustomHeaderDropped,
        format!(
            "Line {line_no} of ANTHROPIC_CUSTOM_HEADERS {why}, so Claude Code silently drops it."
        ),
        help,
    )
    .with_var(VAR)
}

fn custom_invalid(detail: String, help: String) -> Problem {
    Problem::error(
        Code::CustomHeadersInvalid,
        format!("{CUSTOM_PREFIX} · {detail}."),
        format!("Rewrite that `Name: value` pair in ANTHROPIC_CUSTOM_HEADERS, retyping it rather than pasting it again. {help}"),
    )
    .with_var(VAR)
}

/// Checks a value about to be sent as header `name`, with Claude Code's rule (no line break,
/// NUL or character above U+00FF; other control characters are refused by Node's HTTP stack).
/// The problem names the header and the position, never the value.
pub fn check_header_value(name: &str, value: &str) -> Result<(), Problem> {
    match find_bad_value_char(value) {
        None => Ok(()),
        Some(bad) => Err(Problem::error(
            Code::HeaderValueInvalid,
            format!("Invalid {name} header value: {}.", bad.describe(value)),
            format!(
                "Retype the value rather than pasting it again. {}",
                bad.help()
            ),
        )),
    }
}

/// [`check_header_value`] for a value copied from variable `env_var`, with the message Claude
/// Code prints for that kind of variable:
/// `Invalid auth token · Fix external auth token · Invalid Authorization header value from
/// ANTHROPIC_AUTH_TOKEN: it contains a line break at character 41 (120 characters on 2 lines).`
pub fn check_env_header_value(name: &str, value: &str, env_var: &str) -> Result<(), Problem> {
    let Some(bad) = find_bad_value_char(value) else {
        return Ok(());
    };
    let prefix = if name.eq_ignore_ascii_case("authorization") {
        "Invalid auth token · Fix external auth token"
    } else if name.eq_ignore_ascii_case("x-api-key") {
        "Invalid API key · Fix external API key"
    } else {
        "Invalid request header from the environment · Fix the environment variable"
    };
    Err(Problem::error(
        Code::HeaderValueInvalid,
        format!(
            "{prefix} · Invalid {name} header value from {env_var}: {}.",
            bad.describe(value)
        ),
        format!(
            "Set {env_var} again, retyping the characters around that position rather than pasting from the same source. {}",
            bad.help()
        ),
    )
    .with_var(env_var))
}

/// [`check_header_value`] for a credential the runtime supplied rather than a variable (a
/// Google or Entra ID token, AWS credentials from a profile or SSO): `what` names it (never its
/// value) and `help` says where it comes from. Claude Code's HTTP client would refuse the
/// same value only when sending it (fetch: "Cannot convert argument to a ByteString").
pub fn check_runtime_header_value(
    header: &str,
    value: &str,
    what: &str,
    help: &str,
) -> Result<(), Problem> {
    let Some(bad) = find_bad_value_char(value) else {
        return Ok(());
    };
    Err(Problem::error(
        Code::HeaderValueInvalid,
        format!(
            "Invalid {header} header value from {what}: {}.",
            bad.describe(value)
        ),
        format!("{help} {}", bad.help()),
    ))
}

/// Does a header named `name` carry a credential? Judged by its whole `-`/`_`-separated words
/// (case-insensitive), not substrings: `Authorization`, `Proxy-Authorization`, `X-Api-Key`,
/// `api_key`, `X-Auth-Token`, `Cookie`, `X-Client-Secret`, `Ocp-Apim-Subscription-Key`… are;
/// `X-Portkey-Provider` and `X-Author` are not.
pub fn is_credential_header_name(name: &str) -> bool {
    const WORDS: [&str; 12] = [
        "authorization",
        "apikey",
        "token",
        "secret",
        "cookie",
        "password",
        "passwd",
        "credential",
        "credentials",
        "bearer",
        "jwt",
        "signature",
    ];
    // `key` after one of these words: `api-key`, `access-key`, `subscription-key`…
    const KEY_AFTER: [&str; 7] = [
        "api",
        "access",
        "auth",
        "client",
        "private",
        "secret",
        "subscription",
    ];
    let lower = name.trim().to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['-', '_']).collect();
    words.iter().enumerate().any(|(i, w)| {
        WORDS.contains(w)
            || (*w == "key" && (words.len() == 1 || i > 0 && KEY_AFTER.contains(&words[i - 1])))
    })
}

/// Is `name` an HTTP token (`^[!#$%&'*+.^_`|~0-9A-Za-z-]+$`)?
pub fn is_valid_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(is_tchar)
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+.^_`|~-".contains(c)
}

/// The first character a header can't carry, with its 1-based position.
struct BadChar {
    ch: char,
    /// 1-based, in characters.
    pos: usize,
    in_name: bool,
}

impl BadChar {
    /// `it contains a typographic quote (U+201C) at character 1 (8 characters)`.
    fn describe(&self, text: &str) -> String {
        let len = text.chars().count();
        let what = match named_char(self.ch) {
            Some(n) => format!("{n} (U+{:04X})", self.ch as u32),
            None if self.ch == '\r' || self.ch == '\n' => "a line break".to_owned(),
            None if self.ch == '\0' => "a NUL byte".to_owned(),
            None if self.ch == ' ' => "a space".to_owned(),
            None if (self.ch as u32) < 0x20 || self.ch == '\u{7f}' => {
                format!("a control character (U+{:04X})", self.ch as u32)
            }
            None if self.in_name && self.ch.is_ascii() => {
                format!(
                    "a character not allowed in a header name (U+{:04X})",
                    self.ch as u32
                )
            }
            // Claude Code names only well-known characters; everything else is this.
            None => "a non-ASCII character".to_owned(),
        };
        let lines = line_count(text);
        if lines > 1 {
            format!(
                "it contains {what} at character {} ({len} characters on {lines} lines)",
                self.pos
            )
        } else {
            format!(
                "it contains {what} at character {} ({len} characters)",
                self.pos
            )
        }
    }

    /// The code point, for the generic descriptions that don't show it.
    fn help(&self) -> String {
        format!(
            "The character at position {} is U+{:04X}.",
            self.pos, self.ch as u32
        )
    }
}

fn find_bad_name_char(name: &str) -> Option<BadChar> {
    name.chars()
        .enumerate()
        .find(|(_, c)| !is_tchar(*c))
        .map(|(i, ch)| BadChar {
            ch,
            pos: i + 1,
            in_name: true,
        })
}

fn find_bad_value_char(value: &str) -> Option<BadChar> {
    // Allowed on the wire: TAB, printable ASCII and U+0080..=U+00FF (Latin-1 as bytes).
    value
        .chars()
        .enumerate()
        .find(|(_, c)| {
            let c = *c as u32;
            !(c == 0x09 || (0x20..=0x7e).contains(&c) || (0x80..=0xff).contains(&c))
        })
        .map(|(i, ch)| BadChar {
            ch,
            pos: i + 1,
            in_name: false,
        })
}

/// Characters Claude Code names instead of calling them "a non-ASCII character".
fn named_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => "a typographic quote",
        '\u{FEFF}' => "a byte-order mark",
        '\u{200B}' => "a zero-width space",
        '\u{200C}' => "a zero-width non-joiner",
        '\u{200D}' => "a zero-width joiner",
        '\u{2060}' => "a word joiner",
        _ => return None,
    })
}

fn line_count(text: &str) -> usize {
    // `\r\n`, `\r` and `\n` each end one line.
    1 + text.replace("\r\n", "\n").matches(['\r', '\n']).count()
}

/// JavaScript's `String.prototype.trim`: its whitespace set differs from Rust's (U+FEFF yes,
/// U+0085 no), and Claude Code trims with it.
fn js_trim(s: &str) -> &str {
    s.trim_matches(|c: char| match c {
        '\u{FEFF}' => true,
        '\u{85}' => false,
        c => c.is_whitespace(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Severity;

    const CANARY: &str = "sk-CANARY-7f3a9";

    fn texts(p: &[Problem]) -> String {
        p.iter()
            .map(|p| format!("{}|{}|{:?}|{:?}", p.message, p.help, p.env_var, p.file))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn parses_the_gateway_capture() {
        let h = parse_custom_headers("X-Team-Id: team-42\nX-Request-Source: cc-oracle");
        assert_eq!(
            h.headers,
            vec![
                ("X-Team-Id".to_owned(), "team-42".to_owned()),
                ("X-Request-Source".to_owned(), "cc-oracle".to_owned())
            ]
        );
        assert!(h.problems.is_empty());
    }

    #[test]
    fn splits_on_crlf_and_trims_and_splits_on_first_colon() {
        let h = parse_custom_headers("  A :  x:y:z  \r\nB:\r\n\r\n   \nC:v");
        assert_eq!(
            h.headers,
            vec![
                ("A".to_owned(), "x:y:z".to_owned()),
                ("B".to_owned(), String::new()),
                ("C".to_owned(), "v".to_owned())
            ]
        );
        assert!(h.problems.is_empty(), "{:?}", h.problems);
    }

    #[test]
    fn js_trim_matches_javascript() {
        assert_eq!(js_trim("\u{FEFF}\u{A0} a \t"), "a");
        assert_eq!(js_trim("\u{85}a"), "\u{85}a");
    }

    #[test]
    fn lines_without_colon_or_name_are_dropped_with_line_number_not_value() {
        let h = parse_custom_headers(&format!("X-A: 1\n{CANARY}\n: {CANARY}\nX-B: 2"));
        assert_eq!(h.headers.len(), 2);
        assert_eq!(h.problems.len(), 2);
        assert!(h.problems[0].message.contains("Line 2"));
        assert!(h.problems[1].message.contains("Line 3"));
        for p in &h.problems {
            assert_eq!(p.code, Code::CustomHeaderDropped);
            assert_eq!(p.severity, Severity::Warning);
            assert_eq!(p.env_var.as_deref(), Some(VAR));
        }
        assert!(!texts(&h.problems).contains("CANARY"));
    }

    #[test]
    fn typographic_quote_gives_claude_codes_exact_message() {
        let h = parse_custom_headers("X-Quote: \u{201C}quoted\u{201D}");
        assert!(h.headers.is_empty());
        assert_eq!(h.problems.len(), 1);
        let p = &h.problems[0];
        assert_eq!(p.code, Code::CustomHeadersInvalid);
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.env_var.as_deref(), Some(VAR));
        assert_eq!(
            p.message,
            "Invalid ANTHROPIC_CUSTOM_HEADERS · Fix the environment variable · Invalid value for distinct header 1 of 1 parsed from ANTHROPIC_CUSTOM_HEADERS: it contains a typographic quote (U+201C) at character 1 (8 characters)."
        );
    }

    #[test]
    fn counts_distinct_headers_and_positions() {
        let h = parse_custom_headers("A: ok\nB: ok\nC: ab\u{4E2D}c");
        assert_eq!(h.headers.len(), 2);
        assert_eq!(h.problems.len(), 1);
        assert!(h.problems[0].message.ends_with(
            "Invalid value for distinct header 3 of 3 parsed from ANTHROPIC_CUSTOM_HEADERS: it contains a non-ASCII character at character 3 (4 characters)."
        ));
        assert!(h.problems[0].help.contains("U+4E2D"));
    }

    #[test]
    fn latin1_and_tab_are_allowed_other_controls_are_not() {
        assert!(parse_custom_headers("A: caf\u{E9}\tx").problems.is_empty());
        for (v, what) in [
            (
                "a\rb",
                "a line break at character 2 (3 characters on 2 lines)",
            ),
            ("a\0b", "a NUL byte at character 2 (3 characters)"),
            ("a\u{1}b", "a control character (U+0001)"),
            ("\u{FEFF}x", "a byte-order mark (U+FEFF)"),
            ("x\u{200B}", "a zero-width space (U+200B) at character 2"),
        ] {
            let p = check_header_value("X", v).unwrap_err();
            assert!(p.message.contains(what), "{v:?}: {}", p.message);
        }
    }

    #[test]
    fn lone_cr_inside_a_line_is_a_line_break_in_the_value() {
        let h = parse_custom_headers("A: x\ry\r\nB: z");
        assert_eq!(h.headers, vec![("B".to_owned(), "z".to_owned())]);
        assert!(h.problems[0].message.contains("distinct header 1 of 2"));
        assert!(h.problems[0]
            .message
            .contains("a line break at character 2"));
    }

    #[test]
    fn invalid_names_are_errors() {
        let h = parse_custom_headers("X Team: 1\nX-\u{201C}: 2\nOk: 3");
        assert_eq!(h.headers, vec![("Ok".to_owned(), "3".to_owned())]);
        assert_eq!(h.problems.len(), 2);
        assert!(h.problems[0]
            .message
            .contains("Invalid name for distinct header 1 of 3 parsed from ANTHROPIC_CUSTOM_HEADERS: it contains a space at character 2 (6 characters)."));
        assert!(h.problems[1]
            .message
            .contains("a typographic quote (U+201C) at character 3"));
        assert!(is_valid_header_name("x-amz-!#$%&'*+.^_`|~"));
        assert!(!is_valid_header_name(""));
        assert!(!is_valid_header_name("a(b)"));
    }

    #[test]
    fn duplicate_names_keep_last_value_and_warn() {
        let h = parse_custom_headers("X-A: 1\nx-a: 2\nX-B: 3");
        assert_eq!(
            h.headers,
            vec![
                ("X-A".to_owned(), "2".to_owned()),
                ("X-B".to_owned(), "3".to_owned())
            ]
        );
        assert_eq!(h.problems.len(), 1);
        assert!(h.problems[0].message.contains("line 1"));
        // Distinct count sees 2 headers.
        let bad = parse_custom_headers("X-A: 1\nx-a: \u{2019}\nX-B: 3");
        assert!(bad.problems[1].message.contains("distinct header 1 of 2"));
    }

    #[test]
    fn literal_backslash_n_is_flagged() {
        let h = parse_custom_headers(&format!("X-A: {CANARY}\\nX-B: 2"));
        assert_eq!(h.headers.len(), 1);
        assert_eq!(h.problems.len(), 1);
        assert!(h.problems[0].message.contains("literal `\\n`"));
        assert!(!texts(&h.problems).contains("CANARY"));
    }

    #[test]
    fn credential_header_names_are_matched_by_whole_words() {
        for name in [
            "Authorization",
            "proxy-authorization",
            "x-api-key",
            "api-key",
            "API_KEY",
            "apikey",
            "X-Auth-Token",
            "Cookie",
            "x-client-secret",
            "Ocp-Apim-Subscription-Key",
            "x-portkey-api-key",
            "key",
        ] {
            assert!(is_credential_header_name(name), "{name}");
        }
        for name in [
            "x-portkey-provider",
            "X-Author",
            "x-team",
            "x-monkey",
            "x-cache-key",
            "x-tokens-budget",
            "anthropic-beta",
        ] {
            assert!(!is_credential_header_name(name), "{name}");
        }
    }

    #[test]
    fn comma_joined_headers_are_flagged_and_comma_lists_are_not() {
        let h = parse_custom_headers(&format!("X-Team: {CANARY}, X-Env: {CANARY}"));
        assert_eq!(
            h.headers.len(),
            1,
            "still one header, as Claude Code sends it"
        );
        assert_eq!(h.problems.len(), 1, "{}", texts(&h.problems));
        let p = &h.problems[0];
        assert_eq!(
            (p.code, p.severity),
            (Code::CustomHeaderDropped, Severity::Warning)
        );
        assert!(
            p.message.contains("Line 1")
                && p.message.contains("the comma at character 24 of the line"),
            "{}",
            p.message
        );
        assert!(
            p.help
                .contains(r#""ANTHROPIC_CUSTOM_HEADERS": "X-Team: a\nX-Env: b""#),
            "{}",
            p.help
        );
        assert!(!texts(&h.problems).contains("CANARY"));
        assert_eq!(parse_custom_headers("A: 1,B: 2").problems.len(), 1);
        // Counted in the line, as a person counts it: `X-Team: a,` has its comma at 10.
        let second = parse_custom_headers("X-Id: 1\n  X-Team: a, X-Env: b");
        assert!(
            second.problems[0]
                .message
                .contains("Line 2 of ANTHROPIC_CUSTOM_HEADERS looks like several `Name: value` headers joined by a comma (the comma at character 12 of the line)"),
            "{}",
            texts(&second.problems)
        );
        for fine in [
            "Accept: a, b",
            "Accept: text/html, application/json;q=0.9",
            "X-Forwarded-For: 10.0.0.1, 10.0.0.2",
            "X-When: Mon, 10:30",
            "X-Links: a, http://example.com",
            "X-Hosts: a, localhost:8080",
            "Cookie: a=1, b=2",
            "X-Team: a\nX-Env: b",
        ] {
            let h = parse_custom_headers(fine);
            assert!(h.problems.is_empty(), "{fine:?}: {}", texts(&h.problems));
        }
    }

    #[test]
    fn canary_never_appears_in_any_problem() {
        let inputs = [
            format!("Authorization: Bearer {CANARY}\u{201D}"),
            format!("X-Key: {CANARY}\0"),
            format!("X-Key: \u{4E2D}{CANARY}\r{CANARY}"),
            format!("{CANARY} {CANARY}: {CANARY}"),
            CANARY.to_owned(),
            format!("X: {CANARY}\nX: {CANARY}\\n"),
        ];
        for raw in &inputs {
            let h = parse_custom_headers(raw);
            assert!(!h.problems.is_empty(), "{raw:?}");
            assert!(!texts(&h.problems).contains("CANARY"), "{raw:?}");
        }
        let p = check_env_header_value(
            "Authorization",
            &format!("Bearer {CANARY}\n"),
            "ANTHROPIC_AUTH_TOKEN",
        )
        .unwrap_err();
        assert!(!texts(&[p]).contains("CANARY"));
    }

    #[test]
    fn env_header_values_get_claude_codes_prefixes() {
        let token = format!("Bearer {}\n{}", "a".repeat(32), "b".repeat(79));
        let p =
            check_env_header_value("Authorization", &token, "ANTHROPIC_AUTH_TOKEN").unwrap_err();
        assert_eq!(p.code, Code::HeaderValueInvalid);
        assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_AUTH_TOKEN"));
        assert_eq!(
            p.message,
            "Invalid auth token · Fix external auth token · Invalid Authorization header value from ANTHROPIC_AUTH_TOKEN: it contains a line break at character 40 (119 characters on 2 lines)."
        );
        let p = check_env_header_value("x-api-key", "k\u{201C}", "ANTHROPIC_API_KEY").unwrap_err();
        assert!(p.message.starts_with("Invalid API key · Fix external API key · Invalid x-api-key header value from ANTHROPIC_API_KEY: it contains a typographic quote (U+201C) at character 2 (2 characters)."));
        let p = check_env_header_value("x-client-app", "\u{2603}", "CLAUDE_AGENT_SDK_CLIENT_APP")
            .unwrap_err();
        assert!(p.message.starts_with(
            "Invalid request header from the environment · Fix the environment variable · "
        ));
        assert!(check_env_header_value("Authorization", "Bearer ok", "X").is_ok());
        assert!(check_header_value("x", "fine value \u{FF}").is_ok());
    }
}

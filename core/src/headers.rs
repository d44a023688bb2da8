//! `ANTHROPIC_CUSTOM_HEADERS` parsing and header-value checks, as Claude Code does them.
//! (Interface; implemented by the headers work.)

use crate::problem::Problem;

/// The outcome of parsing `ANTHROPIC_CUSTOM_HEADERS`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomHeaders {
    /// `(name, value)` pairs in order, names as written.
    pub headers: Vec<(String, String)>,
    /// Problems: dropped lines (warning), invalid names/values (error).
    pub problems: Vec<Problem>,
}

/// Parses the variable's raw value.
pub fn parse_custom_headers(raw: &str) -> CustomHeaders {
    let mut out = CustomHeaders::default();
    for line in raw.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some((n, v)) = line.split_once(':') {
            let (n, v) = (n.trim(), v.trim());
            if !n.is_empty() {
                out.headers.push((n.to_owned(), v.to_owned()));
            }
        }
    }
    out
}

/// Checks a header value Claude Code would refuse to send (line breaks, NUL, non-Latin-1).
pub fn check_header_value(name: &str, value: &str) -> Result<(), Problem> {
    if value
        .chars()
        .any(|c| c == '\r' || c == '\n' || c == '\0' || (c as u32) > 0xFF)
    {
        return Err(Problem::error(
            crate::problem::Code::HeaderValueInvalid,
            format!("The value of {name} contains a line break, NUL or a character outside Latin-1, so it cannot be sent as a header."),
            format!("Fix {name}: remove the line break or the non-Latin-1 character (often a pasted typographic quote)."),
        )
        .with_var(name));
    }
    Ok(())
}

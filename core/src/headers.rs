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

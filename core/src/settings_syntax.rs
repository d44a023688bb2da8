//! Why a settings file's text is not JSON, for the runtime that read it (the Node loader, the
//! playground): where, as an editor counts (line and column), what people get wrong in these
//! files (a trailing comma, a comment, single quotes, a Windows path's backslashes), and the
//! fix. Never the file's text: it may hold a secret. serde_json finds the position; its error
//! kinds are mapped to the mistake that makes them.

use crate::problem::{Code, Problem};
use serde::{Deserialize, Serialize};

/// A settings file that is not JSON: the `SETTINGS_INVALID` problem (Claude Code ignores the
/// whole file), and where the mistake is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SettingsSyntax {
    pub problem: Problem,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

/// `None` when `text` is JSON (or blank, which Claude Code reads as `{}`) that nests no deeper
/// than the core reads settings (128 levels of arrays and objects; deeper JSON is
/// `SETTINGS_INVALID` too, at the bracket past the limit, so that a runtime that parsed the
/// file can ask this before handing it to the core); a leading byte order mark is skipped, as
/// Claude Code skips it.
pub fn settings_syntax(text: &str, path: &str) -> Option<SettingsSyntax> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        return None;
    }
    // `from_slice`, not `from_str`: the reader every other parse uses (one copy in the .wasm).
    let (reason, offset) = match serde_json::from_slice::<serde::de::IgnoredAny>(body.as_bytes()) {
        Err(err) => mistake(body, &err, byte_offset(body, err.line(), err.column())),
        // JSON, but deeper than the core reads (ignoring serde_json checks no depth).
        Ok(_) => (Mistake::TooDeep, crate::de::too_deep_at(body.as_bytes())?),
    };
    let line = body[..offset].matches('\n').count() + 1;
    let line_start = body[..offset].rfind('\n').map_or(0, |i| i + 1);
    let column = body[line_start..offset].chars().count() + 1;
    if reason == Mistake::TooDeep {
        let max = crate::de::MAX_DEPTH;
        return Some(SettingsSyntax {
            problem: Problem::error(
                Code::SettingsInvalid,
                format!("{path}:{line}:{column}: arrays and objects nest deeper than {max} levels here; claude-provider reads no deeper, so the whole file is ignored."),
                format!("Remove the nesting on line {line} of {path}: settings nest a few levels (`env`, `permissions`), not {max}. Or move the file away."),
            )
            .with_file(Some(path)),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        });
    }
    let fix = match reason {
        Mistake::TrailingComma => format!("Remove the comma before the closing bracket on line {line} of {path}: JSON allows no trailing commas."),
        Mistake::Comment => format!("Remove the comment on line {line} of {path}: settings files are plain JSON, without comments."),
        Mistake::SingleQuotes => format!("Use double quotes on line {line} of {path}: JSON strings and property names take \"…\", not '…'."),
        Mistake::Escape => format!("A backslash starts an escape in JSON strings: in a Windows path on line {line} of {path}, double the backslashes (C:\\\\certs\\\\ca.pem) or use forward slashes (C:/certs/ca.pem)."),
        _ => format!("Fix line {line} of {path} (settings files are plain JSON: no comments, no trailing commas, double quotes), or move the file away."),
    };
    Some(SettingsSyntax {
        problem: Problem::error(
            Code::SettingsInvalid,
            format!(
                "{path}:{line}:{column}: invalid JSON ({}); Claude Code ignores the whole file.",
                reason.text()
            ),
            fix,
        )
        .with_file(Some(path)),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mistake {
    TrailingComma,
    Comment,
    SingleQuotes,
    Escape,
    ControlCharacter,
    UnclosedString,
    EndsEarly,
    PropertyName,
    Colon,
    CommaOrBrace,
    CommaOrBracket,
    TrailingText,
    Number,
    TooDeep,
    Value,
}

impl Mistake {
    fn text(self) -> &'static str {
        match self {
            Mistake::TrailingComma => "a trailing comma",
            Mistake::Comment => "a comment",
            Mistake::SingleQuotes => "single quotes (JSON strings use double quotes)",
            Mistake::Escape => "an invalid escape in a string",
            Mistake::ControlCharacter => {
                "a control character (such as a line break or tab) inside a string"
            }
            Mistake::UnclosedString => "a string is never closed",
            Mistake::EndsEarly => "the file ends too early",
            Mistake::PropertyName => "expected a property name in double quotes",
            Mistake::Colon => "expected ':' after a property name",
            Mistake::CommaOrBrace => "expected ',' or '}' after a property value",
            Mistake::CommaOrBracket => "expected ',' or ']' after an array element",
            Mistake::TrailingText => "more text after the JSON value",
            Mistake::Number => "an invalid number",
            // Its own message (settings_syntax): the JSON may be valid.
            Mistake::TooDeep => "nesting too deep",
            Mistake::Value => "expected a value",
        }
    }
}

/// The byte offset of serde_json's 1-based line and column (which counts bytes), clamped to
/// `text` and moved back to a character boundary.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// What the error at `offset` is, in the words of the mistake that makes it, and where that
/// mistake is (a trailing comma's own position, not the bracket's after it).
fn mistake(text: &str, err: &serde_json::Error, offset: usize) -> (Mistake, usize) {
    // serde_json's message without its position (its kinds have no other stable name).
    let message = err.to_string();
    let kind = message.split(" at line ").next().unwrap_or_default();
    let here = text[offset..].chars().next();
    // A closing bracket where a property or value was expected, after a comma: serde_json
    // says "key must be a string" or "expected value" there (and "trailing comma" only in
    // some builds). Named at the comma, which may be lines before the bracket.
    if kind == "trailing comma" || matches!(here, Some('}' | ']')) {
        let before = text[..offset].trim_end();
        if before.ends_with(',') {
            return (Mistake::TrailingComma, before.len() - 1);
        }
    }
    // Where a comment or single quote stands, serde_json says only what it expected.
    let found = match here {
        Some('/') => Some(Mistake::Comment),
        Some('\'') => Some(Mistake::SingleQuotes),
        _ => None,
    };
    let mistake = match kind {
        "invalid escape"
        | "invalid unicode code point"
        | "lone leading surrogate in hex escape" => Mistake::Escape,
        k if k.starts_with("control character") => {
            // serde_json stands just before the character: name the character itself.
            let at = text[offset..]
                .char_indices()
                .take(2)
                .find(|(_, c)| (*c as u32) < 0x20)
                .map_or(offset, |(i, _)| offset + i);
            return (Mistake::ControlCharacter, at);
        }
        // At the quote that opens it (the last one not escaped), not at the end of the file.
        "EOF while parsing a string" => {
            let open = text
                .match_indices('"')
                .rev()
                .find(|(i, _)| !text[..*i].ends_with('\\'))
                .map_or(offset, |(i, _)| i);
            return (Mistake::UnclosedString, open);
        }
        // serde_json stands on the last character: the end is just after it.
        k if k.starts_with("EOF while parsing") => return (Mistake::EndsEarly, text.len()),
        "key must be a string" => found.unwrap_or(Mistake::PropertyName),
        "expected `:`" => found.unwrap_or(Mistake::Colon),
        "expected `,` or `}`" => found.unwrap_or(Mistake::CommaOrBrace),
        "expected `,` or `]`" => found.unwrap_or(Mistake::CommaOrBracket),
        "trailing characters" => found.unwrap_or(Mistake::TrailingText),
        "invalid number" | "number out of range" => Mistake::Number,
        "recursion limit exceeded" => Mistake::TooDeep,
        _ => found.unwrap_or(Mistake::Value),
    };
    (mistake, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/p/.claude/settings.json";

    fn at(text: &str) -> (u32, u32, String, String) {
        let s = settings_syntax(text, PATH).expect("not JSON");
        assert_eq!(s.problem.code, Code::SettingsInvalid);
        assert_eq!(s.problem.file.as_deref(), Some(PATH));
        (s.line, s.column, s.problem.message, s.problem.help)
    }

    #[test]
    fn json_and_blank_files_are_fine() {
        for ok in [
            "{}",
            "  \n",
            "",
            "\u{feff}{\"env\": {}}",
            "[1, 2]",
            "{\"a\": \"é\"}",
        ] {
            assert_eq!(settings_syntax(ok, PATH), None, "{ok:?}");
        }
    }

    #[test]
    fn the_mistakes_people_make_are_named_where_they_are() {
        // A trailing comma: the comma, not the bracket lines later.
        let (line, column, message, help) =
            at("{\n  \"env\": {\n    \"AWS_REGION\": \"us-east-1\",\n  }\n}");
        assert_eq!((line, column), (3, 30));
        assert_eq!(
            message,
            "/p/.claude/settings.json:3:30: invalid JSON (a trailing comma); Claude Code ignores the whole file."
        );
        assert!(help.starts_with("Remove the comma before the closing bracket on line 3"));
        assert_eq!(at("{\"env\": {\"AWS_REGION\": \"us-east-1\",}}").0, 1);

        let (line, _, message, help) = at("{\n  // mine\n  \"model\": \"opus\"\n}");
        assert_eq!(line, 2);
        assert!(message.contains("(a comment)"), "{message}");
        assert!(help.starts_with("Remove the comment on line 2"), "{help}");

        let (line, _, message, _) = at("{\n  'model': 'opus'\n}");
        assert_eq!(line, 2);
        assert!(message.contains("(single quotes"), "{message}");

        let (line, _, message, help) =
            at("{\n  \"env\": {\n    \"NODE_EXTRA_CA_CERTS\": \"C:\\certs\\ca.pem\"\n  }\n}");
        assert_eq!(line, 3);
        assert!(
            message.contains("(an invalid escape in a string)"),
            "{message}"
        );
        assert!(
            help.contains("double the backslashes (C:\\\\certs\\\\ca.pem) or use forward slashes"),
            "{help}"
        );

        let (line, column, message, _) = at("{\"env\": {\"A\": \"1\"}");
        assert!(message.contains("(the file ends too early)"));
        assert_eq!((line, column), (1, 19), "just after the last character");
        let (line, column, message, _) = at("{\"a\": \"op\\\"en");
        assert!(message.contains("(a string is never closed)"));
        assert_eq!((line, column), (1, 7), "at the quote that opens it");
        assert!(at("{\"a\": 1} x")
            .2
            .contains("(more text after the JSON value)"));
        assert!(at("{\"a\" 1}")
            .2
            .contains("(expected ':' after a property name)"));
        assert!(at("{\"a\": 1 \"b\": 2}").2.contains("(expected ',' or '}'"));
        assert!(at("{\"a\": \"x\ny\"}").2.contains("(a control character"));
        assert!(at("{\"a\": tru}").2.contains("(expected a value)"));
    }

    #[test]
    fn json_nested_deeper_than_the_core_reads_is_named_at_the_bracket_past_the_limit() {
        let max = crate::de::MAX_DEPTH;
        let ok = format!(
            "{{\"env\": {{}}, \"p\": {}{}}}",
            "[".repeat(max - 1),
            "]".repeat(max - 1)
        );
        assert_eq!(settings_syntax(&ok, PATH), None);
        // One level more, on line 3 (the secret before it is never quoted).
        let deep = format!(
            "{{\n  \"env\": {{\"ANTHROPIC_API_KEY\": \"CANARY-sk\"}},\n  \"permissions\": {}{}\n}}",
            "[".repeat(4000),
            "]".repeat(4000)
        );
        let (line, column, message, help) = at(&deep);
        assert_eq!((line, column as usize), (3, 17 + max));
        assert_eq!(
            message,
            format!("{PATH}:3:{}: arrays and objects nest deeper than 128 levels here; claude-provider reads no deeper, so the whole file is ignored.", 17 + max)
        );
        assert!(
            help.starts_with("Remove the nesting on line 3 of /p/.claude/settings.json"),
            "{help}"
        );
        assert!(!message.contains("CANARY") && !help.contains("CANARY"));
        // Text that is not JSON is named by its first mistake, whatever its depth.
        let (_, _, message, _) = at(&format!("{}1,]{}", "[".repeat(200), "]".repeat(199)));
        assert!(message.contains("(a trailing comma)"), "{message}");
    }

    #[test]
    fn columns_count_characters_and_no_text_is_quoted() {
        // Two-byte characters before the mistake: the column an editor shows.
        let (line, column, message, help) = at("{\"é\": \"CANARY-secret\" 'x'}");
        assert_eq!((line, column), (1, 23));
        assert!(!message.contains("CANARY") && !help.contains("CANARY"));
        // Never a panic, whatever the bytes.
        for t in [
            "{\"\u{1F600}\": ,}",
            "\u{feff}",
            "{\"a\":\"\\u12\"}",
            "[[[[",
            "{,}",
        ] {
            let _ = settings_syntax(t, PATH);
        }
    }
}

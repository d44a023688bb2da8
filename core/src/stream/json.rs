//! A strict, allocation-free JSON scanner: it validates a whole document (RFC 8259 grammar,
//! nesting limited to [`MAX_DEPTH`]) and picks the few fields a typed event needs, without
//! building a value tree. This is what keeps typed decoding cheap: a full serde parse of every
//! delta is what makes other decoders slow.

use std::borrow::Cow;

/// Deepest nesting accepted (serde_json's default recursion limit).
pub(crate) const MAX_DEPTH: u32 = 128;

/// Why a document is not valid JSON, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct JsonError {
    pub at: usize,
    pub reason: &'static str,
}

/// A JSON string as written in the document: the bytes between the quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawStr<'a> {
    pub raw: &'a [u8],
    /// Contains a backslash escape (so `raw` is not the value).
    pub escaped: bool,
}

impl<'a> RawStr<'a> {
    /// The string's value; `None` if it is not valid UTF-8.
    pub(crate) fn value(&self) -> Option<Cow<'a, str>> {
        if !self.escaped {
            return std::str::from_utf8(self.raw).ok().map(Cow::Borrowed);
        }
        let mut quoted = Vec::with_capacity(self.raw.len() + 2);
        quoted.push(b'"');
        quoted.extend_from_slice(self.raw);
        quoted.push(b'"');
        serde_json::from_slice::<String>(&quoted)
            .ok()
            .map(Cow::Owned)
    }
}

/// The fields of an Anthropic event (or a Bedrock `chunk` payload) that the typed layer needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fields<'a> {
    /// Top-level `type`.
    pub ty: Option<RawStr<'a>>,
    /// Top-level `index`, when it is a non-negative integer.
    pub index: Option<u64>,
    /// Top-level `bytes` (Bedrock `PayloadPart`).
    pub bytes: Option<RawStr<'a>>,
    /// `delta.type`.
    pub delta_type: Option<RawStr<'a>>,
    /// `content_block.type`.
    pub block_type: Option<RawStr<'a>>,
}

/// Validates `doc` as one JSON object and returns its interesting fields. With
/// `opaque_bytes`, the `bytes` member's content is left to the base64 decoder to check.
pub(crate) fn scan(doc: &[u8], opaque_bytes: bool) -> Result<Fields<'_>, JsonError> {
    let mut p = Parser {
        b: doc,
        i: 0,
        depth: 0,
    };
    p.ws();
    if p.peek() != Some(b'{') {
        return Err(p.err("expected a JSON object"));
    }
    let mut f = Fields::default();
    p.object(|p, key| {
        match key.raw {
            b"type" if p.peek() == Some(b'"') => f.ty = Some(p.string()?),
            b"bytes" if opaque_bytes && p.peek() == Some(b'"') => {
                f.bytes = Some(p.opaque_string()?)
            }
            b"index" if matches!(p.peek(), Some(b'0'..=b'9')) => f.index = p.number()?,
            b"delta" if p.peek() == Some(b'{') => f.delta_type = p.object_type()?,
            b"content_block" if p.peek() == Some(b'{') => f.block_type = p.object_type()?,
            _ => p.value()?,
        }
        Ok(())
    })?;
    p.ws();
    if p.i != doc.len() {
        return Err(p.err("trailing characters after the JSON value"));
    }
    Ok(f)
}

/// Validates `doc` as any JSON value.
#[cfg(test)]
pub(crate) fn validate(doc: &[u8]) -> Result<(), JsonError> {
    let mut p = Parser {
        b: doc,
        i: 0,
        depth: 0,
    };
    p.ws();
    p.value()?;
    p.ws();
    if p.i != doc.len() {
        return Err(p.err("trailing characters after the JSON value"));
    }
    Ok(())
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    depth: u32,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// A mask whose lowest set bit is in the first byte of `w` (little-endian) that is `"`, `\`
/// or a control character; 0 when there is none (SWAR; bits above the first hit may be
/// spurious, the lowest one is exact).
#[inline]
fn special_mask(w: u64) -> u64 {
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let quote = has_zero(w ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(w ^ (ONES * u64::from(b'\\')));
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    quote | backslash | control
}

/// Offset of the first `"`, `\` or control byte in `b`, or `b.len()` (8 bytes at a time).
#[inline]
fn plain_prefix(b: &[u8]) -> usize {
    let mut i = 0;
    for c in b.chunks_exact(8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let m = special_mask(u64::from_le_bytes(w));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

impl<'a> Parser<'a> {
    fn err(&self, reason: &'static str) -> JsonError {
        JsonError { at: self.i, reason }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8, reason: &'static str) -> Result<(), JsonError> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(reason))
        }
    }

    /// Any value, validated and skipped.
    fn value(&mut self) -> Result<(), JsonError> {
        self.ws();
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'{') => self.object(|p, _| p.value()),
            Some(b'[') => self.array(),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(_) => Err(self.err("expected a JSON value")),
            None => Err(self.err("unexpected end of JSON")),
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), JsonError> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        self.i += 1;
        Ok(())
    }

    /// An object at `{`; `member` is called with each key, positioned at the value (after
    /// whitespace), and must consume the value.
    fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, RawStr<'a>) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.enter()?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected an object key"));
            }
            let key = self.string()?;
            self.expect(b':', "expected ':' after an object key")?;
            self.ws();
            member(self, key)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.err("expected ',' or '}' in an object")),
            }
        }
    }

    /// An object at `{`, returning its own `type` string member.
    fn object_type(&mut self) -> Result<Option<RawStr<'a>>, JsonError> {
        let mut ty = None;
        self.object(|p, key| {
            if key.raw == b"type" && p.peek() == Some(b'"') {
                ty = Some(p.string()?);
                Ok(())
            } else {
                p.value()
            }
        })?;
        Ok(ty)
    }

    fn array(&mut self) -> Result<(), JsonError> {
        self.enter()?;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.value()?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.err("expected ',' or ']' in an array")),
            }
        }
    }

    /// A string at `"`.
    fn string(&mut self) -> Result<RawStr<'a>, JsonError> {
        let b = self.b;
        let start = self.i + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            i += plain_prefix(b.get(i..).unwrap_or(&[]));
            match b.get(i) {
                None => {
                    self.i = i;
                    return Err(self.err("unterminated string"));
                }
                Some(b'"') => {
                    self.i = i + 1;
                    return Ok(RawStr {
                        raw: &b[start..i],
                        escaped,
                    });
                }
                Some(b'\\') => {
                    escaped = true;
                    i += 1;
                    match b.get(i) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 1,
                        Some(b'u') => {
                            let hex = b.get(i + 1..i + 5).unwrap_or(&[]);
                            if hex.len() != 4 || !hex.iter().all(u8::is_ascii_hexdigit) {
                                self.i = i;
                                return Err(self.err("invalid \\u escape"));
                            }
                            i += 5;
                        }
                        _ => {
                            self.i = i;
                            return Err(self.err("invalid escape"));
                        }
                    }
                }
                Some(c) if *c < 0x20 => {
                    self.i = i;
                    return Err(self.err("control character in a string"));
                }
                Some(_) => i += 1,
            }
        }
    }

    /// A string at `"` whose content another decoder validates (base64): found with a
    /// vectorized search for the closing quote; escapes take the exact path.
    fn opaque_string(&mut self) -> Result<RawStr<'a>, JsonError> {
        let rest = self.b.get(self.i + 1..).unwrap_or(&[]);
        match memchr::memchr2(b'"', b'\\', rest) {
            Some(n) if rest.get(n) == Some(&b'"') => {
                let raw = &rest[..n];
                self.i += n + 2;
                Ok(RawStr {
                    raw,
                    escaped: false,
                })
            }
            _ => self.string(),
        }
    }

    /// A number; returns its value when it is a non-negative integer that fits a `u64`.
    fn number(&mut self) -> Result<Option<u64>, JsonError> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let int_start = self.i;
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.err("invalid number")),
        }
        let int_end = self.i;
        let mut integer = !negative;
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number"));
            }
            self.digits();
            integer = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number"));
            }
            self.digits();
            integer = false;
        }
        if !integer {
            return Ok(None);
        }
        let mut v: u64 = 0;
        for d in self.b.get(int_start..int_end).unwrap_or(&[]) {
            v = match v
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(d - b'0')))
            {
                Some(v) => v,
                None => return Ok(None),
            };
        }
        Ok(Some(v))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_serde_json_accepts() {
        let docs: &[&str] = &[
            r#"{}"#,
            r#" { "a" : [1, -2.5e+3, true, false, null, "x\"y\\u00e9\n", {"b":[]}] } "#,
            r#"[]"#,
            r#""just a string""#,
            r#"0"#,
            r#"-0.0E-0"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi 🌍"}}"#,
        ];
        for d in docs {
            assert!(serde_json::from_str::<serde_json::Value>(d).is_ok(), "{d}");
            assert_eq!(validate(d.as_bytes()), Ok(()), "{d}");
        }
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        let docs: &[&str] = &[
            "",
            "{",
            "}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "[1,]",
            "01",
            "1.",
            "-",
            "1e",
            "+1",
            "\"\\x\"",
            "\"\\u12\"",
            "\"a\nb\"",
            "tru",
            "nul",
            "{} x",
            "{\"a\":1 \"b\":2}",
            "'a'",
            "[1 2]",
            "\"unterminated",
        ];
        for d in docs {
            assert!(
                serde_json::from_str::<serde_json::Value>(d).is_err(),
                "{d:?}"
            );
            assert!(validate(d.as_bytes()).is_err(), "{d:?}");
        }
    }

    #[test]
    fn depth_is_limited() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(validate(deep.as_bytes()).is_err());
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(validate(ok.as_bytes()).is_ok());
    }

    #[test]
    fn picks_fields() {
        let d = br#"{"index":3,"type":"content_block_delta","delta":{"x":{"type":"no"},"type":"text_delta","text":"a"}}"#;
        let f = scan(d, false).unwrap();
        assert_eq!(f.ty.unwrap().raw, b"content_block_delta");
        assert_eq!(f.index, Some(3));
        assert_eq!(f.delta_type.unwrap().raw, b"text_delta");
        let f = scan(br#"{"type":"content_block_start","index":18446744073709551616,"content_block":{"type":"tool\u005fuse"}}"#, false).unwrap();
        assert_eq!(f.index, None);
        assert_eq!(f.block_type.unwrap().value().unwrap(), "tool_use");
        assert!(scan(b"[1]", false).is_err());
    }
}

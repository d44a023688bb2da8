//! Which model IDs may be put where. Bedrock and Vertex put the model ID in the URL path, so
//! anything that would change the URL (`/`, `?`, `#`, `%`, `..`, whitespace…) must never get
//! there; the other providers send it in the JSON body, where only whitespace and control
//! characters are certainly wrong (gateway IDs such as `anthropic/claude-opus-4-8` are normal).

use super::bedrock::parse_arn;
use super::vertex::is_at_version;

/// Where a model ID ends up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Bedrock Invoke: `/model/{id}/invoke-with-response-stream`; an ARN's `/` is sent as `%2F`.
    BedrockPath,
    /// Vertex: `…/models/{id}:streamRawPredict`; `@version` is part of the ID, `:` is not.
    VertexPath,
    /// The request body's `model`.
    Body,
}

/// What makes a value unsafe, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsafe {
    Char(char),
    Whitespace,
    Control(char),
    DotSegment,
    Empty,
}

impl Unsafe {
    pub fn describe(self) -> String {
        match self {
            Unsafe::Char(c) => format!("{c:?}"),
            Unsafe::Whitespace => "whitespace".to_owned(),
            Unsafe::Control(c) => format!("control character U+{:04X}", c as u32),
            Unsafe::DotSegment => "a \".\"/\"..\" path segment".to_owned(),
            Unsafe::Empty => "nothing".to_owned(),
        }
    }
}

/// Bytes that take a closer look in [`check`]: all but printable ASCII, and those that matter
/// in a URL path (`:` only on Vertex).
const NOTABLE: [bool; 256] = {
    let mut t = [true; 256];
    let mut b = b'!';
    while b <= b'~' {
        t[b as usize] = false;
        b += 1;
    }
    let special = b"/@?#%\\:";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t
};

/// The first reason `id` may not be used on `route`, if any.
pub fn check(id: &str, route: Route) -> Option<Unsafe> {
    if id.is_empty() {
        return Some(Unsafe::Empty);
    }
    // Nearly every ID has none of the notable bytes: one table lookup per byte settles it,
    // where the passes below cost a measurable share of `resolve`.
    let vertex = route == Route::VertexPath;
    if id
        .bytes()
        .all(|b| !NOTABLE[usize::from(b)] || (b == b':' && !vertex))
    {
        let dots = route != Route::Body && (id == "." || id == "..");
        return dots.then_some(Unsafe::DotSegment);
    }
    check_closely(id, route)
}

/// [`check`] for an ID with a notable byte (also right for any other).
fn check_closely(id: &str, route: Route) -> Option<Unsafe> {
    // Printable ASCII (every real ID) has neither control characters nor whitespace: one byte
    // pass instead of two Unicode ones.
    if !id.bytes().all(|b| b.is_ascii_graphic()) {
        if let Some(c) = id.chars().find(|c| c.is_control()) {
            return Some(Unsafe::Control(c));
        }
        if id.chars().any(char::is_whitespace) {
            return Some(Unsafe::Whitespace);
        }
    }
    if route == Route::Body {
        return None;
    }
    if id == "." || id == ".." {
        return Some(Unsafe::DotSegment);
    }
    // Whether an ARN's `/` or a version's `@` is allowed is only worked out when the ID has
    // one. Bytes, not chars: every character looked for is ASCII, and no byte of a multi-byte
    // character is.
    let (mut arn, mut at_ok) = (None, None);
    id.bytes()
        .find(|&b| match b {
            b'/' => {
                !*arn.get_or_insert_with(|| route == Route::BedrockPath && parse_arn(id).is_some())
            }
            b'@' => !*at_ok.get_or_insert_with(|| route == Route::VertexPath && is_at_version(id)),
            b':' => route == Route::VertexPath,
            b'?' | b'#' | b'%' | b'\\' => true,
            _ => false,
        })
        .map(|b| Unsafe::Char(char::from(b)))
}

/// The first reason `v` may not be a DNS label inside a host name (a region or location,
/// as in `bedrock-runtime.{region}.amazonaws.com`): anything but letters, digits and `-`.
pub fn check_label(v: &str) -> Option<Unsafe> {
    if v.is_empty() {
        return Some(Unsafe::Empty);
    }
    v.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        .map(|c| {
            if c.is_control() {
                Unsafe::Control(c)
            } else if c.is_whitespace() {
                Unsafe::Whitespace
            } else {
                Unsafe::Char(c)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_routes_refuse_url_breaking_values() {
        use Route::*;
        for bad in [
            "a/b", "a?b", "a#b", "a%2Fb", "a b", "a\nb", "..", "x@y", "a\\b", "",
        ] {
            assert!(check(bad, BedrockPath).is_some(), "{bad:?}");
        }
        assert_eq!(check("a\u{7}", BedrockPath), Some(Unsafe::Control('\u{7}')));
        assert!(check(
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz",
            BedrockPath
        )
        .is_none());
        assert!(check("arn:aws:bedrock:us-east-1:1:x/y?z", BedrockPath).is_some());
        assert!(check("us.anthropic.claude-haiku-4-5-20251001-v1:0", BedrockPath).is_none());
        assert!(check("claude-haiku-4-5@20251001", VertexPath).is_none());
        assert!(check("claude-haiku-4-5@2025@1", VertexPath).is_some());
        assert!(check("us.anthropic.claude-x-v1:0", VertexPath).is_some());
        assert!(check("claude-opus-5-5/../x", VertexPath).is_some());
    }

    proptest::proptest! {
        #[test]
        fn the_byte_table_agrees_with_the_close_check(id in "[a-z0-9.:@/?#%\\\\ \t\u{7}é-]{1,12}") {
            for route in [Route::BedrockPath, Route::VertexPath, Route::Body] {
                proptest::prop_assert_eq!(check(&id, route), check_closely(&id, route), "{:?} {:?}", id, route);
            }
        }
    }

    #[test]
    fn host_labels() {
        assert!(check_label("us-west-2").is_none());
        assert_eq!(check_label("evil.com"), Some(Unsafe::Char('.')));
        assert_eq!(check_label("us west"), Some(Unsafe::Whitespace));
        assert_eq!(check_label(""), Some(Unsafe::Empty));
    }

    #[test]
    fn body_route_allows_gateway_ids() {
        assert!(check("anthropic/claude-opus-4-8", Route::Body).is_none());
        assert!(check("my-gw@v1?x#y", Route::Body).is_none());
        assert!(check("opus 4", Route::Body).is_some());
        assert!(check("a\r\nb", Route::Body).is_some());
    }
}

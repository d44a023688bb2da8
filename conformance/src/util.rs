//! Small helpers shared by the modes.

/// `(scheme://host[:port], path?query)`, host lower-cased, default ports dropped.
pub fn split_url(u: &str) -> (String, String) {
    let (scheme, rest) = u.split_once("://").unwrap_or(("", u));
    let (auth, target) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let auth = match scheme {
        "https" => auth.strip_suffix(":443").unwrap_or(auth),
        "http" => auth.strip_suffix(":80").unwrap_or(auth),
        _ => auth,
    };
    (
        format!("{scheme}://{}", auth.to_ascii_lowercase()),
        target.to_owned(),
    )
}

/// A comma-separated header value as trimmed, non-empty items.
pub fn split_csv(v: Option<&str>) -> Vec<String> {
    v.map(|s| {
        s.split(',')
            .map(|b| b.trim().to_owned())
            .filter(|b| !b.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// Percent-decoding, lossy for non-UTF-8 results.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(
            split_url("https://Host.EXAMPLE:443/a?b=1"),
            ("https://host.example".to_owned(), "/a?b=1".to_owned())
        );
        assert_eq!(split_csv(Some(" a, ,b ")), vec!["a", "b"]);
        assert_eq!(percent_decode("arn%3Aaws%2Fx%zz"), "arn:aws/x%zz");
    }
}

//! Retry hints from response headers, without a clock: `retry-after-ms`, `retry-after` in
//! seconds, or `retry-after` as an HTTP date turned into epoch milliseconds (the caller
//! compares it with its own clock).

/// The hint: a delay, or an instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RetryHint {
    pub after_ms: Option<u64>,
    pub at_epoch_ms: Option<u64>,
}

/// Reads `retry-after-ms` (preferred, as the Anthropic SDKs do) and `retry-after`.
pub fn parse_retry_after<K: AsRef<str>, V: AsRef<str>>(
    headers: impl IntoIterator<Item = (K, V)>,
) -> RetryHint {
    let mut hint = RetryHint::default();
    let mut ms_header = None;
    for (k, v) in headers {
        let (k, v) = (k.as_ref(), v.as_ref().trim());
        if k.eq_ignore_ascii_case("retry-after-ms") {
            ms_header = parse_non_negative(v).map(|ms| ms.round() as u64);
        } else if k.eq_ignore_ascii_case("retry-after") {
            match parse_non_negative(v) {
                Some(s) => hint.after_ms = Some((s * 1000.0).round() as u64),
                None => hint.at_epoch_ms = parse_http_date(v),
            }
        }
    }
    if ms_header.is_some() {
        hint.after_ms = ms_header;
        hint.at_epoch_ms = None;
    }
    hint
}

/// A non-negative finite decimal number of reasonable size (at most ~31 years of seconds).
fn parse_non_negative(v: &str) -> Option<f64> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let n: f64 = v.parse().ok()?;
    (n.is_finite() && (0.0..1.0e9).contains(&n)).then_some(n)
}

/// Parses an HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`; the weekday may be
/// absent) into milliseconds since the Unix epoch.
pub fn parse_http_date(s: &str) -> Option<u64> {
    let s = s.trim();
    let s = match s.split_once(',') {
        Some((_, rest)) => rest.trim_start(),
        None => s,
    };
    let mut parts = s.split_ascii_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = match parts.next()?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let h: u64 = hms.next()?.parse().ok()?;
    let m: u64 = hms.next()?.parse().ok()?;
    let sec: u64 = hms.next()?.parse().ok()?;
    if !matches!(parts.next(), Some("GMT" | "UTC")) || parts.next().is_some() {
        return None;
    }
    if !(1970..=9999).contains(&year) || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = u64::try_from(days).ok()? * 86_400 + h * 3600 + m * 60 + sec;
    Some(secs * 1000)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000)
        );
        assert_eq!(
            parse_http_date("Thu, 15 Jan 2026 12:00:00 GMT"),
            Some(1_768_478_400_000)
        );
        assert_eq!(
            parse_http_date("15 Jan 2026 12:00:00 GMT"),
            Some(1_768_478_400_000)
        );
        for bad in [
            "",
            "soon",
            "Sun, 06 Nov 1994",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn headers() {
        let h = parse_retry_after([("Retry-After", "7")]);
        assert_eq!(h.after_ms, Some(7000));
        let h = parse_retry_after([("retry-after", "1.5"), ("retry-after-ms", "250")]);
        assert_eq!(h.after_ms, Some(250));
        let h = parse_retry_after([("retry-after", "Thu, 15 Jan 2026 12:00:00 GMT")]);
        assert_eq!((h.after_ms, h.at_epoch_ms), (None, Some(1_768_478_400_000)));
        let h = parse_retry_after([("retry-after", "-1")]);
        assert_eq!(h, RetryHint::default());
    }
}

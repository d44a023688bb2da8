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

/// A non-negative decimal number (digits with at most one `.`: `7`, `1.5`, `.5`, `2.`) below
/// 1e9 (~31 years of seconds), as the `f64` nearest to it: what `v.parse::<f64>()` gives,
/// without std's float parser (~16 KB of the .wasm, most of it a table of powers of five).
/// A number below 1e-20 comes back as 0 (both callers round it to 0 ms either way).
fn parse_non_negative(v: &str) -> Option<f64> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() && frac.is_empty() || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let int = int.trim_start_matches('0');
    if int.len() > 9 {
        return None;
    }
    // The value is `m / 2^scale` plus what is left of `frac`: the integer part exactly, then
    // the fraction's bits one at a time up to 53 significant bits, rounded to nearest, ties to
    // even (as `parse` rounds).
    let mut m: u64 = int.parse().unwrap_or(0);
    let mut frac: Vec<u8> = frac
        .trim_end_matches('0')
        .bytes()
        .map(|b| b - b'0')
        .collect();
    if m == 0 && frac.iter().take_while(|&&d| d == 0).count() >= 20 {
        return Some(0.0);
    }
    let mut scale = 0;
    while m < 1 << 52 && !frac.is_empty() {
        m = m << 1 | next_bit(&mut frac);
        scale += 1;
    }
    if !frac.is_empty() && next_bit(&mut frac) == 1 && (!frac.is_empty() || m & 1 == 1) {
        m += 1;
    }
    // `m` has at most 53 bits and the divisor is 2^scale: exact.
    let n = m as f64 / f64::from_bits((1023 + scale) << 52);
    (n < 1.0e9).then_some(n)
}

/// Doubles the decimal fraction `0.d1d2…` (`frac`: its digits, without trailing zeros) and
/// returns the integer part that comes out (0 or 1).
fn next_bit(frac: &mut Vec<u8>) -> u64 {
    let mut carry = 0;
    for d in frac.iter_mut().rev() {
        let x = *d * 2 + carry;
        (*d, carry) = (x % 10, x / 10);
    }
    // Only a last digit 5 becomes 0 (the digits before it get an odd carry-in).
    if frac.last() == Some(&0) {
        frac.pop();
    }
    u64::from(carry)
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

    /// `parse_non_negative` as `str::parse::<f64>` and the range check it replaces.
    fn parsed_by_std(v: &str) -> Option<f64> {
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        let n: f64 = v.parse().ok()?;
        (n.is_finite() && (0.0..1.0e9).contains(&n)).then_some(n)
    }

    fn same_as_std(v: &str) {
        let (ours, std) = (parse_non_negative(v), parsed_by_std(v));
        if std.is_some_and(|n| n < 1e-20) {
            assert_eq!(ours, Some(0.0), "{v:?}");
        } else {
            assert_eq!(ours.map(f64::to_bits), std.map(f64::to_bits), "{v:?}");
        }
        // (the header values are trimmed first)
        let std = parsed_by_std(v.trim());
        for name in ["retry-after", "retry-after-ms"] {
            assert_eq!(
                parse_retry_after([(name, v)]),
                match std {
                    Some(n) if name == "retry-after" => RetryHint {
                        after_ms: Some((n * 1000.0).round() as u64),
                        at_epoch_ms: None
                    },
                    Some(n) => RetryHint {
                        after_ms: Some(n.round() as u64),
                        at_epoch_ms: None
                    },
                    None => RetryHint {
                        after_ms: None,
                        at_epoch_ms: None
                    },
                },
                "{name}: {v:?}"
            );
        }
    }

    #[test]
    fn numbers_as_std_parses_them() {
        for v in [
            "",
            ".",
            "..",
            "1..",
            "1.2.3",
            "0",
            "00",
            "0.",
            ".0",
            "7",
            "1.5",
            ".5",
            "2.",
            "007.50",
            "0.0005",
            "0.00049999999999999999",
            "0.0004999999999999999999999999999",
            "2.4999999999999999",
            "2.49999999999999999999999999999999999999999999999",
            "2.5000000000000000000000000000000000000000000000001",
            "999999999",
            "999999999.4",
            "999999999.99999999",
            "999999999.9999999999",
            "1000000000",
            "0001000000000",
            "123456789.123456789123456789",
            "0.1",
            "0.2",
            "0.3",
            "0.000000000000000000001",
            "0.00000000000000000001",
            "0.0000000000000000001",
            "9007199254740993",
            "4503599627370496.5",
            "1e3",
            "-1",
            "+1",
            " 1",
            "1 ",
            "٣",
            // halfway between two f64s (2^-53 above 1 and 3·2^-53 above 1) and just beside
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "1.00000000000000033306690738754696212708950042724609375",
        ] {
            same_as_std(v);
        }
        // more halfway points, each also a digit below and above
        for mid in [
            "536870912.000000059604644775390625",
            "536870913.000000059604644775390625",
            "999999999.000000059604644775390625",
            "0.0005000000000000000646184494801360642668441869318485260009765625",
            "0.500000000000000055511151231257827021181583404541015625",
            "2.5000000000000002220446049250313080847263336181640625",
            "123.45600000000001017497197608463466167449951171875",
            "0.001000000000000000129236898960272128533688373863697052001953125",
            "0.00000070000000000000002126323748151415227169991339906118810176849365234375",
        ] {
            same_as_std(mid);
            same_as_std(&format!("{}4", &mid[..mid.len() - 1]));
            same_as_std(&format!("{}6", &mid[..mid.len() - 1]));
            same_as_std(&format!("{mid}0001"));
        }
        // generated: digit strings with a dot anywhere, biased to 5s, 9s and 0s (ties, carries)
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..50_000 {
            let len = 1 + next(40) as usize;
            let mut v: String = (0..len)
                .map(|_| match next(6) {
                    0 => '0',
                    1 => '5',
                    2 => '9',
                    _ => char::from(b'0' + next(10) as u8),
                })
                .collect();
            if next(8) != 0 {
                v.insert(next(len as u64 + 1) as usize, '.');
            }
            same_as_std(&v);
        }
    }
}

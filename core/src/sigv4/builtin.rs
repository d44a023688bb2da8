//! The built-in SigV4 signer: the same canonical request, string to sign and signature as the
//! `aws-sigv4` crate with the settings [`super::sign_with`] gives it (header signing, double
//! percent-encoding of the path, optional path normalization, `x-amz-content-sha256`, session
//! token signed or not), including which URLs it refuses.
//!
//! Why it exists (the project prefers well-kept libraries): size. `aws-sigv4` brings `http`,
//! the smithy runtime types, `tracing`, `time`, `hmac` and a second `sha2` into the
//! WebAssembly module; measured on `bindings-wasm` after `wasm-opt -Oz`, dropping them and
//! signing with this module instead saved 83 KB raw / 38 KB gzipped (569 KB → 485 KB raw).
//! The wasm build uses it (the core without its default `aws-sigv4` feature). Then speed: the
//! Node addon uses it too, as it is faster per request (5.1 vs 12.2 µs fixed cost, 33.6 vs
//! 41.7 µs with a 50 KB body, `cargo bench --bench sign`; see bindings-node/Cargo.toml). The
//! Rust default stays `aws-sigv4`, and the conformance runs (`scripts/test.sh`: the AWS SigV4
//! suite, the botocore vectors, the re-signing of every captured Claude Code request) run
//! against both, as does a unit test comparing the two on generated requests.

use super::SignRequest;
use percent_encoding::{percent_decode, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// Everything but RFC 3986 unreserved characters (aws-smithy-http's `BASE_SET`).
const BASE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// The same, keeping `/` (the path's "greedy label" encoding).
const PATH_SET: &AsciiSet = &BASE_SET.remove(b'/');

/// What the caller checked and prepared (see `sign_with`): headers already filtered and their
/// values normalized, the payload hash (given, or computed by the caller).
pub(super) struct Prepared<'a> {
    pub req: &'a SignRequest<'a>,
    pub headers: &'a [(&'a str, Cow<'a, str>)],
    pub payload_hash: &'a str,
    pub token: Option<&'a str>,
    pub content_sha256_header: bool,
    pub normalize_path: bool,
    pub sign_session_token: bool,
}

/// The headers to add (name, value) and the signature.
pub(super) type Output = (Vec<(&'static str, String)>, String);

/// Signs; `Err(())` when the URL cannot be signed (where `http::Uri` would refuse it).
///
/// Written for few allocations (this runs once per request): header names are borrowed when
/// already lower case, the hashes and the date are formatted on the stack, the canonical
/// request is one string, and the string to sign is fed to the HMAC in pieces.
pub(super) fn sign(p: &Prepared<'_>) -> Result<Output, ()> {
    let req = p.req;
    let url = Url::parse(req.url)?;
    let date_buf = super::amz_date_bytes(req.time).map_err(|_| ())?;
    let date_time = std::str::from_utf8(&date_buf).map_err(|_| ())?;
    let payload_hash = p.payload_hash;

    // Canonical headers by name; repeated names join their values with `,` in request order.
    // Sorted first (stable, so a name's values keep their order) and then merged with the
    // neighbour, not looked up per header: that was quadratic in the number of headers.
    let mut sorted: Vec<(Cow<'_, str>, Cow<'_, str>)> = p
        .headers
        .iter()
        .map(|(name, value)| (lower(name), trim_all(value)))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canon: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(sorted.len() + 4);
    for (name, value) in sorted {
        match canon.last_mut() {
            Some((n, values)) if *n == name => {
                let joined = values.to_mut();
                joined.push(',');
                joined.push_str(&value);
            }
            _ => canon.push((name, value)),
        }
    }
    if !canon.iter().any(|(n, _)| n == "host") {
        let host = if url.default_port {
            url.host
        } else {
            url.authority
        };
        canon.push((Cow::Borrowed("host"), Cow::Borrowed(host)));
    }
    let mut insert = |name: &'static str, value: &'static str| {
        canon.retain(|(n, _)| n != name);
        canon.push((Cow::Borrowed(name), Cow::Borrowed(value)));
    };
    // Placeholders: the values are borrowed from locals below, which the closure cannot name.
    insert(super::X_AMZ_DATE, "");
    if p.token.is_some() && p.sign_session_token {
        insert(super::X_AMZ_SECURITY_TOKEN, "");
    }
    if p.content_sha256_header {
        insert(super::X_AMZ_CONTENT_SHA256, "");
    }
    if !p.sign_session_token {
        canon.retain(|(n, _)| n != super::X_AMZ_SECURITY_TOKEN);
    }
    for (n, v) in &mut canon {
        match n.as_ref() {
            super::X_AMZ_DATE => *v = Cow::Borrowed(date_time),
            super::X_AMZ_SECURITY_TOKEN if p.sign_session_token => {
                if let Some(t) = p.token {
                    *v = Cow::Borrowed(t);
                }
            }
            super::X_AMZ_CONTENT_SHA256 if p.content_sha256_header => {
                *v = Cow::Borrowed(payload_hash);
            }
            _ => {}
        }
    }
    canon.sort_by(|a, b| a.0.cmp(&b.0));

    let path = if p.normalize_path {
        normalize_path(url.path)
    } else {
        Cow::Borrowed(url.path)
    };
    let mut creq = String::with_capacity(512 + req.url.len());
    creq.push_str(req.method);
    creq.push('\n');
    creq.extend(utf8_percent_encode(&path, PATH_SET));
    creq.push('\n');
    if let Some(q) = url.query {
        creq.push_str(&canonical_query(q));
    }
    creq.push('\n');
    for (name, value) in &canon {
        creq.push_str(name);
        creq.push(':');
        creq.push_str(value);
        creq.push('\n');
    }
    creq.push('\n');
    let signed_start = creq.len();
    for (i, (name, _)) in canon.iter().enumerate() {
        if i > 0 {
            creq.push(';');
        }
        creq.push_str(name);
    }
    let signed_headers = signed_start..creq.len();
    creq.push('\n');
    creq.push_str(payload_hash);

    let date = &date_time[..8];
    let mut creq_hash = [0u8; 64];
    let creq_hash = hex_lower(&Sha256::digest(creq.as_bytes()).into(), &mut creq_hash);
    let key = signing_key(
        req.credentials.secret_access_key.expose(),
        date,
        req.region,
        req.service,
    );
    // The string to sign: "AWS4-HMAC-SHA256\n{date_time}\n{scope}\n{hash of the creq}".
    let sig = hmac_sha256(
        &key,
        &[
            b"AWS4-HMAC-SHA256\n",
            date_time.as_bytes(),
            b"\n",
            date.as_bytes(),
            b"/",
            req.region.as_bytes(),
            b"/",
            req.service.as_bytes(),
            b"/aws4_request\n",
            creq_hash.as_bytes(),
        ],
    );
    let mut sig_buf = [0u8; 64];
    let signature = hex_lower(&sig, &mut sig_buf);

    let akid = &req.credentials.access_key_id;
    let signed_headers = &creq[signed_headers];
    let mut authorization = String::with_capacity(
        100 + akid.len() + req.region.len() + req.service.len() + signed_headers.len(),
    );
    for part in [
        "AWS4-HMAC-SHA256 Credential=",
        akid,
        "/",
        date,
        "/",
        req.region,
        "/",
        req.service,
        "/aws4_request, SignedHeaders=",
        signed_headers,
        ", Signature=",
        signature,
    ] {
        authorization.push_str(part);
    }

    let mut out = Vec::with_capacity(4);
    out.push((super::X_AMZ_DATE, date_time.to_owned()));
    if p.content_sha256_header {
        out.push((super::X_AMZ_CONTENT_SHA256, payload_hash.to_owned()));
    }
    if let Some(t) = p.token {
        out.push((super::X_AMZ_SECURITY_TOKEN, t.to_owned()));
    }
    out.push(("authorization", authorization));
    Ok((out, signature.to_owned()))
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut key = hmac_with_key_parts(&[b"AWS4", secret.as_bytes()], &[date.as_bytes()]);
    for part in [region, service, "aws4_request"] {
        key = hmac_sha256(&key, &[part.as_bytes()]);
    }
    key
}

/// The signing key, then the hex HMAC of the string to sign (`signature_of` without
/// `aws-sigv4`).
#[cfg(not(feature = "aws-sigv4"))]
pub(super) fn signature(
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
    sts: &str,
) -> String {
    let key = signing_key(secret, date, region, service);
    let mut buf = [0u8; 64];
    hex_lower(&hmac_sha256(&key, &[sts.as_bytes()]), &mut buf).to_owned()
}

/// HMAC-SHA256 (RFC 2104) over `sha2`, which the core has anyway (the `hmac` crate at the
/// version `sha2` 0.10 pairs with would be one more dependency for these lines); the message
/// is given in pieces, so nothing is concatenated first.
fn hmac_sha256(key: &[u8], msg: &[&[u8]]) -> [u8; 32] {
    hmac_with_key_parts(&[key], msg)
}

/// HMAC-SHA256 with the key given as the concatenation of `key` (no allocation).
fn hmac_with_key_parts(key: &[&[u8]], msg: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    let len: usize = key.iter().map(|k| k.len()).sum();
    if len > 64 {
        let mut h = Sha256::new();
        for k in key {
            h.update(k);
        }
        block[..32].copy_from_slice(&h.finalize());
    } else {
        let mut at = 0;
        for k in key {
            block[at..at + k.len()].copy_from_slice(k);
            at += k.len();
        }
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for m in msg {
        inner.update(m);
    }
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// Lower-case hex of a SHA-256 digest into `buf`, with a nibble table (the `hex` crate's
/// iterator of chars was a visible cost per request).
pub(super) fn hex_lower<'b>(digest: &[u8; 32], buf: &'b mut [u8; 64]) -> &'b str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in digest.iter().enumerate() {
        buf[2 * i] = DIGITS[usize::from(b >> 4)];
        buf[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
    }
    // Only ASCII digits were written.
    std::str::from_utf8(buf).unwrap_or_default()
}

/// The header name in lower case, borrowed when it already is (the usual case).
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Trims spaces (only spaces) and collapses runs of them, as aws-sigv4's `trim_all`.
fn trim_all(v: &str) -> Cow<'_, str> {
    let v = v.trim_matches(' ');
    if !v.contains("  ") {
        return Cow::Borrowed(v);
    }
    let mut out = String::with_capacity(v.len());
    let mut prev_space = false;
    for c in v.chars() {
        if !(c == ' ' && prev_space) {
            out.push(c);
        }
        prev_space = c == ' ';
    }
    Cow::Owned(out)
}

/// aws-sigv4's `normalize_uri_path`: `.` and empty segments dropped, `..` pops one, a leading
/// `/`, and a trailing `/` kept when the path ended in one (or in `/.`, `/..`).
fn normalize_path(path: &str) -> Cow<'_, str> {
    if path.is_empty() {
        return Cow::Borrowed("/");
    }
    let path: Cow<'_, str> = if path.starts_with('/') {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(format!("/{path}"))
    };
    if !(path.contains('.') || path.contains("//")) {
        return path;
    }
    let mut segs: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let mut out = String::with_capacity(path.len());
    for s in &segs {
        out.push('/');
        out.push_str(s);
    }
    if out.is_empty()
        || ["/", "/.", "/./", "/..", "/../"]
            .iter()
            .any(|e| path.ends_with(e))
    {
        out.push('/');
    }
    Cow::Owned(out)
}

/// The query as `application/x-www-form-urlencoded` pairs (`+` is a space, percent-decoded,
/// empty pairs skipped), each side re-encoded with [`BASE_SET`], sorted, joined with `&`.
fn canonical_query(query: &str) -> String {
    let decode = |s: &str| -> String {
        let plus = s.replace('+', " ");
        String::from_utf8_lossy(&percent_decode(plus.as_bytes()).collect::<Vec<u8>>()).into_owned()
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                utf8_percent_encode(&decode(k), BASE_SET).to_string(),
                utf8_percent_encode(&decode(v), BASE_SET).to_string(),
            )
        })
        .collect();
    pairs.sort();
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// The parts of an absolute URL the signer needs, with `http::Uri`'s acceptance rules.
struct Url<'a> {
    /// Userinfo, host and port as written.
    authority: &'a str,
    /// The host (IPv6 with its brackets).
    host: &'a str,
    /// The port is the scheme's default (80/443): the `host` header has no port then.
    default_port: bool,
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> Url<'a> {
    fn parse(url: &'a str) -> Result<Self, ()> {
        // http::Uri limit
        if url.len() >= usize::from(u16::MAX) {
            return Err(());
        }
        let (scheme, rest) = url.split_once("://").ok_or(())?;
        let https = if scheme.eq_ignore_ascii_case("https") {
            true
        } else if scheme.eq_ignore_ascii_case("http") {
            false
        } else {
            return Err(());
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        check_authority(authority)?;
        let mut pq = &rest[end..];
        if let Some(i) = pq.find('#') {
            // `http::Uri` checks the bytes before the fragment only and drops it
            pq = &pq[..i];
        }
        let (path, query) = match pq.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (pq, None),
        };
        if !path.bytes().all(path_byte) || !query.unwrap_or_default().bytes().all(query_byte) {
            return Err(());
        }
        let host_port = authority.rsplit('@').next().unwrap_or_default();
        let (host, port) = if host_port.starts_with('[') {
            let i = host_port.find(']').ok_or(())?;
            (&host_port[..=i], host_port[i + 1..].strip_prefix(':'))
        } else {
            match host_port.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (host_port, None),
            }
        };
        let default_port = port.is_some_and(|p| p == if https { "443" } else { "80" });
        let path = if path.is_empty() { "/" } else { path };
        Ok(Url {
            authority,
            host,
            default_port,
            path,
            query,
        })
    }
}

/// `http`'s authority check: its URI characters, `%` only before a bracketed part, one pair
/// of brackets, at most one `:` outside them, nothing empty after an `@`.
fn check_authority(a: &str) -> Result<(), ()> {
    if a.is_empty() {
        return Err(());
    }
    let (mut colons, mut open, mut close, mut percent) = (0u32, false, false, false);
    for b in a.bytes() {
        match b {
            b'%' => percent = true,
            b':' => {
                if colons >= 8 {
                    return Err(());
                }
                colons += 1;
            }
            b'[' => {
                if percent || open {
                    return Err(());
                }
                open = true;
            }
            b']' => {
                if !open || close {
                    return Err(());
                }
                close = true;
                colons = 0;
                percent = false;
            }
            b'@' => {
                colons = 0;
                percent = false;
            }
            b if b.is_ascii_alphanumeric() || b"!$&'()*+,-.;=_~".contains(&b) => {}
            _ => return Err(()),
        }
    }
    if open != close || colons > 1 || a.ends_with('@') || percent {
        return Err(());
    }
    Ok(())
}

/// Bytes `http::Uri` accepts in a path (WHATWG path state, plus `"`, `{`, `}`; UTF-8 above).
fn path_byte(b: u8) -> bool {
    matches!(b, 0x21 | 0x24..=0x3B | 0x3D | 0x40..=0x5F | 0x61..=0x7A | 0x7C | 0x7E | b'"' | b'{' | b'}' | 0x80..)
}

/// Bytes `http::Uri` accepts in a query.
fn query_byte(b: u8) -> bool {
    matches!(b, 0x21 | 0x24..=0x3B | 0x3D | 0x3F..=0x7E | 0x80..)
}

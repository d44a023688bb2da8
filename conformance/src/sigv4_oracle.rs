//! An independent SigV4 re-derivation, the test oracle for signatures: it recomputes the
//! signature of a request over exactly the headers an `Authorization` value lists, so the
//! runner can check a recorded SDK signature and the core's own signatures without trusting
//! the core's signer. Canonical URI = every wire path segment URI-encoded again (AWS default
//! for every service but S3), as in `sigv4-sdk-derived.json` of the reference vectors.

use crate::util::percent_decode;
use sha2::{Digest, Sha256};

/// The parts of an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    /// `date/region/service/aws4_request`.
    pub scope: String,
    pub date: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

pub fn parse_authorization(v: &str) -> Option<Authorization> {
    let rest = v.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let mut cred = None;
    let mut signed = None;
    let mut sig = None;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(c) = part.strip_prefix("Credential=") {
            cred = Some(c);
        } else if let Some(s) = part.strip_prefix("SignedHeaders=") {
            signed = Some(s);
        } else if let Some(s) = part.strip_prefix("Signature=") {
            sig = Some(s);
        }
    }
    let (key, scope) = cred?.split_once('/')?;
    let mut it = scope.split('/');
    let (date, region, service) = (it.next()?, it.next()?, it.next()?);
    Some(Authorization {
        access_key_id: key.to_owned(),
        scope: scope.to_owned(),
        date: date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers: signed?.split(';').map(str::to_owned).collect(),
        signature: sig?.to_owned(),
    })
}

/// What to re-derive a signature over.
pub struct Input<'a> {
    pub method: &'a str,
    /// Absolute URL as sent (path already percent-encoded for the wire).
    pub url: &'a str,
    /// Header values by name (any case); `host` is taken from the URL when absent.
    pub headers: &'a [(String, String)],
    pub signed_headers: &'a [String],
    pub body: &'a [u8],
    /// `x-amz-date` value.
    pub amz_date: &'a str,
    pub scope: &'a str,
    pub secret_access_key: &'a str,
}

/// The hex signature, or which signed header is missing.
pub fn signature(i: &Input<'_>) -> Result<String, String> {
    let (authority, path, query) = split_url(i.url);
    let mut canonical_headers = String::new();
    for name in i.signed_headers {
        let values: Vec<String> = i
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| collapse(v))
            .collect();
        let value = if values.is_empty() && name == "host" {
            authority.to_owned()
        } else if values.is_empty() {
            return Err(format!("signed header {name} is not in the request"));
        } else {
            values.join(",")
        };
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        i.method,
        canonical_uri(path),
        canonical_query(query),
        canonical_headers,
        i.signed_headers.join(";"),
        hex::encode(Sha256::digest(i.body)),
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{}\n{}\n{}",
        i.amz_date,
        i.scope,
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = format!("AWS4{}", i.secret_access_key).into_bytes();
    for part in i.scope.split('/') {
        key = hmac(&key, part.as_bytes()).to_vec();
    }
    Ok(hex::encode(hmac(&key, string_to_sign.as_bytes())))
}

/// `(authority, path, query)` of an absolute URL.
fn split_url(url: &str) -> (&str, &str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (authority, target) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let authority = authority
        .strip_suffix(":443")
        .filter(|_| url.starts_with("https://"))
        .or_else(|| {
            authority
                .strip_suffix(":80")
                .filter(|_| url.starts_with("http://"))
        })
        .unwrap_or(authority);
    (authority, path, query)
}

fn collapse(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn uri_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    path.split('/')
        .map(uri_encode)
        .collect::<Vec<_>>()
        .join("/")
}

fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                uri_encode(&percent_decode(k)),
                uri_encode(&percent_decode(v)),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// botocore's direct `count-tokens` vector (reference `sigv4-botocore/count-tokens.json`).
    #[test]
    fn reproduces_a_botocore_signature() {
        let body = br#"{"input":{"invokeModel":{"body":"eyJhbnRocm9waWNfdmVyc2lvbiI6ImJlZHJvY2stMjAyMy0wNS0zMSIsIm1heF90b2tlbnMiOjY0LCJtZXNzYWdlcyI6W3sicm9sZSI6InVzZXIiLCJjb250ZW50IjoiSGVsbG8sIENsYXVkZSJ9XX0="}}}"#;
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
            ("X-Amz-Date".to_owned(), "20260115T120000Z".to_owned()),
        ];
        let signed: Vec<String> = ["accept", "content-type", "host", "x-amz-date"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let sig = signature(&Input {
            method: "POST",
            url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-sonnet-4-5-20250929-v1:0/count-tokens",
            headers: &headers,
            signed_headers: &signed,
            body,
            amz_date: "20260115T120000Z",
            scope: "20260115/us-east-1/bedrock/aws4_request",
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        })
        .unwrap();
        assert_eq!(
            sig,
            "a1cb1a7618b2184832cc92db6d46368859c7823a23325b2fc3b5ca433267edba"
        );
    }

    #[test]
    fn parses_an_authorization_value() {
        let a = parse_authorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260115/eu-west-3/bedrock/aws4_request, SignedHeaders=accept;host;x-amz-date, Signature=00ff").unwrap();
        assert_eq!(a.scope, "20260115/eu-west-3/bedrock/aws4_request");
        assert_eq!(a.region, "eu-west-3");
        assert_eq!(a.service, "bedrock");
        assert_eq!(a.signed_headers, ["accept", "host", "x-amz-date"]);
        assert_eq!(a.signature, "00ff");
        assert!(parse_authorization("Bearer x").is_none());
    }

    #[test]
    fn canonical_uri_encodes_wire_segments_again() {
        assert_eq!(
            canonical_uri("/model/arn:aws:bedrock:us-east-1:1:application-inference-profile%2Fa/invoke"),
            "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aapplication-inference-profile%252Fa/invoke"
        );
    }
}

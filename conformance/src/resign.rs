//! Re-signs every SigV4-signed request in Claude Code captures with the core's signer and
//! checks that the `Authorization` header comes out byte for byte as captured.
//!
//! A request is re-signed from what was on the wire only: the headers named in its
//! `SignedHeaders=` with their captured values, its exact body, its `x-amz-date`, the region and
//! service of its credential scope, and the secret of the access key it names, looked up in the
//! case's own configuration (environment, settings `env`, `~/.aws` files, `awsCredentialExport`).

use crate::report::CaseResult;
use claude_provider_core::sigv4::{self, AwsCredentials, CapturedRequest};
use claude_provider_core::Secret;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Parts of an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` value.
pub struct Authorization<'a> {
    pub access_key_id: &'a str,
    pub date: &'a str,
    pub region: &'a str,
    pub service: &'a str,
    pub signed_headers: Vec<&'a str>,
    pub signature: &'a str,
}

pub fn parse_authorization(value: &str) -> Option<Authorization<'_>> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let scope: Vec<&str> = credential?.split('/').collect();
    let [access_key_id, date, region, service, "aws4_request"] = scope[..] else {
        return None;
    };
    Some(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers: signed?.split(';').collect(),
        signature: signature?,
    })
}

/// Every AWS key pair a capture's configuration holds, wherever it is: environment maps (the
/// process env, settings `env` blocks, at any depth), INI `~/.aws` files, and the JSON that
/// `awsCredentialExport` / `credential_process` commands echo. Requests are matched to these
/// by access key ID, so a pair found somewhere unused does no harm.
pub fn capture_credentials(capture: &Value) -> Vec<AwsCredentials> {
    let mut out = Vec::new();
    if let Some(o) = capture.as_object() {
        for (k, v) in o {
            if k != "servers" {
                collect(v, &mut out);
            }
        }
    }
    out
}

fn credentials(id: &str, secret: &str, token: Option<&str>) -> AwsCredentials {
    AwsCredentials {
        access_key_id: id.to_owned(),
        secret_access_key: Secret::new(secret),
        session_token: token.filter(|t| !t.is_empty()).map(Secret::new),
        expires_at: None,
    }
}

fn collect(v: &Value, out: &mut Vec<AwsCredentials>) {
    match v {
        Value::Object(o) => {
            let get = |k: &str| o.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
            // An environment map, or `{"AccessKeyId": …}` (bare or under `Credentials`).
            for (id, secret, token) in [
                (
                    "AWS_ACCESS_KEY_ID",
                    "AWS_SECRET_ACCESS_KEY",
                    "AWS_SESSION_TOKEN",
                ),
                ("AccessKeyId", "SecretAccessKey", "SessionToken"),
            ] {
                if let (Some(i), Some(s)) = (get(id), get(secret)) {
                    out.push(credentials(i, s, get(token)));
                }
            }
            o.values().for_each(|x| collect(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        Value::String(text) => {
            if text.contains("aws_access_key_id") {
                ini_credentials(text, out);
            }
            // A JSON file's text, or a command such as `echo '{…}'`.
            if text.contains("AccessKeyId") || text.contains("AWS_ACCESS_KEY_ID") {
                if let (Some(a), Some(b)) = (text.find('{'), text.rfind('}')) {
                    if let Ok(inner) = serde_json::from_str::<Value>(&text[a..=b]) {
                        collect(&inner, out);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Static keys from any `[section]` of an INI-style `~/.aws/credentials` or `~/.aws/config`.
fn ini_credentials(text: &str, out: &mut Vec<AwsCredentials>) {
    let mut sections: Vec<Vec<(String, String)>> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            sections.push(Vec::new());
        } else if let (Some(sec), Some((k, v))) = (sections.last_mut(), line.split_once('=')) {
            sec.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    for sec in &sections {
        let get = |k: &str| sec.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        if let (Some(id), Some(secret)) = (get("aws_access_key_id"), get("aws_secret_access_key")) {
            out.push(credentials(id, secret, get("aws_session_token")));
        }
    }
}

/// Re-signs one request and compares with `authorization` as captured. `headers` are all the
/// request's headers in wire order; `host` may be absent, then the URL's authority is signed.
pub fn resign_one(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    authorization: &str,
    candidates: &[AwsCredentials],
) -> Result<(), String> {
    let auth = parse_authorization(authorization)
        .ok_or_else(|| format!("unparsable Authorization `{authorization}`"))?;
    let value_of = |name: &str| {
        headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    let mut signed: Vec<(String, String)> = Vec::new();
    for name in &auth.signed_headers {
        let found = value_of(name);
        if found.is_empty() && *name != "host" {
            return Err(format!(
                "signed header `{name}` is not among the captured headers"
            ));
        }
        signed.extend(found);
    }
    let amz_date = value_of("x-amz-date")
        .first()
        .map(|(_, v)| v.clone())
        .ok_or("no x-amz-date header")?;
    if !amz_date.starts_with(auth.date) {
        return Err(format!(
            "x-amz-date {amz_date} is not on the credential scope's date {}",
            auth.date
        ));
    }
    let matching: Vec<&AwsCredentials> = candidates
        .iter()
        .filter(|c| c.access_key_id == auth.access_key_id)
        .collect();
    if matching.is_empty() {
        return Err(format!(
            "no secret for access key {} in the case's configuration",
            auth.access_key_id
        ));
    }
    let mut last = String::new();
    for creds in matching {
        let ours = sigv4::resign_authorization(&CapturedRequest {
            method,
            url,
            signed_headers: &signed,
            body,
            service: auth.service,
            region: auth.region,
            amz_date: &amz_date,
            credentials: creds,
        })
        .map_err(|e| format!("our signer refused it: {e}"))?;
        if ours == authorization {
            return Ok(());
        }
        last = ours;
    }
    Err(format!(
        "re-signed Authorization differs from the captured one (Signature={}):\n    ours:     {last}\n    captured: {authorization}",
        auth.signature
    ))
}

fn request_headers(r: &Value) -> Option<Vec<(String, String)>> {
    r.get("headers")?
        .as_array()?
        .iter()
        .map(|pair| {
            let p = pair.as_array()?;
            Some((
                p.first()?.as_str()?.to_owned(),
                p.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

/// `scheme://authority` + the raw target. Through a MITM proxy the authority is the tunnel
/// target (its default port dropped, as a client's Host header does); otherwise the Host header.
fn request_url(r: &Value, headers: &[(String, String)]) -> Result<String, String> {
    let scheme = r.get("scheme").and_then(Value::as_str).unwrap_or("http");
    let target = r
        .get("raw_target")
        .and_then(Value::as_str)
        .ok_or("no raw_target")?;
    let authority = match r.get("tunnel_target").and_then(Value::as_str) {
        Some(t) => {
            let default_port = if scheme == "https" { ":443" } else { ":80" };
            t.strip_suffix(default_port).unwrap_or(t).to_owned()
        }
        None => headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .ok_or("no Host header and no tunnel target")?,
    };
    Ok(format!("{scheme}://{authority}{target}"))
}

/// The exact body: `body_text` when it was UTF-8, else `body_b64`.
fn request_body(r: &Value) -> Result<Vec<u8>, String> {
    if let Some(t) = r.get("body_text").and_then(Value::as_str) {
        return Ok(t.as_bytes().to_vec());
    }
    match r.get("body_b64").and_then(Value::as_str) {
        Some(b) => decode_base64(b).ok_or_else(|| "body_b64 is not base64".to_owned()),
        None => Ok(Vec::new()),
    }
}

/// Standard base64 with padding (the recorder's `base64.b64encode`).
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Every SigV4-signed request in one capture, with whether it re-signs byte for byte.
pub fn resign_capture_requests(capture: &Value) -> Vec<(String, Result<(), String>)> {
    let case = capture.get("case").and_then(Value::as_str).unwrap_or("?");
    let Some(servers) = capture.get("servers").and_then(Value::as_object) else {
        return Vec::new();
    };
    let candidates = capture_credentials(capture);
    let mut out = Vec::new();
    for (server, s) in servers {
        let requests = s.get("requests").and_then(Value::as_array);
        for (i, r) in requests.into_iter().flatten().enumerate() {
            let Some(headers) = request_headers(r) else {
                continue;
            };
            let Some((_, authorization)) = headers
                .iter()
                .find(|(n, v)| n.eq_ignore_ascii_case("authorization") && v.starts_with("AWS4-"))
            else {
                continue;
            };
            let method = r.get("method").and_then(Value::as_str).unwrap_or("");
            let target = r.get("raw_target").and_then(Value::as_str).unwrap_or("");
            let seq = r.get("seq").and_then(Value::as_u64).unwrap_or(i as u64 + 1);
            let label = format!("{case}/{server}#{seq} {method} {target}");
            let result = (|| {
                let body = request_body(r)?;
                if let Some(want) = r.get("body_sha256").and_then(Value::as_str) {
                    if hex::encode(Sha256::digest(&body)) != want {
                        return Err("the stored body does not hash to body_sha256".to_owned());
                    }
                }
                let url = request_url(r, &headers)?;
                resign_one(method, &url, &headers, &body, authorization, &candidates)
            })();
            out.push((label, result));
        }
    }
    out
}

/// Mode `resign DIR`: every capture file in DIR; other files (expectations, notes, empty) are skipped.
pub fn run(dir: &Path) -> Vec<CaseResult> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut results = Vec::new();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(capture) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if capture.get("servers").is_none() {
            continue;
        }
        for (label, r) in resign_capture_requests(&capture) {
            results.push(match r {
                Ok(()) => CaseResult::pass(label),
                Err(why) => CaseResult::fail(label, why),
            });
        }
    }
    if results.is_empty() {
        results.push(CaseResult::fail(
            dir.display().to_string(),
            "no SigV4-signed request found in any capture",
        ));
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_parts() {
        let a = parse_authorization("AWS4-HMAC-SHA256 Credential=AKID/20261126/eu-west-3/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc").unwrap();
        assert_eq!(
            (a.access_key_id, a.date, a.region, a.service),
            ("AKID", "20261126", "eu-west-3", "bedrock")
        );
        assert_eq!(a.signed_headers, ["host", "x-amz-date"]);
        assert_eq!(a.signature, "abc");
        assert!(parse_authorization("Bearer x").is_none());
        assert!(parse_authorization(
            "AWS4-HMAC-SHA256 Credential=A/B/C, SignedHeaders=h, Signature=s"
        )
        .is_none());
    }

    #[test]
    fn credentials_from_every_source_a_case_can_use() {
        let capture = serde_json::json!({
            "case_env": {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "envSecret", "AWS_SESSION_TOKEN": "envToken"},
            "settings_json": {
                "env": {"AWS_ACCESS_KEY_ID": "AKSETTINGS", "AWS_SECRET_ACCESS_KEY": "settingsSecret"},
                "awsCredentialExport": "echo '{\"Credentials\":{\"AccessKeyId\":\"ASIAEXPORT\",\"SecretAccessKey\":\"exportSecret\",\"SessionToken\":\"exportToken\"}}'"
            },
            "home_files": {
                ".aws/credentials": "[p]\naws_access_key_id = AKPROFILE\naws_secret_access_key = profileSecret\n",
                ".claude/settings.json": "{\"env\": {\"AWS_ACCESS_KEY_ID\": \"AKHOMESETTINGS\", \"AWS_SECRET_ACCESS_KEY\": \"homeSecret\"}}"
            },
            "servers": {"main": {"requests": [{"headers": [["x", "{\"AccessKeyId\":\"AKWIRE\",\"SecretAccessKey\":\"no\"}"]]}]}}
        });
        let mut found: Vec<(String, String, Option<String>)> = capture_credentials(&capture)
            .into_iter()
            .map(|c| {
                (
                    c.access_key_id,
                    c.secret_access_key.expose().to_owned(),
                    c.session_token.map(|t| t.expose().to_owned()),
                )
            })
            .collect();
        found.sort();
        let own =
            |a: &str, b: &str, c: Option<&str>| (a.to_owned(), b.to_owned(), c.map(str::to_owned));
        assert_eq!(
            found,
            [
                own("AKENV", "envSecret", Some("envToken")),
                own("AKHOMESETTINGS", "homeSecret", None),
                own("AKPROFILE", "profileSecret", None),
                own("AKSETTINGS", "settingsSecret", None),
                own("ASIAEXPORT", "exportSecret", Some("exportToken")),
            ]
        );
    }

    #[test]
    fn binary_bodies_come_from_body_b64() {
        let r = serde_json::json!({"body_b64": "AP8Qn2E="});
        assert_eq!(request_body(&r).unwrap(), [0x00, 0xff, 0x10, 0x9f, 0x61]);
        assert_eq!(decode_base64("aGVsbG8gd29ybGQ=").unwrap(), b"hello world");
        assert!(decode_base64("a*b").is_none());
        let text = serde_json::json!({"body_text": "{}", "body_b64": "xx"});
        assert_eq!(request_body(&text).unwrap(), b"{}");
    }

    #[test]
    fn url_uses_the_tunnel_target_without_its_default_port() {
        let headers = vec![("Host".to_owned(), "127.0.0.1:9".to_owned())];
        let proxied = serde_json::json!({"scheme": "https", "tunnel_target": "bedrock-runtime.us-east-1.amazonaws.com:443", "raw_target": "/model/m/invoke"});
        assert_eq!(
            request_url(&proxied, &headers).unwrap(),
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke"
        );
        let direct =
            serde_json::json!({"scheme": "http", "tunnel_target": null, "raw_target": "/x?a=b"});
        assert_eq!(
            request_url(&direct, &headers).unwrap(),
            "http://127.0.0.1:9/x?a=b"
        );
    }
}

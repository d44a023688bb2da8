//! Mode `sigv4-suite DIR`: the AWS SigV4 test suite (CRT layout, `DIR/v4/<case>/`) through the
//! core's signer, header-signing variant.
//!
//! Each case's `context.json` maps onto [`SignOptions`]: `normalize` → path normalization,
//! `sign_body` → the `x-amz-content-sha256` header (without it the CRT harness signs the empty
//! payload hash), `omit_session_token` → the token added after signing. The path is double
//! encoded for every case, as the CRT harness (`use_double_uri_encode = true`) and Bedrock do.
//! The two cases smithy-rs added without a `context.json` take theirs from
//! `DIR/legacy-contexts.json` (ours; see PROVENANCE).
//!
//! Stages: the canonical request and string to sign are checked through the signature they
//! imply (see [`crate::botocore::check_stages`]); then the signature, then the signed request's
//! `Authorization`, `X-Amz-Date`, `X-Amz-Security-Token` and `x-amz-content-sha256`. The
//! `query-*` files (presigned URLs) are not read: the providers we sign for use header signing.

use crate::botocore::{check_stages, Scope};
use crate::report::CaseResult;
use claude_provider_core::sigv4::{self, AwsCredentials, SignOptions, SignRequest};
use claude_provider_core::Secret;
use serde_json::Value;
use std::path::Path;
use std::time::SystemTime;

const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Context {
    credentials: AwsCredentials,
    region: String,
    service: String,
    time: SystemTime,
    normalize: bool,
    sign_body: bool,
    omit_session_token: bool,
}

fn context(v: &Value) -> Result<Context, String> {
    let s = |v: &Value, k: &str| -> Result<String, String> {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("context has no `{k}`"))
    };
    let b = |k: &str, default: bool| v.get(k).and_then(Value::as_bool).unwrap_or(default);
    let c = &v["credentials"];
    // `2015-08-30T12:36:00Z` → `20150830T123600Z`.
    let stamp: String = s(v, "timestamp")?
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    Ok(Context {
        credentials: AwsCredentials {
            access_key_id: s(c, "access_key_id")?,
            secret_access_key: Secret::new(s(c, "secret_access_key")?),
            session_token: c.get("token").and_then(Value::as_str).map(Secret::new),
            expires_at: None,
        },
        region: s(v, "region")?,
        service: s(v, "service")?,
        time: sigv4::parse_amz_date(&stamp).map_err(|e| e.to_string())?,
        normalize: b("normalize", true),
        sign_body: b("sign_body", false),
        omit_session_token: b("omit_session_token", false),
    })
}

struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses the suite's raw HTTP/1.1 text. Obsolete line folding (a line starting with
/// whitespace) is joined to the previous value with a space, as RFC 9112 §5.2 lets a recipient do.
fn parse_request(text: &str) -> Result<Request, String> {
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
    let mut lines = head.lines();
    let line = lines.next().ok_or("empty request")?;
    let (method, rest) = line.split_once(' ').ok_or("bad request line")?;
    let target = rest.rsplit_once(" HTTP/").map_or(rest, |(t, _)| t);
    let mut headers: Vec<(String, String)> = Vec::new();
    for l in lines {
        if l.starts_with([' ', '\t']) {
            let (_, v) = headers
                .last_mut()
                .ok_or("continuation line before any header")?;
            v.push(' ');
            v.push_str(l.trim());
        } else if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_owned(), v.trim().to_owned()));
        } else if !l.trim().is_empty() {
            return Err(format!("bad header line `{l}`"));
        }
    }
    let mut req = Request {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: Vec::new(),
    };
    let len = req
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok());
    req.body = match len {
        Some(n) => body
            .as_bytes()
            .get(..n)
            .ok_or("body shorter than Content-Length")?
            .to_vec(),
        None => body.trim_end_matches('\n').as_bytes().to_vec(),
    };
    Ok(req)
}

/// Bytes that cannot be in an HTTP request-target (space, controls, non-ASCII, `"<>\^`{|}`)
/// are percent-encoded, as any client does before sending; everything else is left as written.
fn wire_target(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for &b in target.as_bytes() {
        if b <= 0x20 || b >= 0x7f || b"\"<>\\^`{|}".contains(&b) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

fn read(dir: &Path, file: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(file))
        .ok()
        .map(|t| t.replace("\r\n", "\n").trim_end_matches('\n').to_owned())
}

fn run_case(name: &str, dir: &Path, legacy: Option<&Value>) -> CaseResult {
    let ctx_json = match read(dir, "context.json") {
        Some(t) => serde_json::from_str::<Value>(&t).map_err(|e| e.to_string()),
        None => legacy
            .cloned()
            .ok_or_else(|| "no context.json and no legacy context".to_owned()),
    };
    let ctx = match ctx_json.and_then(|v| context(&v)) {
        Ok(c) => c,
        Err(e) => return CaseResult::fail(name, e),
    };
    let req = match read(dir, "request.txt")
        .ok_or_else(|| "no request.txt".to_owned())
        .and_then(|t| parse_request(&t))
    {
        Ok(r) => r,
        Err(e) => return CaseResult::fail(name, e),
    };
    let Some(host) = req.header("host") else {
        return CaseResult::fail(name, "request has no Host header");
    };
    let url = format!("https://{host}{}", wire_target(&req.target));
    let opts = SignOptions {
        content_sha256_header: ctx.sign_body,
        normalize_path: ctx.normalize,
        sign_session_token: !ctx.omit_session_token,
        payload_sha256: (!ctx.sign_body).then_some(EMPTY_SHA256),
    };
    let sign_at = |time: SystemTime| {
        sigv4::sign_with(
            &SignRequest {
                method: &req.method,
                url: &url,
                headers: &req.headers,
                body: &req.body,
                service: &ctx.service,
                region: &ctx.region,
                time,
                credentials: &ctx.credentials,
            },
            &opts,
        )
        .map_err(|e| format!("our signer refused it: {e}"))
    };
    let signed = match sign_at(ctx.time) {
        Ok(s) => s,
        Err(e) => return CaseResult::fail(name, e),
    };
    let scope_at = |time| Scope {
        secret: &ctx.credentials.secret_access_key,
        time,
        region: &ctx.region,
        service: &ctx.service,
    };
    let mut diffs = Vec::new();
    let creq = read(dir, "header-canonical-request.txt");
    let sts = read(dir, "header-string-to-sign.txt");
    // A canonical request is checked at the date it states (one legacy case's file is older
    // than its signed request).
    let creq_time = creq
        .as_deref()
        .and_then(|c| c.lines().find_map(|l| l.strip_prefix("x-amz-date:")))
        .and_then(|d| sigv4::parse_amz_date(d).ok())
        .unwrap_or(ctx.time);
    if creq_time == ctx.time {
        check_stages(
            &mut diffs,
            &signed.signature,
            &scope_at(ctx.time),
            creq.as_deref(),
            sts.as_deref(),
        );
    } else {
        match sign_at(creq_time) {
            Ok(s) => check_stages(
                &mut diffs,
                &s.signature,
                &scope_at(creq_time),
                creq.as_deref(),
                None,
            ),
            Err(e) => diffs.push(e),
        }
        check_stages(
            &mut diffs,
            &signed.signature,
            &scope_at(ctx.time),
            None,
            sts.as_deref(),
        );
    }

    let expected_request = read(dir, "header-signed-request.txt").map(|t| parse_request(&t));
    let expected_request = match expected_request {
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => return CaseResult::fail(name, format!("header-signed-request.txt: {e}")),
        None => None,
    };
    let expected_auth = expected_request
        .as_ref()
        .and_then(|r| r.header("authorization"));
    let expected_sig = read(dir, "header-signature.txt")
        .or_else(|| expected_auth.and_then(|a| a.split("Signature=").nth(1).map(str::to_owned)));
    match expected_sig {
        Some(s) if s.trim() != signed.signature => diffs.push(format!(
            "signature {} != expected {}",
            signed.signature,
            s.trim()
        )),
        Some(_) => {}
        None => diffs.push("the case gives no signature".into()),
    }
    if let Some(exp) = &expected_request {
        if expected_auth != Some(signed.authorization()) {
            diffs.push(format!(
                "Authorization differs:\n    ours:     {}\n    expected: {}",
                signed.authorization(),
                expected_auth.unwrap_or("<none>")
            ));
        }
        for h in ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
            let (want, ours) = (exp.header(h), signed.header(h));
            // The expected request keeps the input's own headers; compare what signing adds.
            let input_has = req.header(h).is_some();
            if want != ours && !(input_has && ours.is_none()) {
                diffs.push(format!(
                    "{h}: ours {} vs expected {}",
                    if h == "x-amz-security-token" {
                        ours.map(|_| "<token>")
                    } else {
                        ours
                    }
                    .unwrap_or("<none>"),
                    if h == "x-amz-security-token" {
                        want.map(|_| "<token>")
                    } else {
                        want
                    }
                    .unwrap_or("<none>"),
                ));
            }
        }
    }
    CaseResult::from_diffs(name, diffs)
}

pub fn run(dir: &Path) -> Vec<CaseResult> {
    let root = if dir.join("v4").is_dir() {
        dir.join("v4")
    } else {
        dir.to_path_buf()
    };
    let legacy: Value = read(dir, "legacy-contexts.json")
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("request.txt").is_file())
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    let mut results: Vec<CaseResult> = cases
        .iter()
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("?");
            run_case(name, p, legacy.get(name))
        })
        .collect();
    if results.is_empty() {
        results.push(CaseResult::fail(
            root.display().to_string(),
            "no suite case found",
        ));
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_headers_are_joined_and_the_body_cut_at_content_length() {
        let r = parse_request("POST /a HTTP/1.1\nHost:h\nMy-Header1:value1\n  value2\n     value3\nContent-Length:3\n\nabc\n").unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("POST", "/a"));
        assert_eq!(r.header("my-header1"), Some("value1 value2 value3"));
        assert_eq!(r.body, b"abc");
    }

    #[test]
    fn bytes_invalid_in_a_request_target_are_percent_encoded() {
        assert_eq!(wire_target("/example space/"), "/example%20space/");
        assert_eq!(wire_target("/?ሴ=bar"), "/?%E1%88%B4=bar");
        assert_eq!(wire_target("/a%3Ab/-_.~"), "/a%3Ab/-_.~");
    }
}

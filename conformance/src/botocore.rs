//! Mode `botocore DIR`: the deterministic SigV4 vectors made with botocore
//! (`sigv4-botocore/*.json`), the boto3 `bedrock-runtime` client's own requests (`boto3-*.json`)
//! and, when present in DIR, `sigv4-sdk-derived.json` (every SigV4 request the Anthropic SDKs
//! made, with botocore's canonical request and string to sign). Each is re-signed with the core.
//!
//! The intermediate stages are checked through the signature they imply: the HMAC of the
//! vector's own string to sign (and of the string to sign its canonical request hashes to)
//! under the same key must equal our signature, which tells which stage differs.

use crate::report::CaseResult;
use crate::resign;
use claude_provider_core::sigv4::{self, AwsCredentials, SignOptions, SignRequest};
use claude_provider_core::Secret;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::SystemTime;

/// The fixed key pair of every vector made by the reference harness (vectors README): the AWS
/// test-suite pair. `sigv4-sdk-derived.json` does not repeat it.
const SUITE_ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SUITE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Key, time and scope a vector's stages are computed with.
pub struct Scope<'a> {
    pub secret: &'a Secret,
    pub time: SystemTime,
    pub region: &'a str,
    pub service: &'a str,
}

impl<'a> Scope<'a> {
    /// The scope `req` is signed in.
    pub fn of(req: &SignRequest<'a>) -> Self {
        Scope {
            secret: &req.credentials.secret_access_key,
            time: req.time,
            region: req.region,
            service: req.service,
        }
    }
}

/// Compares `ours` with the signatures implied by the vector's canonical request and string to
/// sign, pushing one line per stage that differs.
pub fn check_stages(
    diffs: &mut Vec<String>,
    ours: &str,
    scope: &Scope<'_>,
    canonical_request: Option<&str>,
    string_to_sign: Option<&str>,
) {
    let implied = |sts: &str| {
        sigv4::signature_of(sts, scope.secret, scope.time, scope.region, scope.service)
            .unwrap_or_else(|e| format!("<{e}>"))
    };
    let from_creq = canonical_request.map(|c| {
        sigv4::string_to_sign(c, scope.time, scope.region, scope.service)
            .unwrap_or_else(|e| format!("<{e}>"))
    });
    if let Some(sts) = &from_creq {
        if implied(sts) != ours {
            diffs.push(format!(
                "canonical request: ours differs from the vector's:\n{}",
                indent(canonical_request.unwrap_or_default())
            ));
        }
    }
    if let Some(sts) = string_to_sign {
        if from_creq.as_deref().is_some_and(|c| c != sts) {
            diffs.push(
                "vector inconsistent: its canonical request does not hash to its string to sign"
                    .into(),
            );
        }
        if implied(sts) != ours {
            diffs.push(format!(
                "string to sign: ours differs from the vector's:\n{}",
                indent(sts)
            ));
        }
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("      | {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn pairs(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let p = p.as_array()?;
            Some((
                p.first()?.as_str()?.to_owned(),
                p.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

fn creds(id: &str, secret: &str, token: Option<&str>) -> AwsCredentials {
    AwsCredentials {
        access_key_id: id.to_owned(),
        secret_access_key: Secret::new(secret),
        session_token: token.map(Secret::new),
        expires_at: None,
    }
}

fn signed_headers_of(authorization: &str) -> &str {
    authorization
        .split(", ")
        .find_map(|p| p.strip_prefix("SignedHeaders="))
        .unwrap_or_default()
}

/// `inputs` → `expected`: a request signed by botocore's `SigV4Auth` directly.
fn vector(name: &str, v: &Value) -> CaseResult {
    let (i, e) = (&v["inputs"], &v["expected"]);
    let mut diffs = Vec::new();
    let body = str_of(i, "body_text").as_bytes();
    if let Some(want) = i.get("body_sha256").and_then(Value::as_str) {
        if hex::encode(Sha256::digest(body)) != want {
            return CaseResult::fail(
                name,
                "vector inconsistent: body_text does not hash to body_sha256",
            );
        }
    }
    let time = match sigv4::parse_amz_date(str_of(i, "time")) {
        Ok(t) => t,
        Err(err) => return CaseResult::fail(name, err.to_string()),
    };
    let c = creds(
        str_of(i, "access_key_id"),
        str_of(i, "secret_access_key"),
        i.get("session_token").and_then(Value::as_str),
    );
    let headers = pairs(i.get("headers"));
    let (region, service) = (str_of(i, "region"), str_of(i, "service"));
    let req = SignRequest {
        method: str_of(i, "method"),
        url: str_of(i, "url"),
        headers: &headers,
        body,
        service,
        region,
        time,
        credentials: &c,
    };
    // botocore adds no x-amz-content-sha256 for Bedrock; a vector that has it passes it as input.
    let signed = match sigv4::sign_with(&req, &SignOptions::BOTOCORE) {
        Ok(s) => s,
        Err(err) => return CaseResult::fail(name, format!("our signer refused it: {err}")),
    };
    check_stages(
        &mut diffs,
        &signed.signature,
        &Scope::of(&req),
        e.get("canonical_request").and_then(Value::as_str),
        e.get("string_to_sign").and_then(Value::as_str),
    );
    if signed.signature != str_of(e, "signature") {
        diffs.push(format!(
            "signature {} != expected {}",
            signed.signature,
            str_of(e, "signature")
        ));
    }
    if signed.authorization() != str_of(e, "authorization") {
        diffs.push(format!(
            "Authorization differs:\n    ours:     {}\n    expected: {}",
            signed.authorization(),
            str_of(e, "authorization")
        ));
    }
    if signed_headers_of(signed.authorization()) != str_of(e, "signed_headers") {
        diffs.push(format!(
            "SignedHeaders {} != expected {}",
            signed_headers_of(signed.authorization()),
            str_of(e, "signed_headers")
        ));
    }
    // What botocore added to the request must be what we add.
    let lower = |v: Vec<(String, String)>| {
        let mut v: Vec<(String, String)> = v
            .into_iter()
            .map(|(n, x)| (n.to_ascii_lowercase(), x))
            .collect();
        v.sort();
        v
    };
    let input_names: Vec<String> = headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    let expected_added = lower(pairs(e.get("headers_after_signing")))
        .into_iter()
        .filter(|(n, _)| !input_names.contains(n))
        .collect::<Vec<_>>();
    let ours_added = lower(signed.headers.clone());
    if ours_added != expected_added {
        diffs.push(format!(
            "added headers differ: ours {:?}, botocore {:?}",
            ours_added.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            expected_added.iter().map(|(n, _)| n).collect::<Vec<_>>()
        ));
    }
    CaseResult::from_diffs(name, diffs)
}

/// A request the boto3 `bedrock-runtime` client produced: re-signed from its own headers.
fn boto3(name: &str, v: &Value) -> CaseResult {
    let r = &v["request"];
    let headers = pairs(r.get("headers"));
    let Some((_, authorization)) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    else {
        return CaseResult::fail(name, "no Authorization header");
    };
    let c = creds(
        str_of(v, "access_key_id"),
        str_of(v, "secret_access_key"),
        None,
    );
    match resign::resign_one(
        str_of(r, "method"),
        str_of(r, "url"),
        &headers,
        str_of(r, "body_text").as_bytes(),
        authorization,
        &[c],
    ) {
        Ok(()) => CaseResult::pass(name),
        Err(why) => CaseResult::fail(name, why),
    }
}

/// One `sigv4-sdk-derived.json` entry: rebuilt from its canonical request (header values and
/// payload hash; the body itself is not in the file) and the URL the SDK used.
fn sdk_derived(entry: &Value) -> CaseResult {
    let name = format!("sdk-derived/{}", str_of(entry, "vector"));
    let creq = str_of(entry, "canonical_request");
    let lines: Vec<&str> = creq.split('\n').collect();
    if lines.len() < 6 {
        return CaseResult::fail(name, "canonical request too short");
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines[3..].iter().take_while(|l| !l.is_empty()) {
        match line.split_once(':') {
            Some((n, v)) => headers.push((n.to_owned(), v.to_owned())),
            None => return CaseResult::fail(name, format!("bad canonical header line `{line}`")),
        }
    }
    let value = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    let time = match value("x-amz-date").map(sigv4::parse_amz_date) {
        Some(Ok(t)) => t,
        _ => return CaseResult::fail(name, "no valid x-amz-date in the canonical request"),
    };
    let c = creds(
        SUITE_ACCESS_KEY_ID,
        SUITE_SECRET,
        value("x-amz-security-token"),
    );
    let payload_hash = lines[lines.len() - 1];
    let (region, service) = (str_of(entry, "region"), str_of(entry, "service"));
    let req = SignRequest {
        method: lines[0],
        url: str_of(entry, "url"),
        headers: &headers,
        body: b"",
        service,
        region,
        time,
        credentials: &c,
    };
    // An x-amz-content-sha256 in the canonical request is signed as the given header it was.
    let opts = SignOptions {
        content_sha256_header: false,
        payload_sha256: Some(payload_hash),
        ..SignOptions::CLAUDE_CODE
    };
    let signed = match sigv4::sign_with(&req, &opts) {
        Ok(s) => s,
        Err(err) => return CaseResult::fail(name, format!("our signer refused it: {err}")),
    };
    let mut diffs = Vec::new();
    check_stages(
        &mut diffs,
        &signed.signature,
        &Scope::of(&req),
        Some(creq),
        entry.get("string_to_sign").and_then(Value::as_str),
    );
    for key in ["sdk_signature", "botocore_signature"] {
        if signed.signature != str_of(entry, key) {
            diffs.push(format!(
                "signature {} != {key} {}",
                signed.signature,
                str_of(entry, key)
            ));
        }
    }
    let ours_signed = signed_headers_of(signed.authorization());
    if ours_signed != str_of(entry, "sdk_signed_headers") {
        diffs.push(format!(
            "SignedHeaders {ours_signed} != SDK's {}",
            str_of(entry, "sdk_signed_headers")
        ));
    }
    let scope_prefix = format!("AWS4-HMAC-SHA256 Credential={SUITE_ACCESS_KEY_ID}/");
    if !signed.authorization().starts_with(&scope_prefix) {
        diffs.push(format!(
            "Authorization malformed: {}",
            signed.authorization()
        ));
    }
    CaseResult::from_diffs(name, diffs)
}

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
        let Ok(v) = std::fs::read_to_string(path)
            .map_err(|_| ())
            .and_then(|t| serde_json::from_str::<Value>(&t).map_err(|_| ()))
        else {
            continue;
        };
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let name = v.get("name").and_then(Value::as_str).unwrap_or(stem);
        match &v {
            Value::Array(entries)
                if entries.iter().all(|e| e.get("canonical_request").is_some()) =>
            {
                results.extend(entries.iter().map(sdk_derived));
            }
            Value::Object(o) if o.contains_key("inputs") && o.contains_key("expected") => {
                results.push(vector(name, &v));
            }
            Value::Object(o) if o.contains_key("request") => results.push(boto3(name, &v)),
            _ => {}
        }
    }
    if results.is_empty() {
        results.push(CaseResult::fail(
            dir.display().to_string(),
            "no SigV4 vector found",
        ));
    }
    results
}

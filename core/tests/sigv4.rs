//! SigV4 against the vendored reference vectors in `tests/fixtures/` (botocore, boto3, the
//! Anthropic SDKs' requests, a sample of the AWS suite, and Claude Code captures).

use claude_provider_core::sigv4::{
    self, parse_amz_date, resign_authorization, sign_with, AwsCredentials, CapturedRequest,
    SignOptions, SignRequest,
};
use claude_provider_core::Secret;
use serde_json::Value;
use std::path::PathBuf;

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn json(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `.json` files of a fixture directory (it also holds a README).
fn json_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn creds(id: &str, secret: &str, token: Option<&str>) -> AwsCredentials {
    AwsCredentials {
        access_key_id: id.into(),
        secret_access_key: Secret::new(secret),
        session_token: token.map(Secret::new),
        expires_at: None,
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("no string `{k}`"))
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Headers named in an Authorization's `SignedHeaders=`, with their values from `headers`.
fn named_in(authorization: &str, headers: &[(String, String)]) -> Vec<(String, String)> {
    let list = authorization
        .split(", ")
        .find_map(|p| p.strip_prefix("SignedHeaders="))
        .unwrap();
    list.split(';')
        .flat_map(|n| {
            headers
                .iter()
                .filter(move |(k, _)| k.eq_ignore_ascii_case(n))
        })
        .cloned()
        .collect()
}

fn scope_of(authorization: &str) -> (String, String) {
    let cred = authorization
        .split(", ")
        .next()
        .and_then(|p| p.strip_prefix("AWS4-HMAC-SHA256 Credential="))
        .unwrap();
    let parts: Vec<&str> = cred.split('/').collect();
    (parts[2].to_owned(), parts[3].to_owned())
}

#[test]
fn botocore_vectors_sign_identically_stage_by_stage() {
    let dir = fixtures().join("sdk/sigv4-botocore");
    let mut n = 0;
    for path in json_files(&dir) {
        let v = json(path);
        let (Some(i), Some(e)) = (v.get("inputs"), v.get("expected")) else {
            continue;
        };
        let name = s(&v, "name");
        let time = parse_amz_date(s(i, "time")).unwrap();
        let c = creds(
            s(i, "access_key_id"),
            s(i, "secret_access_key"),
            i["session_token"].as_str(),
        );
        let headers = pairs(&i["headers"]);
        let req = SignRequest {
            method: s(i, "method"),
            url: s(i, "url"),
            headers: &headers,
            body: s(i, "body_text").as_bytes(),
            service: s(i, "service"),
            region: s(i, "region"),
            time,
            credentials: &c,
        };
        let signed = sign_with(&req, &SignOptions::BOTOCORE).unwrap();
        // Stage 2: the string to sign of botocore's canonical request; stage 3: its signature.
        let sts = sigv4::string_to_sign(s(e, "canonical_request"), time, req.region, req.service)
            .unwrap();
        assert_eq!(sts, s(e, "string_to_sign"), "{name}");
        let implied =
            sigv4::signature_of(&sts, &c.secret_access_key, time, req.region, req.service).unwrap();
        assert_eq!(
            signed.signature, implied,
            "{name}: canonical request differs"
        );
        assert_eq!(signed.signature, s(e, "signature"), "{name}");
        assert_eq!(signed.authorization(), s(e, "authorization"), "{name}");
        n += 1;
    }
    assert_eq!(n, 8, "botocore SigV4Auth vectors found");
}

#[test]
fn boto3_bedrock_runtime_requests_resign() {
    let dir = fixtures().join("sdk/sigv4-botocore");
    let mut n = 0;
    for path in json_files(&dir) {
        let v = json(path);
        let Some(r) = v.get("request") else { continue };
        let headers = pairs(&r["headers"]);
        let auth = &headers
            .iter()
            .find(|(k, _)| k == "Authorization")
            .unwrap()
            .1;
        let amz_date = &headers.iter().find(|(k, _)| k == "X-Amz-Date").unwrap().1;
        let (region, service) = scope_of(auth);
        let c = creds(s(&v, "access_key_id"), s(&v, "secret_access_key"), None);
        let signed_headers = named_in(auth, &headers);
        let ours = resign_authorization(&CapturedRequest {
            method: s(r, "method"),
            url: s(r, "url"),
            signed_headers: &signed_headers,
            body: s(r, "body_text").as_bytes(),
            service: &service,
            region: &region,
            amz_date,
            credentials: &c,
        })
        .unwrap();
        assert_eq!(&ours, auth, "{}", s(&v, "name"));
        n += 1;
    }
    assert_eq!(n, 3, "boto3 requests found");
}

/// Every SigV4 request the Anthropic TS and Python SDKs made, rebuilt from botocore's
/// canonical request (the body is not in the file, so its hash is given as precomputed).
#[test]
fn anthropic_sdk_requests_resign_from_their_canonical_requests() {
    let entries = json(fixtures().join("sdk/sigv4-botocore/sigv4-sdk-derived.json"));
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 32);
    for e in entries {
        let creq = s(e, "canonical_request");
        let lines: Vec<&str> = creq.split('\n').collect();
        let headers: Vec<(String, String)> = lines[3..]
            .iter()
            .take_while(|l| !l.is_empty())
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_owned(), v.to_owned())
            })
            .collect();
        let get = |n: &str| {
            headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
        };
        let time = parse_amz_date(get("x-amz-date").unwrap()).unwrap();
        let c = creds(AKID, SECRET, get("x-amz-security-token"));
        let req = SignRequest {
            method: lines[0],
            url: s(e, "url"),
            headers: &headers,
            body: b"",
            service: s(e, "service"),
            region: s(e, "region"),
            time,
            credentials: &c,
        };
        let opts = SignOptions {
            content_sha256_header: false,
            payload_sha256: Some(lines[lines.len() - 1]),
            ..SignOptions::CLAUDE_CODE
        };
        let signed = sign_with(&req, &opts).unwrap();
        assert_eq!(
            signed.signature,
            s(e, "sdk_signature"),
            "{}",
            s(e, "vector")
        );
        assert!(
            signed
                .authorization()
                .contains(&format!("SignedHeaders={},", s(e, "sdk_signed_headers"))),
            "{}",
            s(e, "vector")
        );
    }
}

/// A suite case, parsed the simple way (the sample has no folded or duplicate-name headers).
struct SuiteCase {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    context: Value,
}

fn suite_case(name: &str) -> SuiteCase {
    let dir = fixtures().join("sigv4-suite/v4").join(name);
    let text = std::fs::read_to_string(dir.join("request.txt")).unwrap();
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let (method, rest) = lines.next().unwrap().split_once(' ').unwrap();
    let target = rest.rsplit_once(" HTTP/").unwrap().0;
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_owned(), v.trim().to_owned())
        })
        .collect();
    let host = &headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .unwrap()
        .1;
    let context = match std::fs::read_to_string(dir.join("context.json")) {
        Ok(t) => serde_json::from_str(&t).unwrap(),
        Err(_) => json(fixtures().join("sigv4-suite/legacy-contexts.json"))[name].clone(),
    };
    SuiteCase {
        method: method.to_owned(),
        url: format!("https://{host}{target}"),
        body: body.trim_end_matches('\n').as_bytes().to_vec(),
        headers,
        context,
    }
}

fn sign_suite_case(case: &SuiteCase) -> sigv4::Signed {
    let ctx = &case.context;
    let stamp: String = s(ctx, "timestamp")
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    let cr = &ctx["credentials"];
    let c = creds(
        s(cr, "access_key_id"),
        s(cr, "secret_access_key"),
        cr["token"].as_str(),
    );
    let sign_body = ctx["sign_body"].as_bool().unwrap();
    let opts = SignOptions {
        content_sha256_header: sign_body,
        normalize_path: ctx["normalize"].as_bool().unwrap(),
        sign_session_token: !ctx["omit_session_token"].as_bool().unwrap_or(false),
        // Without `sign_body` the CRT harness signs the empty payload hash.
        payload_sha256: (!sign_body)
            .then_some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    };
    let req = SignRequest {
        method: &case.method,
        url: &case.url,
        headers: &case.headers,
        body: &case.body,
        service: s(ctx, "service"),
        region: s(ctx, "region"),
        time: parse_amz_date(&stamp).unwrap(),
        credentials: &c,
    };
    sign_with(&req, &opts).unwrap()
}

fn expected_authorization(name: &str) -> String {
    let text = std::fs::read_to_string(
        fixtures()
            .join("sigv4-suite/v4")
            .join(name)
            .join("header-signed-request.txt"),
    )
    .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("Authorization:"))
        .unwrap()
        .trim()
        .to_owned()
}

#[test]
fn aws_suite_sample() {
    for name in [
        "get-vanilla",
        "get-vanilla-query-order-key-case",
        "get-vanilla-with-session-token",
        "get-header-value-trim",
        "get-header-key-duplicate",
        "get-relative-relative-normalized",
        "get-relative-relative-unnormalized",
        "get-slashes-unnormalized",
        "post-header-key-sort",
        "post-sts-header-after",
        "post-x-www-form-urlencoded",
        "post-x-www-form-urlencoded-parameters",
        "double-url-encode",
    ] {
        let signed = sign_suite_case(&suite_case(name));
        assert_eq!(
            signed.authorization(),
            expected_authorization(name),
            "{name}"
        );
    }
}

/// The suite's `get-utf8` expects the path encoded once; Claude Code (the AWS JS SDK) encodes
/// the on-the-wire path a second time, and so do we: the canonical URI is `/%25E1%2588%25B4`.
#[test]
fn paths_are_double_encoded_unlike_the_suites_get_utf8() {
    let mut case = suite_case("get-utf8");
    case.url = "https://example.amazonaws.com/%E1%88%B4".into();
    let signed = sign_suite_case(&case);
    assert_ne!(signed.authorization(), expected_authorization("get-utf8"));
    let time = parse_amz_date("20150830T123600Z").unwrap();
    let creq = "GET\n/%25E1%2588%25B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let sts = sigv4::string_to_sign(creq, time, "us-east-1", "service").unwrap();
    let implied =
        sigv4::signature_of(&sts, &Secret::new(SECRET), time, "us-east-1", "service").unwrap();
    assert_eq!(signed.signature, implied);
}

/// Claude Code captures: ARN paths (`%2F` in the runtime path, `%3A` in the control-plane path),
/// session-token credentials from `awsCredentialExport`, Mantle and Claude Platform on AWS.
#[test]
fn claude_code_capture_sample_resigns_byte_for_byte() {
    let plain = creds(AKID, SECRET, None);
    let exported = creds(
        "ASIAEXPORTEXAMPLE",
        "exportSecretExample",
        Some("exportSessionTokenExample"),
    );
    let mut n = 0;
    for (file, c) in [
        ("bedrock_model_arn_and_knobs.json", &plain),
        ("bedrock_aws_credential_export.json", &exported),
        ("mantle_via_proxy.json", &plain),
        ("anthropic_aws_via_proxy.json", &plain),
        ("bedrock_region_us_gov.json", &plain),
    ] {
        let capture = json(fixtures().join("claude-code/captures").join(file));
        for server in capture["servers"].as_object().unwrap().values() {
            for r in server["requests"].as_array().unwrap() {
                let Some(h) = r.get("headers") else { continue };
                let headers = pairs(h);
                let Some((_, auth)) = headers.iter().find(|(k, v)| {
                    k.eq_ignore_ascii_case("authorization") && v.starts_with("AWS4")
                }) else {
                    continue;
                };
                let get = |n: &str| {
                    headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(n))
                        .map(|(_, v)| v.as_str())
                };
                let scheme = s(r, "scheme");
                let authority = match r["tunnel_target"].as_str() {
                    Some(t) => t.trim_end_matches(":443").to_owned(),
                    None => get("host").unwrap().to_owned(),
                };
                let url = format!("{scheme}://{authority}{}", s(r, "raw_target"));
                let (region, service) = scope_of(auth);
                let signed_headers = named_in(auth, &headers);
                let ours = resign_authorization(&CapturedRequest {
                    method: s(r, "method"),
                    url: &url,
                    signed_headers: &signed_headers,
                    body: s(r, "body_text").as_bytes(),
                    service: &service,
                    region: &region,
                    amz_date: get("x-amz-date").unwrap(),
                    credentials: c,
                })
                .unwrap();
                assert_eq!(&ours, auth, "{file} {}", s(r, "raw_target"));
                n += 1;
            }
        }
    }
    assert_eq!(n, 6 + 5 + 2 + 1 + 5, "SigV4 requests in the sample");
}

//! A SigV4 request's body is rewritten from a structural scan (`request/json_object.rs`,
//! `json_blocks.rs`). Whatever the body looks like (duplicate keys, members in any order,
//! escapes, brackets in strings, whitespace, a caller's own content-hash header), the request
//! must stay JSON, and its content hash and signature must be the ones a plain re-signing of
//! the sent bytes gives.

use claude_provider_core::api::Prepared;
use claude_provider_core::request::build_request;
use claude_provider_core::sigv4::{resign_authorization, AwsCredentials, CapturedRequest};
use claude_provider_core::{ConfigInput, Credentials, HttpRequest, Secret};
use sha2::{Digest, Sha256};

#[path = "../benches/fixtures/build_input.rs"]
mod bench;

fn bedrock(extra: &[(&str, &str)]) -> ConfigInput {
    let mut i = bench::bedrock_input();
    for (k, v) in extra {
        i.process_env.insert((*k).into(), (*v).into());
    }
    i
}

/// The request the builder sends for `body` (Messages, streaming, a fixed signing time).
fn build(input: &ConfigInput, body: &str) -> HttpRequest {
    let creds = Credentials::default();
    let opts = bench::stream_options(body.as_bytes(), &creds);
    build_request(input, &opts).expect("builds").request
}

fn bodies() -> Vec<String> {
    // A JSON string literal full of escapes, brackets and quotes.
    let long =
        serde_json::to_string(&"fn main() { println!(\"hi\\n\"); } [{\\\"}] ".repeat(400)).unwrap();
    vec![
        r#"{"messages":[{"role":"user","content":"hi"}]}"#.into(),
        r#"{"model":"opus","messages":[{"role":"user","content":"hi"}],"stream":true,"max_tokens":10}"#.into(),
        r#"{"messages":[1],"system":"x","messages":[{"role":"user","content":"dup"}]}"#.into(),
        r#"{"anthropic_beta":["b1"],"context_management":{"edits":[]},"messages":[{"role":"user","content":"hi"}],"model":"sonnet"}"#.into(),
        " {\n  \"messages\" : [ { \"role\" : \"user\" , \"content\" : \"spaced\" } ] ,\n  \"temperature\" : 0.5\n } ".into(),
        format!(
            r#"{{"system":[{{"type":"text","text":{long}}}],"messages":[{{"role":"user","content":[{{"type":"text","text":{long}}}]}}],"metadata":{{"user_id":"u"}}}}"#
        ),
        r#"{"messages":[],"k\"ey":{"nested":["]","}"]},"max_tokens":5}"#.into(),
        String::from_utf8(bench::body_50k()).unwrap(),
    ]
}

fn check(input: &ConfigInput, body: &str, expect_body_hash: bool) {
    let req = build(input, body);
    let prepared = Prepared::new(input.clone());
    assert_eq!(
        prepared
            .build(&bench::stream_spec(), Some(body.as_bytes()))
            .unwrap(),
        req,
        "a prepared configuration builds the same request"
    );
    let sent_hash = req.header("x-amz-content-sha256").expect("content hash");
    if expect_body_hash {
        assert_eq!(sent_hash, hex::encode(Sha256::digest(&req.body)), "{body}");
    }
    serde_json::from_slice::<serde_json::Value>(&req.body).expect("the body stays JSON");
    let auth = req.header("authorization").unwrap();
    let names = auth.split("SignedHeaders=").nth(1).unwrap();
    let names = names.split(',').next().unwrap().split(';');
    let host = req
        .url
        .split("://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    let signed: Vec<(String, String)> = names
        .map(|n| {
            let v = if n == "host" {
                host
            } else {
                req.header(n).unwrap()
            };
            (n.to_owned(), v.to_owned())
        })
        .collect();
    let creds = AwsCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        session_token: Some(Secret::new("FAKE-SESSION-TOKEN")),
        expires_at: None,
    };
    if expect_body_hash {
        let again = resign_authorization(&CapturedRequest {
            method: "POST",
            url: &req.url,
            signed_headers: &signed,
            body: &req.body,
            service: "bedrock",
            region: "us-east-1",
            amz_date: req.header("x-amz-date").unwrap(),
            credentials: &creds,
        })
        .unwrap();
        assert_eq!(again, auth, "{body}");
    }
}

#[test]
fn every_body_shape_is_hashed_and_signed_as_sent() {
    let input = bedrock(&[]);
    for body in bodies() {
        check(&input, &body, true);
    }
}

#[test]
fn extra_body_and_betas_still_hash_the_final_body() {
    let input = bedrock(&[
        (
            "CLAUDE_CODE_EXTRA_BODY",
            r#"{"temperature":1,"anthropic_beta":["x-beta"]}"#,
        ),
        ("ANTHROPIC_BETAS", "context-1m-2025-08-07"),
    ]);
    for body in bodies() {
        check(&input, &body, true);
    }
}

#[test]
fn a_callers_own_content_hash_header_is_what_gets_signed() {
    let input = bedrock(&[(
        "ANTHROPIC_CUSTOM_HEADERS",
        "x-amz-content-sha256: UNSIGNED-PAYLOAD",
    )]);
    for body in bodies() {
        check(&input, &body, false);
    }
    let req = build(&input, &bodies()[0]);
    assert_eq!(req.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
}

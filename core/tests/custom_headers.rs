//! `ANTHROPIC_CUSTOM_HEADERS` against the headers someone else owns: the SigV4 signer's
//! (`host`, `x-amz-date`, `x-amz-security-token`, `x-amz-content-sha256`) and the HTTP client's
//! (`host`, `content-length`, hop-by-hop headers), and a variable of 50k lines.

use claude_provider_core::sigv4::{resign_authorization, AwsCredentials, CapturedRequest, Signer};
use claude_provider_core::{
    build_request, resolve, Code, ConfigInput, Credentials, HttpRequest, Problem, RequestOptions,
    Resolution, Secret, Severity,
};

const BODY: &[u8] =
    br#"{"model":"claude-sonnet-4-5","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#;
const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2026-01-15T12:00:00Z.
const NOW: u64 = 1_768_478_400;
const VAR: &str = "ANTHROPIC_CUSTOM_HEADERS";

fn input(env: &[(&str, &str)]) -> ConfigInput {
    let mut i = ConfigInput::default();
    for (k, v) in env {
        i.process_env.insert((*k).into(), (*v).into());
    }
    i
}

fn bedrock(custom: &str, token: Option<&str>) -> ConfigInput {
    let mut env = vec![
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", AKID),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        (VAR, custom),
    ];
    if let Some(t) = token {
        env.push(("AWS_SESSION_TOKEN", t));
    }
    input(&env)
}

fn build(i: &ConfigInput, signer: Signer) -> (HttpRequest, Resolution) {
    let creds = Credentials::default();
    let built = build_request(
        i,
        &RequestOptions {
            signer,
            ..RequestOptions::messages(
                BODY,
                &creds,
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(NOW),
            )
        },
    )
    .expect("builds");
    (built.request, built.resolution)
}

/// Every value of header `name`, in order.
fn values<'a>(r: &'a HttpRequest, name: &'a str) -> Vec<&'a str> {
    r.header_values(name).collect()
}

/// A header as a fetch `Headers` object hands it on: repeated names joined with `, `.
fn merged(r: &HttpRequest, name: &str) -> Option<String> {
    let v = values(r, name);
    (!v.is_empty()).then(|| v.join(", "))
}

/// Does AWS accept the signature? What it receives: each signed header as merged on the wire,
/// `host` from the URL (what the HTTP client sends), and the date from `x-amz-date`.
fn aws_accepts(r: &HttpRequest, token: Option<&str>) -> bool {
    let auth = merged(r, "authorization").expect("an authorization header");
    let names = auth
        .split(", ")
        .find_map(|p| p.strip_prefix("SignedHeaders="))
        .expect("SignedHeaders");
    let authority = r
        .url
        .split("://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    // Repeated names merged as on the wire, by lower-case name (a map: 50k headers).
    let mut wire: std::collections::BTreeMap<String, String> = Default::default();
    for h in &r.headers {
        wire.entry(h.name.to_ascii_lowercase())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&h.value);
            })
            .or_insert_with(|| h.value.clone());
    }
    let signed: Vec<(String, String)> = names
        .split(';')
        .map(|n| {
            let v = if n == "host" {
                authority.to_owned()
            } else {
                wire.get(n).cloned().unwrap_or_default()
            };
            (n.to_owned(), v)
        })
        .collect();
    let creds = AwsCredentials {
        access_key_id: AKID.into(),
        secret_access_key: Secret::new(SECRET),
        session_token: token.map(Secret::new),
        expires_at: None,
    };
    let Some(date) = merged(r, "x-amz-date") else {
        return false;
    };
    resign_authorization(&CapturedRequest {
        method: &r.method,
        url: &r.url,
        signed_headers: &signed,
        body: &r.body,
        service: "bedrock",
        region: "us-east-1",
        amz_date: &date,
        credentials: &creds,
    })
    .is_ok_and(|again| again == auth)
}

/// The one problem with `code` whose message names `header`.
fn problem_for<'a>(r: &'a Resolution, code: Code, header: &str) -> &'a Problem {
    let hits: Vec<&Problem> = r
        .problems
        .iter()
        .filter(|p| p.code == code && p.message.contains(header))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "one {code} naming {header} in {:#?}",
        r.problems
    );
    let p = hits[0];
    assert_eq!(p.severity, Severity::Warning, "{p:?}");
    assert_eq!(p.env_var.as_deref(), Some(VAR), "{p:?}");
    assert!(
        p.help
            .contains(&format!("Remove the {header} line from {VAR}")),
        "{p:?}"
    );
    p
}

const SIGNERS: [Signer; 2] = [Signer::Builtin, Signer::DEFAULT];

#[test]
fn a_custom_x_amz_date_is_left_out_of_a_signed_request_and_reported() {
    let i = bedrock("X-Amz-Date: 20200101T000000Z\nX-Team: t1", None);
    let res = resolve(&i);
    let p = problem_for(&res, Code::CustomHeaderDropped, "X-Amz-Date");
    assert!(p.message.contains("signing time"), "{}", p.message);
    for signer in SIGNERS {
        let (r, _) = build(&i, signer);
        assert_eq!(values(&r, "x-amz-date"), ["20260115T120000Z"], "{signer:?}");
        assert_eq!(values(&r, "x-team"), ["t1"]);
        assert!(aws_accepts(&r, None), "{signer:?}: {r:?}");
    }
    signer_headers_are_ordinary_headers_when_the_request_is_not_signed();
}

/// Without SigV4 (a Bedrock API key, skipped auth) nothing owns those headers: sent as written.
fn signer_headers_are_ordinary_headers_when_the_request_is_not_signed() {
    for env in [
        vec![("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-EXAMPLE")],
        vec![("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1")],
    ] {
        let mut env = env;
        env.extend([
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-east-1"),
            (
                VAR,
                "X-Amz-Date: 20200101T000000Z\nX-Amz-Security-Token: t\nX-Amz-Content-Sha256: UNSIGNED-PAYLOAD",
            ),
        ]);
        let i = input(&env);
        let res = resolve(&i);
        assert!(
            !res.problems
                .iter()
                .any(|p| matches!(p.code, Code::CustomHeaderDropped | Code::CustomHeadersAuth)),
            "{:#?}",
            res.problems
        );
        let (r, _) = build(&i, Signer::Builtin);
        assert_eq!(values(&r, "x-amz-date"), ["20200101T000000Z"]);
        assert_eq!(values(&r, "x-amz-security-token"), ["t"]);
        assert_eq!(values(&r, "x-amz-content-sha256"), ["UNSIGNED-PAYLOAD"]);
    }
}

#[test]
fn a_custom_host_is_left_out_and_the_signature_covers_the_urls_host() {
    let i = bedrock("Host: evil.example", None);
    let res = resolve(&i);
    let p = problem_for(&res, Code::CustomHeaderDropped, "Host");
    assert!(p.message.contains("SigV4"), "{}", p.message);
    assert!(p.help.contains("ANTHROPIC_BEDROCK_BASE_URL"), "{}", p.help);
    for signer in SIGNERS {
        let (r, _) = build(&i, signer);
        assert!(values(&r, "host").is_empty(), "{:?}", r.headers);
        assert!(aws_accepts(&r, None), "{signer:?}: {r:?}");
    }
}

#[test]
fn a_custom_security_token_gives_way_to_the_credentials_session_token() {
    const TOKEN: &str = "FQoGZXIvYXdzEXAMPLE-session-token";
    // With a session token: only the signer's goes out.
    let i = bedrock("X-Amz-Security-Token: custom-token", Some(TOKEN));
    let res = resolve(&i);
    let p = problem_for(&res, Code::CustomHeaderDropped, "X-Amz-Security-Token");
    assert!(p.help.contains("AWS_SESSION_TOKEN"), "{}", p.help);
    assert!(!p.message.contains("custom-token") && !p.help.contains("custom-token"));
    for signer in SIGNERS {
        let (r, _) = build(&i, signer);
        assert_eq!(values(&r, "x-amz-security-token"), [TOKEN], "{signer:?}");
        assert!(aws_accepts(&r, Some(TOKEN)), "{signer:?}: {r:?}");
    }
    // Without one, a token in a custom header is not signed in either: the keys are the
    // credentials, and the token belongs in AWS_SESSION_TOKEN.
    let i = bedrock("X-Amz-Security-Token: custom-token", None);
    problem_for(
        &resolve(&i),
        Code::CustomHeaderDropped,
        "X-Amz-Security-Token",
    );
    let (r, _) = build(&i, Signer::Builtin);
    assert!(values(&r, "x-amz-security-token").is_empty(), "{r:?}");
    assert!(aws_accepts(&r, None));
}

#[test]
fn a_custom_content_hash_is_signed_as_the_payload_hash_once_with_a_warning() {
    // The AWS JS SDK (and so Claude Code) signs a given x-amz-content-sha256 as the payload
    // hash; so does the core. It must go out once, not next to the signer's copy.
    let i = bedrock("X-Amz-Content-Sha256: UNSIGNED-PAYLOAD", None);
    let res = resolve(&i);
    let p = problem_for(&res, Code::CustomHeadersAuth, "X-Amz-Content-Sha256");
    assert!(p.message.contains("403"), "{}", p.message);
    for signer in SIGNERS {
        let (r, _) = build(&i, signer);
        assert_eq!(
            values(&r, "x-amz-content-sha256"),
            ["UNSIGNED-PAYLOAD"],
            "{signer:?}: {:?}",
            r.headers
        );
        let auth = merged(&r, "authorization").unwrap();
        assert_eq!(auth.matches("x-amz-content-sha256").count(), 1, "{auth}");
    }
}

#[test]
fn headers_the_http_client_owns_are_left_out_on_every_provider() {
    const OWNED: [&str; 7] = [
        "Connection",
        "Keep-Alive",
        "Transfer-Encoding",
        "Content-Length",
        "Expect",
        "Upgrade",
        "Host",
    ];
    let custom = "Connection: close\nKeep-Alive: timeout=5\nTransfer-Encoding: chunked\nContent-Length: 5\nExpect: 100-continue\nUpgrade: h2c\nHost: evil.example\nX-Team: t1";
    let configs = [
        input(&[
            ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
            ("ANTHROPIC_AUTH_TOKEN", "tok"),
            (VAR, custom),
        ]),
        input(&[
            ("CLAUDE_CODE_USE_FOUNDRY", "1"),
            ("ANTHROPIC_FOUNDRY_RESOURCE", "my-resource"),
            ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
            (VAR, custom),
        ]),
        bedrock(custom, None),
    ];
    for i in &configs {
        let res = resolve(i);
        for name in OWNED {
            problem_for(&res, Code::CustomHeaderDropped, name);
        }
        let (r, _) = build(i, Signer::Builtin);
        for name in OWNED {
            assert!(values(&r, name).is_empty(), "{name}: {:?}", r.headers);
        }
        assert_eq!(values(&r, "x-team"), ["t1"]);
        // Only what was left out is reported: no custom header the request keeps is named.
        assert!(!res.problems.iter().any(|p| p.message.contains("X-Team")));
    }
}

#[test]
fn fifty_thousand_lines_resolve_with_the_same_merging_rules() {
    // Distinct names, every 100th line repeating an earlier name in another case (the later
    // value wins, at the first line's position), and every 1000th line without a `:`.
    const N: usize = 50_000;
    let mut raw = String::new();
    let mut want: Vec<(String, String)> = Vec::new();
    let mut dupes = 0;
    let mut dropped = 0;
    for i in 0..N {
        if i % 1000 == 999 {
            raw.push_str("no colon here\n");
            dropped += 1;
        } else if i % 100 == 99 {
            let j = i - 50;
            raw.push_str(&format!("x-H-{j}: again-{i}\n"));
            let at = want
                .iter()
                .position(|(n, _)| *n == format!("X-H-{j}"))
                .unwrap();
            want[at].1 = format!("again-{i}");
            dupes += 1;
        } else {
            raw.push_str(&format!("X-H-{i}: v{i}\n"));
            want.push((format!("X-H-{i}"), format!("v{i}")));
        }
    }
    let i = input(&[("ANTHROPIC_API_KEY", "k"), (VAR, &raw)]);
    let res = resolve(&i);
    let got: Vec<(String, String)> = res
        .knobs
        .custom_headers
        .iter()
        .map(|h| (h.name.clone(), h.value.expose().to_owned()))
        .collect();
    assert_eq!(got.len(), want.len());
    assert!(got == want, "order or values differ");
    let warnings = res
        .problems
        .iter()
        .filter(|p| p.code == Code::CustomHeaderDropped)
        .count();
    assert_eq!(warnings, dupes + dropped);
    // Line 100 repeats line 50's name: the warning names both lines.
    assert!(res.problems.iter().any(|p| p.message
        == "Line 100 of ANTHROPIC_CUSTOM_HEADERS sets a header already set on line 50; only the value from line 100 is sent."));
}

#[test]
fn fifty_thousand_lines_build_and_sign() {
    // Each custom header met the built-in ones by a scan of the growing header list, and the
    // signer merged repeated names by a scan of its own; `aws-sigv4` panicked past 24576.
    let raw: String = (0..50_000).map(|i| format!("X-H-{i}: v{i}\n")).collect();
    let gateway = input(&[
        ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
        ("ANTHROPIC_AUTH_TOKEN", "tok"),
        (VAR, &raw),
    ]);
    let (r, _) = build(&gateway, Signer::Builtin);
    assert_eq!(values(&r, "x-h-49999"), ["v49999"]);
    assert_eq!(
        r.headers
            .iter()
            .filter(|h| h.name.starts_with("X-H-"))
            .count(),
        50_000
    );
    let signed = bedrock(&raw, None);
    let (a, _) = build(&signed, Signer::Builtin);
    let (b, _) = build(&signed, Signer::DEFAULT);
    assert_eq!(a, b);
    assert!(aws_accepts(&a, None));
}

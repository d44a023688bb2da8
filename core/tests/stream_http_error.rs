//! HTTP error bodies of every provider → one `ProviderErrorInfo`.

use claude_provider_core::stream::{parse_error_response, ErrorKind, ProviderErrorInfo};
use claude_provider_core::{Code, ProviderId};

fn parse(p: ProviderId, status: u16, headers: &[(&str, &str)], body: &str) -> ProviderErrorInfo {
    parse_error_response(p, status, headers.iter().copied(), body.as_bytes())
}

#[test]
fn anthropic_error_json() {
    let i = parse(
        ProviderId::Anthropic,
        529,
        &[("request-id", "req_01X")],
        r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_body"}"#,
    );
    assert_eq!(
        (
            i.kind,
            i.retryable,
            i.error_type.as_str(),
            i.message.as_str()
        ),
        (
            ErrorKind::Overloaded,
            true,
            "overloaded_error",
            "Overloaded"
        )
    );
    assert_eq!(i.request_id.as_deref(), Some("req_01X"));
    assert_eq!(i.code, Code::ProviderError);
    let i = parse(
        ProviderId::Anthropic,
        429,
        &[("Retry-After", "30")],
        r#"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#,
    );
    assert_eq!(
        (i.kind, i.retry_after_ms),
        (ErrorKind::RateLimited, Some(30_000))
    );
    assert!(i.help.contains("retries"));
    let i = parse(
        ProviderId::Anthropic,
        401,
        &[],
        r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#,
    );
    assert_eq!((i.kind, i.retryable), (ErrorKind::Authentication, false));
    assert!(i.help.contains("ANTHROPIC_API_KEY"));
    // The retry decision can be forced by the server.
    let i = parse(
        ProviderId::Anthropic,
        500,
        &[("x-should-retry", "false")],
        "{}",
    );
    assert!(!i.retryable);
}

#[test]
fn gateway_rejecting_new_fields() {
    let i = parse(
        ProviderId::Anthropic,
        400,
        &[],
        r#"{"type":"error","error":{"type":"invalid_request_error","message":"context_management: Extra inputs are not permitted"}}"#,
    );
    assert_eq!(i.code, Code::GatewayExperimentalBetas);
    assert!(i.help.contains("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1"));
}

#[test]
fn bedrock_errors() {
    let i = parse(
        ProviderId::Bedrock,
        403,
        &[
            (
                "x-amzn-ErrorType",
                "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/",
            ),
            ("x-amzn-RequestId", "abc-123"),
        ],
        r#"{"message":"You don't have access to the model with the specified model ID."}"#,
    );
    assert_eq!(
        (i.kind, i.error_type.as_str()),
        (ErrorKind::Permission, "AccessDeniedException")
    );
    assert_eq!(
        i.message,
        "You don't have access to the model with the specified model ID."
    );
    assert!(
        i.help.contains("Bedrock console") && i.help.contains("AWS_REGION"),
        "{}",
        i.help
    );
    assert_eq!(i.request_id.as_deref(), Some("abc-123"));

    let i = parse(
        ProviderId::Bedrock,
        400,
        &[("x-amzn-errortype", "ValidationException")],
        "{\"message\":\"Invocation of model ID anthropic.claude-sonnet-4-5-20250929-v1:0 with on-demand throughput isn\u{2019}t supported. Retry your request with the ID or ARN of an inference profile that contains this model.\"}",
    );
    assert_eq!(i.code, Code::BedrockModelNeedsInferenceProfile);
    assert_eq!(i.kind, ErrorKind::InvalidRequest);
    assert!(
        i.help
            .contains("`us.anthropic.claude-sonnet-4-5-20250929-v1:0`"),
        "{}",
        i.help
    );

    let i = parse(
        ProviderId::Bedrock,
        429,
        &[("x-amzn-errortype", "ThrottlingException")],
        r#"{"message":"Too many tokens, please wait before trying again."}"#,
    );
    assert_eq!((i.kind, i.retryable), (ErrorKind::RateLimited, true));
    assert!(i.help.contains("quota increase"));

    let i = parse(
        ProviderId::Bedrock,
        400,
        &[],
        r#"{"__type":"com.amazon#ValidationException","Message":"The provided model identifier is invalid."}"#,
    );
    assert_eq!(
        (i.error_type.as_str(), i.kind),
        ("ValidationException", ErrorKind::InvalidRequest)
    );
    assert!(i.help.contains("model ID"));

    let i = parse(
        ProviderId::Bedrock,
        403,
        &[("x-amzn-errortype", "UnrecognizedClientException")],
        r#"{"message":"The security token included in the request is invalid."}"#,
    );
    assert_eq!(i.kind, ErrorKind::Authentication);
    assert!(i.help.contains("aws sso login"));
}

#[test]
fn vertex_errors() {
    let i = parse(
        ProviderId::Vertex,
        404,
        &[],
        r#"{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}"#,
    );
    assert_eq!(
        (i.code, i.kind, i.error_type.as_str()),
        (Code::VertexModelLocation, ErrorKind::NotFound, "NOT_FOUND")
    );
    assert!(i.help.contains("@") && i.help.contains("CLOUD_ML_REGION"));
    // Google streaming endpoints wrap errors in an array.
    let i = parse(
        ProviderId::Vertex,
        404,
        &[],
        r#"[{"error":{"code":404,"message":"Publisher Model `projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5-20250929` not found.","status":"NOT_FOUND"}}]"#,
    );
    assert_eq!(i.code, Code::VertexModelIdDateForm);
    assert!(i.help.contains("claude-sonnet-4-5@20250929"), "{}", i.help);
    let i = parse(
        ProviderId::Vertex,
        429,
        &[],
        r#"{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_tokens_per_minute_per_base_model","status":"RESOURCE_EXHAUSTED"}}"#,
    );
    assert_eq!((i.kind, i.retryable), (ErrorKind::RateLimited, true));
    assert!(i.help.contains("Quotas"));
}

#[test]
fn azure_and_gateway_errors() {
    let i = parse(
        ProviderId::Foundry,
        404,
        &[("apim-request-id", "r-1")],
        r#"{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}"#,
    );
    assert_eq!(
        (i.kind, i.error_type.as_str()),
        (ErrorKind::NotFound, "DeploymentNotFound")
    );
    assert!(i.help.contains("/anthropic"));
    let i = parse(
        ProviderId::Foundry,
        429,
        &[("retry-after", "Thu, 15 Jan 2026 12:00:00 GMT")],
        r#"{"error":{"code":"429","message":"Rate limit is exceeded."}}"#,
    );
    assert_eq!(
        (i.kind, i.retry_at_epoch_ms),
        (ErrorKind::RateLimited, Some(1_768_478_400_000))
    );
    // Azure's `code` repeating the status is said once.
    assert_eq!(
        i.to_problem().message,
        "Microsoft Foundry returned an error 429: Rate limit is exceeded."
    );
    // LiteLLM (OpenAI-style) and FastAPI shapes.
    let i = parse(
        ProviderId::Anthropic,
        400,
        &[],
        r#"{"error":{"message":"No connected db.","type":"no_db_connection","param":null,"code":"400"}}"#,
    );
    assert_eq!(
        (i.error_type.as_str(), i.message.as_str(), i.kind),
        (
            "no_db_connection",
            "No connected db.",
            ErrorKind::InvalidRequest
        )
    );
    let i = parse(
        ProviderId::Anthropic,
        401,
        &[],
        r#"{"detail":"No Anthropic credential is configured on this proxy."}"#,
    );
    assert_eq!(
        (i.kind, i.message.as_str()),
        (
            ErrorKind::Authentication,
            "No Anthropic credential is configured on this proxy."
        )
    );
    let i = parse(ProviderId::Anthropic, 500, &[], "Internal Server Error");
    assert_eq!(
        (i.kind, i.message.as_str(), i.retryable),
        (ErrorKind::Server, "Internal Server Error", true)
    );
    let i = parse(
        ProviderId::Anthropic,
        502,
        &[],
        "<html><body>Bad gateway</body></html>",
    );
    assert!(i.message.contains("HTML"));
    let i = parse(ProviderId::Mantle, 503, &[], "");
    assert_eq!(
        (i.kind, i.message.as_str()),
        (ErrorKind::Unavailable, "HTTP 503 with an empty body")
    );
}

#[test]
fn no_secrets_and_bounded_messages() {
    let body = r#"{"error":{"message":"bad key sk-ant-api03-CANARYCANARY and Bearer ya29.CANARY for AKIAIOSFODNN7CANARYX"}}"#;
    let i = parse(
        ProviderId::Anthropic,
        401,
        &[("authorization", "Bearer CANARY")],
        body,
    );
    let json = serde_json::to_string(&i).unwrap();
    assert!(!json.contains("CANARY"), "{json}");
    assert!(!i.to_error().to_string().contains("CANARY"));
    let long = format!("{{\"message\":\"{}\"}}", "é".repeat(5000));
    let i = parse(ProviderId::Bedrock, 400, &[], &long);
    assert!(i.message.chars().count() <= 1001);
    // Not UTF-8, not JSON: still an answer.
    let i = parse_error_response(
        ProviderId::Vertex,
        500,
        Vec::<(String, String)>::new(),
        b"\xff\xfe",
    );
    assert_eq!(i.kind, ErrorKind::Server);
}

#[test]
fn serialized_shape() {
    let i = parse(
        ProviderId::Bedrock,
        429,
        &[("retry-after", "2")],
        r#"{"message":"slow down"}"#,
    );
    let v = serde_json::to_value(&i).unwrap();
    assert_eq!(v["code"], "PROVIDER_ERROR");
    assert_eq!(v["kind"], "rate_limited");
    assert_eq!(v["provider"], "bedrock");
    assert_eq!(v["status"], 429);
    assert_eq!(v["retryAfterMs"], 2000);
    assert_eq!(v["retryable"], true);
    let p = i.to_problem();
    assert!(
        p.message
            .starts_with("Amazon Bedrock returned an error 429"),
        "{}",
        p.message
    );
}

// Pages as nginx 1.22.1 (`ssl_verify_client on`), squid 5.7 and tinyproxy 1.11.1 sent them
// (squid's stylesheet left out).
const NGINX_NO_CERT: &str = "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
const NGINX_BAD_CERT: &str = "<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
const SQUID_CONNECT_FAIL: &str = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html><head>
<meta type="copyright" content="Copyright (C) 1996-2021 The Squid Software Foundation and contributors">
<meta http-equiv="Content-Type" CONTENT="text/html; charset=utf-8">
<title>ERROR: The requested URL could not be retrieved</title>
</head><body id=ERR_CONNECT_FAIL>
<div id="titles">
<h1>ERROR</h1>
<h2>The requested URL could not be retrieved</h2>
</div>
<hr>
<div id="content">
<p>The following error was encountered while trying to retrieve the URL: <a href="http://127.0.0.1:41999/v1/messages?key=sk-ant-api03-CANARYurl">http://127.0.0.1:41999/v1/messages?key=sk-ant-api03-CANARYurl</a></p>
<blockquote id="error">
<p><b>Connection to 127.0.0.1 failed.</b></p>
</blockquote>
<p id="sysmsg">The system returned: <i>(111) Connection refused</i></p>
<p>The remote host or network may be down. Please try the request again.</p>
<p>Your cache administrator is <a href="mailto:webmaster">webmaster</a>.</p>
<br>
</div>
<hr>
<div id="footer">
<p>Generated Fri, 27 Nov 2026 21:31:14 GMT by vm (squid/5.7)</p>
<!-- ERR_CONNECT_FAIL -->
</div>
</body></html>
"#;
const SQUID_HEADERS: &[(&str, &str)] = &[
    ("Server", "squid/5.7"),
    ("X-Squid-Error", "ERR_CONNECT_FAIL 111"),
    ("Via", "1.1 vm (squid/5.7)"),
];
const TINYPROXY_401: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" \"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">\n<html>\n<head><title>401 Unauthorized</title></head>\n<body>\n<h1>Unauthorized</h1>\n<p>The administrator of this proxy has not configured it to service requests from you.</p>\n<hr />\n<p><em>Generated by tinyproxy version 1.11.1.</em></p>\n</body>\n</html>\n";

#[test]
fn nginx_client_certificate_pages_give_the_mtls_fix() {
    for (page, title, what) in [
        (
            NGINX_NO_CERT,
            "400 No required SSL certificate was sent",
            "got none",
        ),
        (
            NGINX_BAD_CERT,
            "400 The SSL certificate error",
            "rejected the TLS client certificate",
        ),
    ] {
        let i = parse(
            ProviderId::Anthropic,
            400,
            &[("Server", "nginx/1.22.1"), ("Content-Type", "text/html")],
            page,
        );
        assert_eq!(i.code, Code::TlsClientCertRejected, "{i:?}");
        assert_eq!(
            i.message,
            format!("an HTML page titled \"{title}\", not a provider error")
        );
        assert!(i.help.contains(what), "{}", i.help);
        assert!(
            i.help
                .contains("CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY"),
            "{}",
            i.help
        );
        assert_eq!((i.kind, i.retryable), (ErrorKind::Network, false));
        let p = i.to_problem();
        assert_eq!(p.env_var.as_deref(), Some("CLAUDE_CODE_CLIENT_CERT"));
        assert_eq!(
            p.message,
            format!(
                "The server at the Anthropic API endpoint returned an error 400: {}",
                i.message
            )
        );
    }
}

#[test]
fn a_proxys_own_error_page_is_the_proxy_failing_not_the_provider() {
    let i = parse(
        ProviderId::Anthropic,
        503,
        SQUID_HEADERS,
        SQUID_CONNECT_FAIL,
    );
    assert_eq!(i.code, Code::ProxyUnreachable, "{i:?}");
    assert_eq!(i.error_type, "ERR_CONNECT_FAIL");
    // The endpoint may be back up: worth retrying, as a connection that failed is.
    assert_eq!((i.kind, i.retryable), (ErrorKind::Network, true));
    assert_eq!(
        i.message,
        "an HTML page titled \"ERROR: The requested URL could not be retrieved\", not a provider error"
    );
    assert!(
        i.help.contains("could not reach the endpoint"),
        "{}",
        i.help
    );
    assert!(!i.help.contains("overloaded"), "{}", i.help);
    let p = i.to_problem();
    assert!(
        p.message
            .starts_with("The proxy (squid) returned an error 503 ERR_CONNECT_FAIL: an HTML page"),
        "{}",
        p.message
    );
    // The page without squid's headers (stripped by another hop) is still squid's; its echo of
    // the URL, with a key in it, is never quoted.
    let i = parse(ProviderId::Anthropic, 503, &[], SQUID_CONNECT_FAIL);
    assert_eq!(
        (i.code, i.error_type.as_str()),
        (Code::ProxyUnreachable, "ERR_CONNECT_FAIL")
    );
    assert!(!format!("{i:?}{:?}", i.to_problem()).contains("CANARY"));
    // A name that does not resolve: the host is the thing to check.
    let i = parse(
        ProviderId::Anthropic,
        503,
        &[("X-Squid-Error", "ERR_DNS_FAIL 0")],
        &SQUID_CONNECT_FAIL.replace("ERR_CONNECT_FAIL", "ERR_DNS_FAIL"),
    );
    assert_eq!(i.error_type, "ERR_DNS_FAIL");
    assert_eq!((i.kind, i.retryable), (ErrorKind::Network, false));
    assert!(i.help.contains("resolve the host name"), "{}", i.help);
    assert!(i.help.contains("ANTHROPIC_BASE_URL"), "{}", i.help);
    // tinyproxy refusing the proxy credentials.
    let i = parse(
        ProviderId::Anthropic,
        401,
        &[("Server", "tinyproxy/1.11.1")],
        TINYPROXY_401,
    );
    assert_eq!(i.code, Code::ProxyAuthFailed, "{i:?}");
    assert!(i.help.contains("HTTPS_PROXY"), "{}", i.help);
    // Not the provider's credentials (a client would refresh them): the proxy's.
    assert_eq!((i.kind, i.retryable), (ErrorKind::Network, false));
    let i = parse(
        ProviderId::Bedrock,
        407,
        &[("X-Squid-Error", "ERR_CACHE_ACCESS_DENIED 0")],
        "",
    );
    assert_eq!(
        (i.code, i.kind, i.retryable),
        (Code::ProxyAuthFailed, ErrorKind::Network, false)
    );
    // An access rule: a setting to change, not a moment to wait.
    let i = parse(
        ProviderId::Anthropic,
        403,
        &[("X-Squid-Error", "ERR_ACCESS_DENIED 0")],
        &SQUID_CONNECT_FAIL.replace("ERR_CONNECT_FAIL", "ERR_ACCESS_DENIED"),
    );
    assert_eq!(
        (i.code, i.kind, i.retryable),
        (Code::ProxyUnreachable, ErrorKind::Network, false)
    );
    // `Via` alone is a proxy passing the provider's answer on: the provider's error stands.
    let i = parse(
        ProviderId::Anthropic,
        529,
        &[("Via", "1.1 vm (squid/5.7)")],
        r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
    );
    assert_eq!(
        (i.code, i.kind),
        (Code::ProviderError, ErrorKind::Overloaded)
    );
    assert!(i.to_problem().message.starts_with("Anthropic API returned"));
}

#[test]
fn html_pages_quote_only_their_title() {
    let page = "<html><head><title>Gateway &amp; \n proxy: key sk-ant-api03-CANARYtitle</title></head><body><h1>x</h1><p>your key sk-ant-api03-CANARYbody was</p></body></html>";
    let i = parse(ProviderId::Vertex, 502, &[], page);
    assert_eq!(
        i.message,
        "an HTML page titled \"Gateway & proxy: key <redacted>\", not a provider error"
    );
    assert!(!format!("{i:?}{}", serde_json::to_string(&i).unwrap()).contains("CANARY"));
    assert!(i.help.contains("ANTHROPIC_VERTEX_BASE_URL"), "{}", i.help);
    assert!(
        i.help.starts_with("A server between you and the provider"),
        "{}",
        i.help
    );
    let i = parse(
        ProviderId::Anthropic,
        400,
        &[],
        "<html><body><p>no</p></body></html>",
    );
    assert_eq!(
        i.message,
        "an HTML page without a title, not a provider error"
    );
    assert!(
        i.help.contains("HTTP 400 with its own HTML page"),
        "{}",
        i.help
    );
}

#[test]
fn an_unrecognized_html_page_is_not_the_providers_answer() {
    // A gateway's sign-in page answering 401 is kind `network`: new provider credentials (a
    // refresh that may open a browser) cannot fix it; a 401 page is not retried.
    let login =
        "<html><head><title>Sign in - Corp Access</title></head><body><form></form></body></html>";
    for p in [
        ProviderId::Bedrock,
        ProviderId::Vertex,
        ProviderId::Anthropic,
    ] {
        let i = parse(p, 401, &[("Content-Type", "text/html")], login);
        assert_eq!(
            (i.kind, i.retryable, i.code),
            (ErrorKind::Network, false, Code::ProviderError),
            "{p:?}"
        );
        assert!(i.help.contains("its own HTML page"), "{}", i.help);
    }
    let i = parse(
        ProviderId::Bedrock,
        502,
        &[],
        "<html><body>Bad gateway</body></html>",
    );
    // Other statuses keep their kind and retry flag: a 502 or 503 page may come from the
    // provider's own front end.
    assert_eq!((i.kind, i.retryable), (ErrorKind::Server, true));
    let i = parse(
        ProviderId::Anthropic,
        503,
        &[],
        "<html><title>503</title></html>",
    );
    assert_eq!((i.kind, i.retryable), (ErrorKind::Unavailable, true));
    let i = parse(
        ProviderId::Vertex,
        403,
        &[],
        "<html><title>403 Forbidden</title></html>",
    );
    assert_eq!(i.kind, ErrorKind::Network);
    // The same statuses as the provider's JSON keep their kinds.
    let i = parse(
        ProviderId::Anthropic,
        401,
        &[],
        r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#,
    );
    assert_eq!(i.kind, ErrorKind::Authentication);
}

#[test]
fn a_title_is_redacted_before_it_is_shortened() {
    // Each credential straddles the title's 120-character cap: cut first, it would lose its
    // shape and its start would show.
    for key in [
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1",
        "AIzaSyA-CANARY7890abcdefghijklmnopqrstu",
        "eyJhbGciOiJSUzI1NiCANARY0123456789abcdefghij.eyJzdWIiOiIx",
    ] {
        let page = format!("<title>{} {key} end</title>", "x".repeat(100));
        let i = parse(ProviderId::Anthropic, 502, &[], &page);
        assert!(!i.message.contains(&key[..8]), "{}", i.message);
        assert!(i.message.contains("<redacted>"), "{}", i.message);
    }
}

#[test]
fn every_status_has_a_fix() {
    let bodies = [
        "",
        "plain text",
        "<html><title>t</title></html>",
        r#"{"error":{"message":"m"}}"#,
        r#"{"type":"error","error":{"type":"brand_new_error","message":"m"}}"#,
    ];
    for p in ProviderId::ALL {
        for status in (100..=599).chain([999]) {
            for body in bodies {
                let i = parse(p, status, &[], body);
                assert!(!i.help.is_empty(), "{p:?} {status} {body}: {i:?}");
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn any_html_page_is_answered_without_panic(s in "\\PC{0,80}", amp in "[&#;xa-z0-9é<>/ ]{0,30}") {
        for body in [format!("<title>{s}{amp}"), format!("<html><h1 {s}>{amp}</h1>"), format!("<{amp}{s}")] {
            let i = parse(ProviderId::Anthropic, 400, &[("server", &s)], &body);
            proptest::prop_assert!(!i.help.is_empty());
            proptest::prop_assert!(i.message.chars().count() <= 1001);
        }
    }
}

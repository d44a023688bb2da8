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

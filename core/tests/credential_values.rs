//! Credentials that become header values are checked before the request is built, wherever they
//! come from (a variable, or what the runtime supplied), as `ANTHROPIC_API_KEY` is: a character
//! no HTTP client can send (above U+00FF, a line break…) is `HEADER_VALUE_INVALID` naming where
//! the credential came from, never quoting it. Before, fetch refused the built request only
//! when sending it ("Cannot convert argument to a ByteString").

use claude_provider_core::sigv4::{AwsCredentials, Signer};
use claude_provider_core::{
    build_request, validate, Code, ConfigInput, Credentials, Error, RequestOptions, Secret,
    Severity, ValidateOptions,
};

const BODY: &[u8] =
    br#"{"model":"claude-sonnet-4-5","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#;
/// The canary: a credential with a character above U+00FF.
const CANARY: &str = "CANARYtok\u{20AC}9f2";

fn input(env: &[(&str, &str)]) -> ConfigInput {
    let mut i = ConfigInput::default();
    for (k, v) in env {
        i.process_env.insert((*k).into(), (*v).into());
    }
    i
}

fn build(i: &ConfigInput, creds: &Credentials) -> Result<(), Error> {
    build_request(
        i,
        &RequestOptions {
            signer: Signer::Builtin,
            ..RequestOptions::messages(
                BODY,
                creds,
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_768_478_400),
            )
        },
    )
    .map(|_| ())
}

/// The error is HEADER_VALUE_INVALID, names `named`, says where the character is, and quotes
/// nothing of the credential.
fn assert_refused(e: &Error, named: &str) {
    assert_eq!(e.code(), Code::HeaderValueInvalid, "{e:?}");
    let p = e.problem();
    assert!(p.message.contains(named), "{}", p.message);
    assert!(
        p.message
            .contains("a non-ASCII character at character 10 (13 characters)"),
        "{}",
        p.message
    );
    assert!(p.help.contains("U+20AC"), "{}", p.help);
    let all = format!("{p:?}{}{}", p.message, p.help);
    assert!(
        !all.contains("CANARY") && !all.contains('\u{20AC}'),
        "{all}"
    );
}

const BEDROCK_KEYS: [(&str, &str); 4] = [
    ("CLAUDE_CODE_USE_BEDROCK", "1"),
    ("AWS_REGION", "us-east-1"),
    ("AWS_ACCESS_KEY_ID", "ASIAEXAMPLEEXAMPLE12"),
    (
        "AWS_SECRET_ACCESS_KEY",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ),
];

#[test]
fn aws_session_token_from_the_env_is_checked_at_build_and_by_validate() {
    let mut env = BEDROCK_KEYS.to_vec();
    env.push(("AWS_SESSION_TOKEN", CANARY));
    let i = input(&env);
    let e = build(&i, &Credentials::default()).unwrap_err();
    assert_refused(
        &e,
        "x-amz-security-token header value from AWS_SESSION_TOKEN",
    );
    assert_eq!(e.env_var(), Some("AWS_SESSION_TOKEN"));
    // validate says it before any request is built.
    let r = validate(&i, &ValidateOptions::default());
    let p = r
        .problems
        .iter()
        .find(|p| p.code == Code::HeaderValueInvalid)
        .unwrap_or_else(|| panic!("{:#?}", r.problems));
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.env_var.as_deref(), Some("AWS_SESSION_TOKEN"));
    assert!(!format!("{:?}", r.problems).contains("CANARY"));
    // A Latin-1 token is sent (as bytes), as Claude Code's check allows.
    env.pop();
    env.push(("AWS_SESSION_TOKEN", "tok\u{E9}"));
    assert!(build(&input(&env), &Credentials::default()).is_ok());
    every_other_credential_variable_that_becomes_a_header_is_checked();
}

#[test]
fn aws_session_token_found_at_run_time_is_checked() {
    let i = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_PROFILE", "dev"),
    ]);
    let creds = Credentials {
        aws: Some(AwsCredentials {
            access_key_id: "ASIAEXAMPLEEXAMPLE12".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            session_token: Some(Secret::new(CANARY)),
            expires_at: None,
        }),
        ..Credentials::default()
    };
    let e = build(&i, &creds).unwrap_err();
    assert_refused(&e, "credentials.aws.sessionToken");
}

#[test]
fn google_and_entra_id_tokens_supplied_at_run_time_are_checked() {
    let vertex = input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLOUD_ML_REGION", "us-east5"),
    ]);
    let creds = Credentials {
        google_access_token: Some(Secret::new(CANARY)),
        ..Credentials::default()
    };
    assert_refused(
        &build(&vertex, &creds).unwrap_err(),
        "credentials.googleAccessToken",
    );
    let foundry = input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "my-resource"),
    ]);
    let creds = Credentials {
        azure_access_token: Some(Secret::new(CANARY)),
        ..Credentials::default()
    };
    assert_refused(
        &build(&foundry, &creds).unwrap_err(),
        "credentials.azureAccessToken",
    );
}

/// The credential variables checked before AWS_SESSION_TOKEN was, each refused the same way.
fn every_other_credential_variable_that_becomes_a_header_is_checked() {
    let cases: [(Vec<(&str, &str)>, &str); 6] = [
        (vec![("ANTHROPIC_API_KEY", CANARY)], "ANTHROPIC_API_KEY"),
        (
            vec![("ANTHROPIC_AUTH_TOKEN", CANARY)],
            "ANTHROPIC_AUTH_TOKEN",
        ),
        (
            vec![
                ("CLAUDE_CODE_USE_BEDROCK", "1"),
                ("AWS_REGION", "us-east-1"),
                ("AWS_BEARER_TOKEN_BEDROCK", CANARY),
            ],
            "AWS_BEARER_TOKEN_BEDROCK",
        ),
        (
            vec![
                ("CLAUDE_CODE_USE_FOUNDRY", "1"),
                ("ANTHROPIC_FOUNDRY_RESOURCE", "my-resource"),
                ("ANTHROPIC_FOUNDRY_AUTH_TOKEN", CANARY),
            ],
            "ANTHROPIC_FOUNDRY_AUTH_TOKEN",
        ),
        (
            vec![
                ("CLAUDE_CODE_USE_FOUNDRY", "1"),
                ("ANTHROPIC_FOUNDRY_RESOURCE", "my-resource"),
                ("ANTHROPIC_FOUNDRY_API_KEY", CANARY),
            ],
            "ANTHROPIC_FOUNDRY_API_KEY",
        ),
        (
            vec![
                ("CLAUDE_CODE_USE_BEDROCK", "1"),
                ("AWS_REGION", "us-east-1"),
                ("AWS_ACCESS_KEY_ID", CANARY),
                (
                    "AWS_SECRET_ACCESS_KEY",
                    "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                ),
            ],
            "AWS_ACCESS_KEY_ID",
        ),
    ];
    for (env, var) in cases {
        let e = build(&input(&env), &Credentials::default()).unwrap_err();
        assert_refused(&e, var);
        assert_eq!(e.env_var(), Some(var));
    }
}

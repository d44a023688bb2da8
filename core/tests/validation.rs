//! One test per SPEC §10 validation rule (and the §11 pain points the core can see offline):
//! each triggers the rule and checks the code, severity, the variable at fault and the fix.

use claude_provider_core::auth::CredentialCheck;
use claude_provider_core::env::{SettingsLayer, SettingsScope};
use claude_provider_core::{
    validate, Code, ConfigInput, Problem, ProviderId, Resolution, Severity, ValidateOptions,
};
use serde_json::json;

fn input(env: &[(&str, &str)]) -> ConfigInput {
    let mut i = ConfigInput::default();
    for (k, v) in env {
        i.process_env.insert((*k).into(), (*v).into());
    }
    i
}

fn run(i: &ConfigInput) -> Resolution {
    validate(i, &ValidateOptions::default())
}

fn run_checked(i: &ConfigInput) -> Resolution {
    validate(
        i,
        &ValidateOptions {
            credentials: CredentialCheck::NotFound,
            ..Default::default()
        },
    )
}

/// The one problem with `code`; panics with the full list otherwise.
fn find(r: &Resolution, code: Code) -> &Problem {
    let hits: Vec<&Problem> = r.problems.iter().filter(|p| p.code == code).collect();
    assert_eq!(
        hits.len(),
        1,
        "expected exactly one {code} in {:#?}",
        r.problems
    );
    hits[0]
}

fn assert_problem(r: &Resolution, code: Code, severity: Severity, var: &str, help_has: &str) {
    let p = find(r, code);
    assert_eq!(p.severity, severity, "{p:?}");
    assert_eq!(p.env_var.as_deref(), Some(var), "{p:?}");
    assert!(
        p.help.contains(help_has),
        "help {:?} lacks {help_has:?}",
        p.help
    );
    assert!(!p.message.is_empty());
}

const BEDROCK: [(&str, &str); 4] = [
    ("CLAUDE_CODE_USE_BEDROCK", "1"),
    ("AWS_REGION", "us-east-1"),
    ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
    (
        "AWS_SECRET_ACCESS_KEY",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ),
];

#[test]
fn rule1_more_than_one_selector_reports_the_winner() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "r1"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
    ]));
    assert_eq!(r.provider, ProviderId::Foundry);
    let p = find(&r, Code::ProviderConflict);
    assert_eq!(p.severity, Severity::Warning);
    assert!(
        p.message.contains("CLAUDE_CODE_USE_FOUNDRY wins"),
        "{}",
        p.message
    );
    assert_eq!(p.env_var.as_deref(), Some("CLAUDE_CODE_USE_VERTEX"));
    assert!(p.help.contains("unset the others"));
}

#[test]
fn rule1_bedrock_and_mantle_together_is_not_a_conflict() {
    let mut env = BEDROCK.to_vec();
    env.push(("CLAUDE_CODE_USE_MANTLE", "1"));
    let r = run(&input(&env));
    assert_eq!(r.provider, ProviderId::Bedrock);
    assert!(r.mantle_alongside);
    assert!(!r.problems.iter().any(|p| p.code == Code::ProviderConflict));
}

#[test]
fn rule2_unrecognized_selector_value_is_off_with_a_warning() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "enabled"),
        ("ANTHROPIC_API_KEY", "k"),
    ]));
    assert_eq!(r.provider, ProviderId::Anthropic);
    assert_problem(
        &r,
        Code::ProviderFlagUnrecognized,
        Severity::Warning,
        "CLAUDE_CODE_USE_BEDROCK",
        "CLAUDE_CODE_USE_BEDROCK=1",
    );
}

#[test]
fn rule3_bedrock_region_defaulted_and_invalid() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_ACCESS_KEY_ID", "a"),
        ("AWS_SECRET_ACCESS_KEY", "b"),
    ]));
    assert_eq!(r.region.as_ref().unwrap().value, "us-east-1");
    assert_problem(
        &r,
        Code::BedrockRegionDefaulted,
        Severity::Info,
        "AWS_REGION",
        "AWS_REGION",
    );

    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us east 1"),
        ("AWS_DEFAULT_REGION", "eu-central-1"),
    ]));
    assert_eq!(r.region.as_ref().unwrap().value, "eu-central-1");
    assert_problem(
        &r,
        Code::BedrockRegionInvalid,
        Severity::Warning,
        "AWS_REGION",
        "us-east-1",
    );

    // Every value ignored: the warnings say where requests go instead, in the last one; no
    // second note (BEDROCK_REGION_DEFAULTED) for the same mistake.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-west-99x"),
        ("AWS_DEFAULT_REGION", "eu central"),
    ]));
    assert_eq!(r.region.as_ref().unwrap().value, "us-east-1");
    assert!(
        !r.problems
            .iter()
            .any(|p| p.code == Code::BedrockRegionDefaulted),
        "{:#?}",
        r.problems
    );
    let last = r
        .problems
        .iter()
        .find(|p| p.env_var.as_deref() == Some("AWS_DEFAULT_REGION"))
        .unwrap();
    assert_eq!(
        last.message,
        "AWS_DEFAULT_REGION=\"eu central\" is not shaped like an AWS region, so Claude Code ignores it. No other region is set, so us-east-1 is used."
    );

    // `us-east1` (one mistake): one warning, whose fix is the region meant.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east1"),
    ]));
    let codes: Vec<Code> = r.problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, [Code::BedrockRegionInvalid], "{:#?}", r.problems);
    assert!(
        r.problems[0].help.starts_with("Set AWS_REGION=us-east-1 "),
        "{}",
        r.problems[0].help
    );
    assert!(r.problems[0].message.ends_with("so us-east-1 is used."));
}

#[test]
fn rule3_bedrock_service_tier_must_be_known() {
    let mut env = BEDROCK.to_vec();
    env.push(("ANTHROPIC_BEDROCK_SERVICE_TIER", "fastest"));
    assert_problem(
        &run(&input(&env)),
        Code::BedrockServiceTierInvalid,
        Severity::Error,
        "ANTHROPIC_BEDROCK_SERVICE_TIER",
        "priority",
    );
}

#[test]
fn rule3_bedrock_without_credentials() {
    let r = run_checked(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
    ]));
    assert_problem(
        &r,
        Code::AwsNoCredentials,
        Severity::Error,
        "AWS_PROFILE",
        "aws sso login",
    );
    // Half a key pair is an error even without a runtime check.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_ACCESS_KEY_ID", "AKID"),
    ]));
    assert_problem(
        &r,
        Code::AwsKeysIncomplete,
        Severity::Error,
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SECRET_ACCESS_KEY",
    );
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_ACCESS_KEY_ID", "ASIAXYZ"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
    ]));
    assert_problem(
        &r,
        Code::AwsSessionTokenMissing,
        Severity::Warning,
        "AWS_SESSION_TOKEN",
        "AWS_SESSION_TOKEN",
    );
}

/// Building a Bedrock request with no credentials supplied: the problem that explains why (half
/// a key pair, a profile that is not there) is the error, naming the variable to fix.
#[test]
fn rule3_a_request_without_aws_credentials_names_the_variable_at_fault() {
    use claude_provider_core::api::{build_request as build, RequestSpec};
    let spec: RequestSpec = serde_json::from_value(
        json!({"nowMs": 0, "body": r#"{"model":"sonnet","max_tokens":8,"messages":[]}"#}),
    )
    .unwrap();
    let err = |i: &ConfigInput| build(i, &spec, None).unwrap_err().problem().clone();
    let half = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        (
            "AWS_SECRET_ACCESS_KEY",
            "CANARYsecretCANARYsecretCANARYsecret1234",
        ),
    ]);
    let p = err(&half);
    assert_eq!(
        (p.code, p.env_var.as_deref()),
        (Code::AwsKeysIncomplete, Some("AWS_ACCESS_KEY_ID"))
    );
    assert!(!format!("{p:?}{}{}", p.message, p.help).contains("CANARY"));
    let mut ghost = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_PROFILE", "ghost"),
    ]);
    ghost.home.aws_config = Some(claude_provider_core::TextFile {
        path: "~/.aws/config".into(),
        text: "[profile prod]\nregion = eu-west-1\n".into(),
    });
    let p = err(&ghost);
    assert_eq!(
        (p.code, p.env_var.as_deref()),
        (Code::AwsProfileNotFound, Some("AWS_PROFILE"))
    );
    // Nothing to explain it (the browser reads no AWS files): the generic error.
    ghost.home.aws_config = None;
    assert_eq!(err(&ghost).code, Code::CredentialsMissing);
}

#[test]
fn rule3_named_profile_must_exist() {
    let mut i = input(&[("CLAUDE_CODE_USE_BEDROCK", "1"), ("AWS_PROFILE", "dev")]);
    i.home.aws_config = Some(claude_provider_core::TextFile {
        path: "~/.aws/config".into(),
        text: "[profile prod]\nregion = eu-west-1\n".into(),
    });
    assert_problem(
        &run(&i),
        Code::AwsProfileNotFound,
        Severity::Error,
        "AWS_PROFILE",
        "aws configure sso --profile dev",
    );
}

#[test]
fn rule3_named_profile_must_exist_when_the_runtime_found_no_aws_files() {
    let mut i = input(&[("CLAUDE_CODE_USE_BEDROCK", "1"), ("AWS_PROFILE", "ghost")]);
    // Files not given and not said to be read (the browser): nothing to say about the profile.
    assert!(!run(&i)
        .problems
        .iter()
        .any(|p| p.code == Code::AwsProfileNotFound));
    i.home.aws_files_read = true;
    let r = run(&i);
    // A warning: without any file the SDK goes on to container or instance credentials.
    assert_problem(
        &r,
        Code::AwsProfileNotFound,
        Severity::Warning,
        "AWS_PROFILE",
        "aws configure sso --profile ghost",
    );
    assert!(find(&r, Code::AwsProfileNotFound)
        .message
        .contains("there is no AWS config or credentials file"));
}

#[test]
fn rule4_vertex_project_is_required_even_with_skip_auth() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ("GOOGLE_CLOUD_PROJECT", "p"),
    ]));
    let p = find(&r, Code::VertexProjectMissing);
    assert_eq!(p.severity, Severity::Error);
    assert!(p.message.contains("No projectId was given"));
    assert!(p.help.contains("even with CLAUDE_CODE_SKIP_VERTEX_AUTH"));
}

#[test]
fn rule4_vertex_base_url_without_v1() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ("ANTHROPIC_VERTEX_BASE_URL", "https://gw.example.com/vertex"),
    ]));
    assert_problem(
        &r,
        Code::VertexBaseUrlNoV1,
        Severity::Warning,
        "ANTHROPIC_VERTEX_BASE_URL",
        "https://gw.example.com/vertex/v1",
    );
}

#[test]
fn rule4_vertex_without_adc() {
    let r = run_checked(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
    ]));
    assert_problem(
        &r,
        Code::VertexNoCredentials,
        Severity::Error,
        "GOOGLE_APPLICATION_CREDENTIALS",
        "gcloud auth application-default login",
    );
}

#[test]
fn claude_platform_on_google_cloud_without_adc_has_its_own_code_and_no_vertex_skip_var() {
    let r = run_checked(&input(&[
        ("CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", "1"),
        ("ANTHROPIC_GOOGLE_CLOUD_PROJECT", "p"),
        ("ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID", "w"),
    ]));
    assert_problem(
        &r,
        Code::GoogleCloudNoCredentials,
        Severity::Error,
        "GOOGLE_APPLICATION_CREDENTIALS",
        "gcloud auth application-default login",
    );
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::VertexNoCredentials
            || p.help.contains("CLAUDE_CODE_SKIP_VERTEX_AUTH")));
    // A key file named in GOOGLE_APPLICATION_CREDENTIALS is what to check.
    let r = run_checked(&input(&[
        ("CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", "1"),
        ("ANTHROPIC_GOOGLE_CLOUD_PROJECT", "p"),
        ("ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID", "w"),
        ("GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json"),
    ]));
    assert_problem(
        &r,
        Code::GoogleCloudNoCredentials,
        Severity::Error,
        "GOOGLE_APPLICATION_CREDENTIALS",
        "Check the key file GOOGLE_APPLICATION_CREDENTIALS names",
    );
    assert!(
        r.auth.summary.contains("/keys/sa.json"),
        "{}",
        r.auth.summary
    );
}

#[test]
fn rule4_vertex_invalid_location_is_ignored() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLOUD_ML_REGION", "us-east5/evil"),
    ]));
    assert_eq!(r.region.as_ref().unwrap().value, "us-east5");
    assert_problem(
        &r,
        Code::VertexRegionInvalid,
        Severity::Warning,
        "CLOUD_ML_REGION",
        "us-east5",
    );
}

#[test]
fn rule5_foundry_target_rules() {
    let both = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "r1"),
        (
            "ANTHROPIC_FOUNDRY_BASE_URL",
            "https://r1.services.ai.azure.com/anthropic",
        ),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
    ]));
    let p = find(&both, Code::FoundryTargetConflict);
    assert!(p
        .message
        .starts_with("baseURL and resource are mutually exclusive"));
    assert!(both.endpoint.is_none());

    let none = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
    ]));
    assert_problem(
        &none,
        Code::FoundryTargetMissing,
        Severity::Error,
        "ANTHROPIC_FOUNDRY_RESOURCE",
        "ANTHROPIC_FOUNDRY_RESOURCE",
    );

    let url = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        (
            "ANTHROPIC_FOUNDRY_RESOURCE",
            "https://r1.services.ai.azure.com",
        ),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
    ]));
    assert_problem(
        &url,
        Code::FoundryResourceInvalid,
        Severity::Error,
        "ANTHROPIC_FOUNDRY_RESOURCE",
        "ANTHROPIC_FOUNDRY_BASE_URL",
    );
    // The resource's own URL pasted in: the help names the resource to set.
    let p = find(&url, Code::FoundryResourceInvalid);
    assert!(p.message.contains("holds a URL or host name"), "{p:?}");
    assert!(p.help.contains("ANTHROPIC_FOUNDRY_RESOURCE=r1 "), "{p:?}");

    // Not a URL: the message says what is wrong with the name instead.
    for (value, says) in [
        ("my resource", "holds a space"),
        ("my_resource", "holds '_'"),
        ("-r1", "starts or ends with a hyphen"),
        ("r", "is 1 character long"),
    ] {
        let r = run(&input(&[
            ("CLAUDE_CODE_USE_FOUNDRY", "1"),
            ("ANTHROPIC_FOUNDRY_RESOURCE", value),
            ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
        ]));
        let p = find(&r, Code::FoundryResourceInvalid);
        assert!(p.message.contains(says), "{value:?}: {p:?}");
        assert!(!p.message.contains("URL or host name"), "{value:?}: {p:?}");
    }

    let no_path = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        (
            "ANTHROPIC_FOUNDRY_BASE_URL",
            "https://r1.services.ai.azure.com",
        ),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
    ]));
    assert_problem(
        &no_path,
        Code::FoundryBaseUrlNoAnthropic,
        Severity::Warning,
        "ANTHROPIC_FOUNDRY_BASE_URL",
        "https://r1.services.ai.azure.com/anthropic",
    );

    let no_creds = run_checked(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "r1"),
    ]));
    assert_problem(
        &no_creds,
        Code::FoundryNoCredentials,
        Severity::Error,
        "ANTHROPIC_FOUNDRY_API_KEY",
        "az login",
    );
}

#[test]
fn rule6_gateway_mistakes() {
    let v1 = run(&input(&[
        ("ANTHROPIC_BASE_URL", "https://gw.example.com/v1"),
        ("ANTHROPIC_AUTH_TOKEN", "t"),
    ]));
    assert_problem(
        &v1,
        Code::BaseUrlEndsWithV1,
        Severity::Warning,
        "ANTHROPIC_BASE_URL",
        "ANTHROPIC_BASE_URL=https://gw.example.com.",
    );
    assert_problem(
        &v1,
        Code::GatewayExperimentalBetas,
        Severity::Info,
        "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS",
        "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1",
    );

    // With the betas already off, no note asks to turn them off.
    let off = run(&input(&[
        ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
        ("ANTHROPIC_AUTH_TOKEN", "t"),
        ("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS", "1"),
    ]));
    assert!(
        !off.problems
            .iter()
            .any(|p| p.code == Code::GatewayExperimentalBetas),
        "{:?}",
        off.problems
    );

    let both = run(&input(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("ANTHROPIC_AUTH_TOKEN", "t"),
    ]));
    assert_problem(
        &both,
        Code::AnthropicKeyAndToken,
        Severity::Warning,
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_AUTH_TOKEN",
    );

    let none = run(&input(&[]));
    let p = find(&none, Code::AnthropicNoCredentials);
    assert!(p.message.contains("Not logged in"));

    let bad = run(&input(&[
        ("ANTHROPIC_BASE_URL", "gw.example.com"),
        ("ANTHROPIC_API_KEY", "k"),
    ]));
    assert_problem(
        &bad,
        Code::BaseUrlInvalid,
        Severity::Error,
        "ANTHROPIC_BASE_URL",
        "https://",
    );

    let http = run(&input(&[
        ("ANTHROPIC_BASE_URL", "http://gw.corp.example:8080"),
        ("ANTHROPIC_API_KEY", "k"),
    ]));
    assert_problem(
        &http,
        Code::BaseUrlInsecure,
        Severity::Warning,
        "ANTHROPIC_BASE_URL",
        "https://",
    );
}

#[test]
fn rule10_settings_value_shadowing_a_shell_value_is_reported() {
    let mut i = input(&[
        ("ANTHROPIC_MODEL", "from-shell"),
        ("ANTHROPIC_API_KEY", "k"),
    ]);
    i.settings.push(SettingsLayer {
        scope: SettingsScope::Project,
        path: Some("/repo/.claude/settings.json".into()),
        settings: json!({"env": {"ANTHROPIC_MODEL": "from-settings"}}),
    });
    let r = run(&i);
    let p = find(&r, Code::SettingsShadowsShell);
    assert_eq!(p.file.as_deref(), Some("/repo/.claude/settings.json"));
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_MODEL"));
    let var = r.vars.iter().find(|v| v.name == "ANTHROPIC_MODEL").unwrap();
    assert_eq!(var.value, "from-settings");
    assert_eq!(var.overrides.len(), 1);
}

#[test]
fn settings_env_must_hold_strings() {
    let mut i = input(&[("ANTHROPIC_API_KEY", "k")]);
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: Some("~/.claude/settings.json".into()),
        settings: json!({"env": {"CLAUDE_CODE_USE_BEDROCK": 1}}),
    });
    assert_problem(
        &run(&i),
        Code::SettingsInvalid,
        Severity::Error,
        "CLAUDE_CODE_USE_BEDROCK",
        "\"CLAUDE_CODE_USE_BEDROCK\": \"1\"",
    );
}

#[test]
fn values_that_would_inject_into_a_url_are_errors_and_never_used() {
    for (k, v) in [
        ("ANTHROPIC_VERTEX_PROJECT_ID", "evil/../x"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p@attacker"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p\r\nX: y"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p q"),
    ] {
        let r = run(&input(&[
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            (k, v),
            ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ]));
        assert_problem(&r, Code::ValueUnsafe, Severity::Error, k, "bare project ID");
        assert!(r.details.project.is_none());
    }
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_ANTHROPIC_AWS", "1"),
        ("ANTHROPIC_AWS_WORKSPACE_ID", "w?x=1"),
        ("AWS_REGION", "us-west-2"),
    ]));
    assert_problem(
        &r,
        Code::ValueUnsafe,
        Severity::Error,
        "ANTHROPIC_AWS_WORKSPACE_ID",
        "workspace ID",
    );
    // A region with a slash is not region-shaped: ignored, so it never reaches the host.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "evil.com/x"),
    ]));
    assert_eq!(
        r.endpoint.unwrap().base_url,
        "https://bedrock-runtime.us-east-1.amazonaws.com"
    );
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "r@evil.com"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
    ]));
    assert!(r.endpoint.is_none());
    find(&r, Code::FoundryResourceInvalid);
}

#[test]
fn no_problem_text_contains_a_secret() {
    const CANARY: &str = "CANARY-7f3a9c-SECRET";
    let mut i = input(&[
        ("ANTHROPIC_API_KEY", CANARY),
        ("ANTHROPIC_AUTH_TOKEN", CANARY),
        ("AWS_SECRET_ACCESS_KEY", CANARY),
        ("AWS_BEARER_TOKEN_BEDROCK", CANARY),
        ("ANTHROPIC_FOUNDRY_API_KEY", CANARY),
        ("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE", CANARY),
        ("HTTPS_PROXY", "http://user:CANARY-7f3a9c-SECRET@proxy:3128"),
        ("ANTHROPIC_CUSTOM_HEADERS", "X-Key: CANARY-7f3a9c-SECRET\nbroken line CANARY-7f3a9c-SECRET\nX-Q: \u{201c}CANARY-7f3a9c-SECRET"),
        ("CLAUDE_CODE_USE_BEDROK", "1"),
    ]);
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: None,
        settings: json!({"env": {"ANTHROPIC_API_KEY": "other-CANARY-7f3a9c-SECRET"}}),
    });
    // Values of the wrong type are reported, never echoed (a secret is still a secret).
    i.settings.push(SettingsLayer {
        scope: SettingsScope::Project,
        path: None,
        settings: json!({"env": {"ANTHROPIC_AUTH_TOKEN": {"v": "CANARY-7f3a9c-SECRET"}, "HTTP_PROXY": ["http://u:CANARY-7f3a9c-SECRET@p:1"]}}),
    });
    for check in [CredentialCheck::NotChecked, CredentialCheck::NotFound] {
        let r = validate(
            &i,
            &ValidateOptions {
                credentials: check,
                ..Default::default()
            },
        );
        let all = format!("{r:?}{}", serde_json::to_string(&r).unwrap());
        assert!(!all.contains("7f3a9c"), "a secret leaked: {all}");
        assert!(
            r.problems
                .iter()
                .any(|p| p.help.contains("Quote the value: \"ANTHROPIC_AUTH_TOKEN\"")),
            "{:?}",
            r.problems
        );
    }
    // A password in a base URL: the endpoint keeps it (requests go there), `Debug` hides it.
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "k"),
        (
            "ANTHROPIC_BASE_URL",
            "https://gw:CANARY-7f3a9c-SECRET@gw.example.com/gw",
        ),
    ]));
    assert!(!format!("{r:?}").contains("7f3a9c"), "{r:?}");
}

#[test]
fn pain5_sso_profile_without_refresh_hook() {
    let mut i = input(&[("CLAUDE_CODE_USE_BEDROCK", "1"), ("AWS_PROFILE", "corp")]);
    i.home.aws_config = Some(claude_provider_core::TextFile {
        path: "~/.aws/config".into(),
        text: "[profile corp]\nsso_session = corp\nregion = us-west-2\n".into(),
    });
    assert_problem(
        &run(&i),
        Code::AwsSsoRefreshMissing,
        Severity::Info,
        "AWS_PROFILE",
        "aws sso login --profile corp",
    );
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: None,
        settings: json!({"awsAuthRefresh": "aws sso login --profile corp"}),
    });
    let r = run(&i);
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::AwsSsoRefreshMissing));
    assert_eq!(r.credential_steps.len(), 1);
    assert_eq!(r.credential_steps[0].key, "awsAuthRefresh");
    assert_eq!(r.region.unwrap().value, "us-west-2");
    // The `default` profile (AWS_PROFILE unset) is SSO: no variable is named, none to set.
    let mut d = input(&[("CLAUDE_CODE_USE_BEDROCK", "1")]);
    d.home.aws_config = Some(claude_provider_core::TextFile {
        path: "~/.aws/config".into(),
        text: "[default]\nsso_session = corp\nregion = us-west-2\n".into(),
    });
    let p = find(&run(&d), Code::AwsSsoRefreshMissing).clone();
    assert_eq!(p.env_var, None);
    assert!(
        p.help.contains("aws sso login --profile default"),
        "{}",
        p.help
    );
}

#[test]
fn pain6_bedrock_api_key_not_sent_under_skip_auth() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1"),
        ("AWS_BEARER_TOKEN_BEDROCK", "ABSK-x"),
    ]));
    assert_problem(
        &r,
        Code::AwsBearerIgnored,
        Severity::Warning,
        "CLAUDE_CODE_SKIP_BEDROCK_AUTH",
        "CLAUDE_CODE_SKIP_BEDROCK_AUTH",
    );
}

/// Non-ASCII hosts: native builds map them to Punycode as WHATWG URL does (full IDNA); a host
/// that is not a valid IDN (here an invalid `xn--` label) is BASE_URL_INVALID with help that
/// names the ASCII form (the WebAssembly build, with no IDNA tables, accepts only that form).
#[test]
fn international_host_names() {
    let idn = run(&input(&[
        ("ANTHROPIC_BASE_URL", "https://bücher.example/gw"),
        ("ANTHROPIC_API_KEY", "k"),
    ]));
    let ep = idn.endpoint.as_ref().expect("endpoint");
    assert_eq!(ep.base_url, "https://xn--bcher-kva.example/gw");

    let bad = run(&input(&[
        ("ANTHROPIC_BASE_URL", "https://xn--a.example"),
        ("ANTHROPIC_API_KEY", "k"),
    ]));
    let p = find(&bad, Code::BaseUrlInvalid);
    assert!(
        p.message.contains("international domain name"),
        "{}",
        p.message
    );
    assert!(p.help.contains("xn--bcher-kva.example"), "{}", p.help);

    // An ASCII host with a character no host name has: said so, without IDN advice.
    let spaced = run(&input(&[
        ("ANTHROPIC_BASE_URL", "https://gw example.com/v"),
        ("ANTHROPIC_API_KEY", "k"),
        ("HTTPS_PROXY", "http://user:s3cret@proxy|corp:8080"),
    ]));
    let p = find(&spaced, Code::BaseUrlInvalid);
    assert_eq!(
        p.message,
        "ANTHROPIC_BASE_URL is not a valid URL (its host contains a space, which no host name can have)."
    );
    assert_eq!(
        p.help,
        "Correct the host in ANTHROPIC_BASE_URL: a host name has only letters, digits, `-` and `.`."
    );
    // A URL without the slashes after its scheme parses the same; its host is still named.
    let bare = run(&input(&[
        ("ANTHROPIC_BASE_URL", "https:gw example.com"),
        ("ANTHROPIC_API_KEY", "k"),
    ]));
    assert!(find(&bare, Code::BaseUrlInvalid)
        .message
        .contains("its host contains a space"));
    let p = find(&spaced, Code::ProxyUrlInvalid);
    assert!(
        p.message.ends_with(
            "is not a valid URL (its proxy host contains `|`, which no host name can have)."
        ),
        "{}",
        p.message
    );
    assert!(!p.message.contains("s3cret") && !p.help.contains("s3cret"));
    assert!(!p.help.contains("Punycode"), "{}", p.help);
}

#[test]
fn timeouts_and_retries_above_their_maximum_are_capped_with_a_warning() {
    // Beyond u64 too: such a value once crashed the JS bindings' number conversion.
    for (timeout, want) in [
        ("3000000000", 2_147_483_647u64),
        ("99999999999999999999999", 2_147_483_647),
        ("2147483647", 2_147_483_647),
        ("15000", 15_000),
    ] {
        let r = run(&input(&[
            ("ANTHROPIC_API_KEY", "sk-ant-api03-x"),
            ("API_TIMEOUT_MS", timeout),
        ]));
        assert_eq!(r.knobs.timeout_ms, want, "API_TIMEOUT_MS={timeout}");
        let capped = r
            .problems
            .iter()
            .any(|p| p.code == Code::NumberInvalid && p.message.contains("above its maximum"));
        assert_eq!(
            capped,
            want != 15_000 && timeout != "2147483647",
            "{timeout}: {:?}",
            r.problems
        );
    }
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "sk-ant-api03-x"),
        ("CLAUDE_CODE_MAX_RETRIES", "50"),
    ]));
    assert_eq!(r.knobs.max_retries, 15);
    assert_problem(
        &r,
        Code::NumberInvalid,
        Severity::Warning,
        "CLAUDE_CODE_MAX_RETRIES",
        "at most 15",
    );
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "sk-ant-api03-x"),
        ("API_TIMEOUT_MS", "ten minutes"),
    ]));
    assert_eq!(r.knobs.timeout_ms, 600_000);
    assert_problem(
        &r,
        Code::NumberInvalid,
        Severity::Warning,
        "API_TIMEOUT_MS",
        "whole number",
    );
    // The whole resolution still serializes, with every number a JS number holds exactly.
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "sk-ant-api03-x"),
        ("API_TIMEOUT_MS", "18446744073709551615"),
        ("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "18446744073709551615"),
    ]));
    let json = serde_json::to_value(&r).unwrap();
    fn max_int(v: &serde_json::Value) -> u64 {
        match v {
            serde_json::Value::Number(n) => n.as_u64().unwrap_or(0),
            serde_json::Value::Array(a) => a.iter().map(max_int).max().unwrap_or(0),
            serde_json::Value::Object(o) => o.values().map(max_int).max().unwrap_or(0),
            _ => 0,
        }
    }
    assert!(max_int(&json) <= 9_007_199_254_740_991, "{json}");
}

/// SPEC §4.3: without ANTHROPIC_VERTEX_PROJECT_ID (or GOOGLE_CLOUD_PROJECT), the Vertex SDK takes
/// the project google-auth resolves from the credentials (a key file's `project_id`, gcloud's
/// configuration, the metadata server); the runtime passes it in. Never with skip-auth.
#[test]
fn vertex_project_from_the_runtimes_google_credentials() {
    use claude_provider_core::env::Source;
    use claude_provider_core::{build_request, Credentials, RequestOptions, Secret};
    let env = [
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLOUD_ML_REGION", "us-east5"),
        ("GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json"),
    ];
    let i = input(&env);
    let with = |project: &str| ValidateOptions {
        credentials: CredentialCheck::Found,
        google_project_id: Some(project.into()),
    };
    // Offline: the project is unknown.
    find(&run(&i), Code::VertexProjectMissing);
    // The runtime found one: no error, and the project says where it came from.
    let r = validate(&i, &with("sa-project"));
    assert!(
        !r.problems
            .iter()
            .any(|p| p.code == Code::VertexProjectMissing),
        "{:?}",
        r.problems
    );
    let p = r.details.project.as_ref().expect("a project");
    assert_eq!(
        (p.value.as_str(), &p.source),
        ("sa-project", &Source::Credentials)
    );
    // A variable still wins over the credentials (capture vertex_sa_project_precedence).
    let mut named = i.clone();
    named
        .process_env
        .insert("ANTHROPIC_VERTEX_PROJECT_ID".into(), "other-project".into());
    let r = validate(&named, &with("sa-project"));
    assert_eq!(r.details.project.as_ref().unwrap().value, "other-project");
    // A project that would change the URL is an error, never interpolated.
    let r = validate(&i, &with("p/../../x"));
    assert_problem(
        &r,
        Code::ValueUnsafe,
        Severity::Error,
        "project ID from the Google credentials",
        "bare project ID",
    );
    // Skip-auth loads no credentials: the project variable stays required.
    let mut skip = i.clone();
    skip.process_env
        .insert("CLAUDE_CODE_SKIP_VERTEX_AUTH".into(), "1".into());
    find(
        &validate(&skip, &with("sa-project")),
        Code::VertexProjectMissing,
    );

    // Building: the URL names the credentials' project.
    let body = br#"{"model":"claude-sonnet-4-5@20250929","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#;
    let build = |input: &ConfigInput, project: Option<&str>| {
        let creds = Credentials {
            google_access_token: Some(Secret::new("ya29.FAKE")),
            google_project_id: project.map(str::to_owned),
            ..Credentials::default()
        };
        build_request(
            input,
            &RequestOptions::messages(body, &creds, std::time::UNIX_EPOCH),
        )
    };
    let req = build(&i, Some("sa-project")).expect("builds").request;
    assert!(
        req.url.contains("/projects/sa-project/locations/us-east5/"),
        "{}",
        req.url
    );
    let err = build(&i, None).expect_err("no project anywhere");
    assert_eq!(err.problem().code, Code::VertexProjectMissing);
    let err = build(&skip, Some("sa-project")).expect_err("skip-auth needs the variable");
    assert_eq!(err.problem().code, Code::VertexProjectMissing);
    let err = build(&i, Some("a b")).expect_err("unsafe project");
    assert_eq!(err.problem().code, Code::ValueUnsafe);
}

#[test]
fn proxy_passwords_never_show_however_the_url_is_written() {
    for proxy in [
        "user:CANARY-7f3a9c@127.0.0.1:9",
        "http://user:CANARY-7f3a9c/1@127.0.0.1:9",
        "http://user:CANARY-7f3a9c?x@127.0.0.1:9",
        "http://user:CANARY-7f3a9c#x@127.0.0.1:9",
        "socks5://user:CANARY-7f3a9c@127.0.0.1:9",
    ] {
        for var in ["HTTPS_PROXY", "HTTP_PROXY", "ANTHROPIC_BASE_URL"] {
            let r = run(&input(&[("ANTHROPIC_API_KEY", "k"), (var, proxy)]));
            let all = format!("{r:?}{}", serde_json::to_string(&r.problems).unwrap());
            assert!(!all.contains("7f3a9c"), "{var}={proxy}: {all}");
        }
    }
}

/// SPEC §8: the pre-send check of a credential header (`Invalid auth token · Fix external auth
/// token`), reported by validation too, not only when a request is built.
#[test]
fn credentials_that_cannot_go_in_a_header_are_reported_by_validate() {
    let r = run(&input(&[
        ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
        ("ANTHROPIC_AUTH_TOKEN", "\u{201c}tok-CANARY-51ab\u{201d}"),
    ]));
    let p = find(&r, Code::HeaderValueInvalid);
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_AUTH_TOKEN"));
    assert!(
        p.message
            .starts_with("Invalid auth token · Fix external auth token"),
        "{}",
        p.message
    );
    assert!(!format!("{r:?}").contains("51ab"));
    let r = run(&input(&[(
        "ANTHROPIC_API_KEY",
        "sk-ant-api03-x\nsecond line",
    )]));
    let p = find(&r, Code::HeaderValueInvalid);
    assert!(p.message.starts_with("Invalid API key"), "{}", p.message);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_API_KEY"));
    assert!(!run(&input(&[("ANTHROPIC_API_KEY", "sk-ant-api03-fine")]))
        .problems
        .iter()
        .any(|p| p.code == Code::HeaderValueInvalid));
}

/// SPEC §10.6: a credential in the wrong variable (401), told by its prefix.
#[test]
fn rule6_credential_in_the_wrong_variable() {
    let r = run(&input(&[(
        "ANTHROPIC_AUTH_TOKEN",
        "sk-ant-api03-CANARY-77aa",
    )]));
    assert_problem(
        &r,
        Code::CredentialWrongVariable,
        Severity::Warning,
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_API_KEY",
    );
    let r = run(&input(&[("ANTHROPIC_API_KEY", "sk-ant-oat01-CANARY-77aa")]));
    assert_problem(
        &r,
        Code::CredentialWrongVariable,
        Severity::Warning,
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer)",
    );
    let r = run(&input(&[("ANTHROPIC_API_KEY", "ABSKQmVkcm9jay1DQU5BUlk")]));
    assert_problem(
        &r,
        Code::CredentialWrongVariable,
        Severity::Warning,
        "ANTHROPIC_API_KEY",
        "AWS_BEARER_TOKEN_BEDROCK",
    );
    let mut b = BEDROCK.to_vec();
    b.push(("AWS_BEARER_TOKEN_BEDROCK", "sk-ant-api03-CANARY-77aa"));
    assert_problem(
        &run(&input(&b)),
        Code::CredentialWrongVariable,
        Severity::Warning,
        "AWS_BEARER_TOKEN_BEDROCK",
        "ABSK",
    );
    // A gateway takes whatever it issues: no warning there, nor for the right variables.
    for env in [
        vec![
            ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
            ("ANTHROPIC_AUTH_TOKEN", "sk-ant-api03-x"),
        ],
        vec![("ANTHROPIC_API_KEY", "sk-ant-api03-x")],
        vec![("ANTHROPIC_AUTH_TOKEN", "sk-ant-oat01-x")],
    ] {
        let r = run(&input(&env));
        assert!(
            !r.problems
                .iter()
                .any(|p| p.code == Code::CredentialWrongVariable),
            "{env:?}: {:?}",
            r.problems
        );
    }
    // Never the value itself.
    let r = run(&input(&[(
        "ANTHROPIC_AUTH_TOKEN",
        "sk-ant-api03-CANARY-77aa",
    )]));
    assert!(!format!("{r:?}").contains("77aa"));
}

/// SPEC §10.8–9 on the files themselves: the runtime passes what it read (`pemFiles`), and
/// validation reports a missing or non-PEM CA file and an encrypted key without a passphrase.
#[test]
fn rule8_9_pem_files_the_runtime_read_are_checked() {
    use claude_provider_core::env::{PemFile, ReadFailure};
    let mut i = input(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("NODE_EXTRA_CA_CERTS", "/etc/corp/ca.pem"),
        ("CLAUDE_CODE_CLIENT_CERT", "/etc/corp/client.pem"),
        ("CLAUDE_CODE_CLIENT_KEY", "/etc/corp/client.key"),
    ]);
    // Offline, with no files given: nothing to say about them.
    assert!(!run(&i)
        .problems
        .iter()
        .any(|p| matches!(p.code, Code::CertFileInvalid | Code::MtlsPassphraseMissing)));
    let key = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nCANARY-KEY-3e9d\n-----END ENCRYPTED PRIVATE KEY-----\n";
    i.pem_files = vec![
        PemFile {
            path: "/etc/corp/ca.pem".into(),
            text: None,
            ..Default::default()
        },
        PemFile {
            path: "/etc/corp/client.key".into(),
            text: Some(claude_provider_core::Secret::new(key)),
            ..Default::default()
        },
    ];
    let r = run(&i);
    assert_problem(
        &r,
        Code::CertFileInvalid,
        Severity::Warning,
        "NODE_EXTRA_CA_CERTS",
        "absolute path",
    );
    assert_problem(
        &r,
        Code::MtlsPassphraseMissing,
        Severity::Error,
        "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE",
        "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE",
    );
    let all = format!("{r:?}{i:?}{}", serde_json::to_string(&r).unwrap());
    assert!(!all.contains("3e9d"), "{all}");

    // When the runtime says why it could not read a file, the message says it too.
    for (why, words) in [
        (
            ReadFailure::NotFound,
            "=/etc/corp/ca.pem: the file does not exist.",
        ),
        (ReadFailure::IsDirectory, "is a directory, not a file"),
        (ReadFailure::PermissionDenied, "permission denied"),
        (
            ReadFailure::Other,
            "=/etc/corp/ca.pem: the file cannot be read.",
        ),
    ] {
        i.pem_files[0].unreadable = Some(why);
        let r = run(&i);
        let p = r
            .problems
            .iter()
            .find(|p| p.env_var.as_deref() == Some("NODE_EXTRA_CA_CERTS"))
            .expect("a CA problem");
        assert_eq!(p.code, Code::CertFileInvalid);
        assert!(p.message.contains(words), "{why:?}: {}", p.message);
    }
}

#[test]
fn foundry_base_url_with_v1_and_bedrock_control_plane_endpoint() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
        (
            "ANTHROPIC_FOUNDRY_BASE_URL",
            "https://res.services.ai.azure.com/anthropic/v1",
        ),
    ]));
    assert_problem(
        &r,
        Code::BaseUrlEndsWithV1,
        Severity::Warning,
        "ANTHROPIC_FOUNDRY_BASE_URL",
        "ANTHROPIC_FOUNDRY_BASE_URL=https://res.services.ai.azure.com/anthropic.",
    );
    assert!(
        !r.problems
            .iter()
            .any(|p| p.code == Code::FoundryBaseUrlNoAnthropic),
        "{:?}",
        r.problems
    );

    let mut env = BEDROCK.to_vec();
    env.push((
        "AWS_ENDPOINT_URL_BEDROCK",
        "https://bedrock.vpce.example.com",
    ));
    let r = run(&input(&env));
    assert_problem(
        &r,
        Code::BedrockControlPlaneEndpoint,
        Severity::Info,
        "AWS_ENDPOINT_URL_BEDROCK",
        "ANTHROPIC_BEDROCK_BASE_URL",
    );
    assert_eq!(
        r.endpoint.unwrap().base_url,
        "https://bedrock-runtime.us-east-1.amazonaws.com"
    );
}

#[test]
fn foundry_without_identity_says_what_claude_code_says() {
    let r = run_checked(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "res"),
    ]));
    let p = find(&r, Code::FoundryNoCredentials);
    assert!(p.message.starts_with("Could not load Azure credentials · Failed to get token from azureADTokenProvider: ChainedTokenCredential authentication failed"), "{}", p.message);
}

/// The endpoint shown is where the main model's requests go: a VERTEX_REGION_* variable moves
/// its host (as the request builder does), and the NO_PROXY check looks at that host.
#[test]
fn vertex_endpoint_follows_the_main_models_location() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ("VERTEX_REGION_CLAUDE_5_5_OPUS", "europe-west1"),
    ]));
    assert_eq!(r.models.main.region.as_deref(), Some("europe-west1"));
    let ep = r.endpoint.unwrap();
    assert_eq!(
        ep.base_url,
        "https://europe-west1-aiplatform.googleapis.com/v1"
    );
    assert_eq!(ep.source, claude_provider_core::env::Source::Process);
    assert_eq!(r.region.unwrap().value, "us-east5");
}

#[test]
fn vertex_without_credentials_points_at_the_key_file_when_one_is_named() {
    let r = run_checked(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json"),
    ]));
    assert_problem(
        &r,
        Code::VertexNoCredentials,
        Severity::Error,
        "GOOGLE_APPLICATION_CREDENTIALS",
        "Check the key file GOOGLE_APPLICATION_CREDENTIALS names",
    );
}

/// A credential command keeps its secrets for the runtime that runs it, and shows none: in
/// `Debug`, and through `shareableValue` for display.
#[test]
fn credential_commands_show_no_secrets() {
    let mut i = input(&[]);
    let cmd = "curl -s -H 'Authorization: Bearer CANARY-c0de' https://u:CANARY-c0de@vault.example.com/key";
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: None,
        settings: json!({ "apiKeyHelper": cmd }),
    });
    let r = run(&i);
    assert_eq!(
        &*r.credential_steps[0].command, cmd,
        "the runtime runs the real command"
    );
    let dbg = format!("{r:?}");
    assert!(
        !dbg.contains("c0de"),
        "{}",
        &dbg[dbg.find("c0de").unwrap().saturating_sub(300)..]
    );
    let shown = claude_provider_core::api::shareable_value("apiKeyHelper", cmd);
    assert!(
        !shown.contains("c0de") && shown.starts_with("curl -s -H 'Authorization: Bearer ***'"),
        "{shown}"
    );
}

/// A command that prints a bare key or a JSON document of AWS keys: the runtime gets it as
/// written, and what is shown (status rows, `--json`, `Debug`, snippets) keeps its shape but no
/// secret.
#[test]
fn credential_commands_with_bare_keys_show_none_of_them() {
    let helper = "echo sk-ant-api03-CANARY-helper";
    let export = r#"echo {"Credentials":{"AccessKeyId":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"CANARY-secret-123","SessionToken":"CANARY-token-456"}}"#;
    for (key, cmd, shown) in [
        ("apiKeyHelper", helper, "echo sk-ant-api03-***"),
        (
            "awsCredentialExport",
            export,
            r#"echo {"Credentials":{"AccessKeyId":"ASIA***","SecretAccessKey":"***","SessionToken":"***"}}"#,
        ),
    ] {
        let mut i = input(&[
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-east-1"),
        ]);
        if key == "apiKeyHelper" {
            i = input(&[]);
        }
        i.settings.push(SettingsLayer {
            scope: SettingsScope::User,
            path: Some("/home/u/.claude/settings.json".into()),
            settings: json!({ key: cmd }),
        });
        let r = run(&i);
        let step = r.credential_steps.iter().find(|s| s.key == key).unwrap();
        assert_eq!(&*step.command, cmd, "the runtime runs the real command");
        let method = serde_json::to_value(&r.auth.method).unwrap();
        let real = method
            .get("command")
            .or_else(|| method["credentials"].get("command"))
            .and_then(|c| c.as_str());
        assert_eq!(real, Some(cmd), "{method}");
        assert_eq!(
            claude_provider_core::api::shareable_value(key, &step.command),
            shown
        );
        assert_eq!(step.command.to_string(), shown);
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("CANARY"), "{dbg}");
        for p in &r.problems {
            assert!(!format!("{p:?}").contains("CANARY"), "{p:?}");
        }
        let snippets = claude_provider_core::api::config_snippets(&i);
        let all = serde_json::to_string(&snippets).unwrap();
        assert!(!all.contains("CANARY"), "{all}");
        assert!(
            snippets
                .notes
                .iter()
                .any(|n| n.contains("carry a secret") && n.contains(key)),
            "{:?}",
            snippets.notes
        );
    }
}

/// Secrets a helper prints literally or carries in a quoted header are never shown, and the
/// command stays out of the snippets; a command that only names a secret, a mode or a
/// `printf` format is shown as written and goes into them.
#[test]
fn credential_commands_mask_printed_and_quoted_secrets_and_keep_names() {
    let with = |key: &str, cmd: &str| {
        let mut i = input(&[]);
        i.settings.push(SettingsLayer {
            scope: SettingsScope::User,
            path: Some("/home/u/.claude/settings.json".into()),
            settings: json!({ key: cmd }),
        });
        i
    };
    for (cmd, shown) in [
        (
            "curl -s -H 'Authorization: Token CANARYsecret123' https://keys.internal/claude",
            "curl -s -H 'Authorization: Token ***' https://keys.internal/claude",
        ),
        (
            "curl -H 'X-Api-Key: abc CANARY' https://h",
            "curl -H 'X-Api-Key: ***' https://h",
        ),
        (
            "helper \"--token=quoted CANARY value\"",
            "helper \"--token=***\"",
        ),
        (r#"helper --token="x \" CANARY""#, r#"helper --token="***""#),
        ("echo ghp_CANARY1234567890abcdefghijkl", "echo ***"),
        ("echo hvs.CANARYvaulttokenabcdef", "echo ***"),
        ("printf %s CANARY-secret-123", "printf %s ***"),
        ("echo 'CANARYsingle-quoted-token-abcdef'", "echo '***'"),
        ("printf 'key: %s' CANARY", "printf 'key: %s' ***"),
        ("cat <<< CANARY", "cat <<< ***"),
        ("refresh && echo CANARY", "refresh && echo ***"),
    ] {
        let i = with("apiKeyHelper", cmd);
        let r = run(&i);
        let step = &r.credential_steps[0];
        assert_eq!(&*step.command, cmd, "the runtime runs the real command");
        assert_eq!(
            claude_provider_core::api::shareable_value("apiKeyHelper", &step.command),
            shown
        );
        assert!(!format!("{r:?}").contains("CANARY"), "{cmd}");
        let snippets = claude_provider_core::api::config_snippets(&i);
        let all = serde_json::to_string(&snippets).unwrap();
        assert!(!all.contains("CANARY"), "{all}");
        assert!(
            snippets.notes.iter().any(|n| n.contains("carry a secret")),
            "{cmd}: {:?}",
            snippets.notes
        );
    }
    for (key, cmd) in [
        (
            "apiKeyHelper",
            "gcloud secrets versions access latest --secret=anthropic-api-key",
        ),
        ("apiKeyHelper", "helper --auth sso"),
        (
            "apiKeyHelper",
            "printf '%s' \"$(vault read -field=token secret/claude)\"",
        ),
        (
            "apiKeyHelper",
            "security find-generic-password -s claude -w",
        ),
        ("awsAuthRefresh", "aws sso login --profile dev"),
        // Shown masked, but what was hidden is no credential: it goes in as written.
        ("apiKeyHelper", "get-key && echo ---"),
    ] {
        let i = with(key, cmd);
        let snippets = claude_provider_core::api::config_snippets(&i);
        let settings: serde_json::Value = serde_json::from_str(&snippets.settings_json).unwrap();
        assert_eq!(settings[key], json!(cmd), "{}", snippets.settings_json);
        assert!(
            !snippets.notes.iter().any(|n| n.contains("carry a secret")),
            "{cmd}: {:?}",
            snippets.notes
        );
    }
}

#[test]
fn a_number_or_boolean_in_settings_env_is_echoed_as_json() {
    let values = json!({
        "API_TIMEOUT_MS": 600000,
        "CLAUDE_CODE_MAX_RETRIES": -3,
        "CLAUDE_CODE_MAX_OUTPUT_TOKENS": 1.5,
        "DISABLE_PROMPT_CACHING": true,
        "ENABLE_PROMPT_CACHING_1H": false,
        "AWS_REGION": 1e300,
        "AWS_PROFILE": 0.1,
        "ANTHROPIC_MODEL": 18446744073709551615u64,
        "ANTHROPIC_SMALL_FAST_MODEL": -0.0,
    });
    let mut i = input(&[("ANTHROPIC_API_KEY", "k")]);
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: None,
        settings: json!({ "env": values }),
    });
    let r = run(&i);
    for (k, v) in values.as_object().unwrap() {
        // The text of serde_json's Display for the value, e.g. `"API_TIMEOUT_MS": "600000"`.
        let want = format!("Quote the value: \"{k}\": \"{v}\".");
        assert!(
            r.problems.iter().any(|p| p.help == want),
            "{want} not in {:?}",
            r.problems
        );
    }
}

#[test]
fn max_output_tokens_above_the_model_maximum_is_capped_with_a_note() {
    let known = run(&input(&[("ANTHROPIC_API_KEY", "k")]));
    let upper = known.models.main.max_output_tokens.upper;
    let over = (upper + 1).to_string();
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("CLAUDE_CODE_MAX_OUTPUT_TOKENS", over.as_str()),
    ]));
    let p = find(&r, Code::MaxOutputTokensInvalid);
    assert_eq!(p.severity, Severity::Info);
    assert!(
        p.message
            .contains(&format!("so Claude Code sends max_tokens {upper}")),
        "{}",
        p.message
    );
    assert!(!p.help.contains("modelOverrides"), "{}", p.help);
    // A model Claude Code does not know: 32000, and how to tell it which model it is.
    let r = run(&input(&[
        ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
        ("ANTHROPIC_AUTH_TOKEN", "t"),
        ("ANTHROPIC_MODEL", "my-gateway-model"),
        ("CLAUDE_CODE_MAX_OUTPUT_TOKENS", "64000"),
    ]));
    let p = find(&r, Code::MaxOutputTokensInvalid);
    assert!(
        p.message.contains("does not recognize (my-gateway-model)"),
        "{}",
        p.message
    );
    assert!(p.message.ends_with("max_tokens 32000."), "{}", p.message);
    assert!(p.help.contains("modelOverrides"), "{}", p.help);
    // At or under the maximum: nothing.
    let at = upper.to_string();
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("CLAUDE_CODE_MAX_OUTPUT_TOKENS", at.as_str()),
    ]));
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::MaxOutputTokensInvalid));
}

#[test]
fn skip_auth_with_the_providers_own_host_is_flagged() {
    for env in [
        vec![
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-east-1"),
            ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1"),
        ],
        vec![
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            ("CLOUD_ML_REGION", "global"),
            ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
            ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ],
    ] {
        let r = run(&input(&env));
        let p = find(&r, Code::SkipAuthOnProviderHost);
        assert_eq!(p.severity, Severity::Warning);
        assert!(p
            .env_var
            .as_deref()
            .unwrap()
            .starts_with("CLAUDE_CODE_SKIP_"));
        assert!(p.help.contains("_BASE_URL"), "{p:?}");
    }
    // A gateway URL, a bearer token (a Bedrock API key works as one) or a custom
    // authorization header: nothing to say.
    for extra in [
        (
            "ANTHROPIC_BEDROCK_BASE_URL",
            "https://gw.corp.example/bedrock",
        ),
        ("ANTHROPIC_AUTH_TOKEN", "tok"),
        ("ANTHROPIC_CUSTOM_HEADERS", "Authorization: Bearer x"),
    ] {
        let r = run(&input(&[
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-east-1"),
            ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1"),
            extra,
        ]));
        assert!(
            !r.problems
                .iter()
                .any(|p| p.code == Code::SkipAuthOnProviderHost),
            "{extra:?}: {:?}",
            r.problems
        );
    }
}

#[test]
fn base_url_mistakes_get_the_base_to_use() {
    for (url, path) in [
        ("https://litellm.corp.example/v1/messages", "/v1/messages"),
        (
            "http://localhost:4000/v1/chat/completions",
            "/v1/chat/completions",
        ),
        ("https://u:CANARY@gw.example/llm/messages", "/messages"),
    ] {
        let r = run(&input(&[
            ("ANTHROPIC_BASE_URL", url),
            ("ANTHROPIC_AUTH_TOKEN", "t"),
        ]));
        let p = find(&r, Code::BaseUrlHasEndpointPath);
        assert!(p.message.contains(path), "{p:?}");
        let base = crate_mask(&url[..url.len() - path.len()]);
        assert!(
            p.help.contains(&format!("ANTHROPIC_BASE_URL={base} ")),
            "{p:?}"
        );
        assert!(!format!("{p:?}").contains("CANARY"));
        assert!(!r.problems.iter().any(|p| p.code == Code::BaseUrlEndsWithV1));
    }
    // No scheme: the fix has one (http for a local gateway).
    for (raw, fixed) in [
        ("localhost:4000", "http://localhost:4000"),
        ("gw.corp.example:8443", "https://gw.corp.example:8443"),
    ] {
        let r = run(&input(&[
            ("ANTHROPIC_BASE_URL", raw),
            ("ANTHROPIC_AUTH_TOKEN", "t"),
        ]));
        let p = find(&r, Code::BaseUrlInvalid);
        assert!(p.message.contains("has no scheme"), "{p:?}");
        assert!(
            p.help.contains(&format!("ANTHROPIC_BASE_URL={fixed}.")),
            "{p:?}"
        );
    }
}

fn crate_mask(url: &str) -> String {
    claude_provider_core::api::shareable_value("ANTHROPIC_BASE_URL", url)
}

#[test]
fn credentials_with_a_bearer_prefix_or_inner_quotes_are_flagged_by_name() {
    for (name, value) in [
        ("ANTHROPIC_AUTH_TOKEN", "Bearer CANARY-123"),
        ("ANTHROPIC_API_KEY", "\"sk-ant-api03-CANARY\""),
        ("ANTHROPIC_AUTH_TOKEN", "'CANARY-456'"),
        // Sent as x-api-key whole: "Bearer " is part of the key the server gets.
        ("ANTHROPIC_API_KEY", "Bearer sk-ant-api03-CANARY"),
    ] {
        let r = run(&input(&[
            ("ANTHROPIC_BASE_URL", "https://litellm.corp.example"),
            (name, value),
        ]));
        let p = find(&r, Code::CredentialValueMalformed);
        assert_eq!(p.env_var.as_deref(), Some(name));
        assert!(!format!("{p:?}").contains("CANARY"), "{p:?}");
    }
    let r = run(&input(&[("ANTHROPIC_API_KEY", "bearer k-123")]));
    assert!(find(&r, Code::CredentialValueMalformed)
        .help
        .contains("ANTHROPIC_AUTH_TOKEN"));
    // A token without a prefix, or with "Bearer" inside it, is no mistake.
    let r = run(&input(&[("ANTHROPIC_AUTH_TOKEN", "tok-Bearer 123")]));
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::CredentialValueMalformed));
}

#[test]
fn one_near_miss_problem_per_unknown_name_with_the_best_candidate() {
    // Vertex: the per-model region name with its version and family swapped.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLOUD_ML_REGION", "us-east5"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ("VERTEX_REGION_CLAUDE_4_5_HAIKU", "us-east5"),
    ]));
    let p = find(&r, Code::EnvNameNearMiss);
    assert_eq!(p.env_var.as_deref(), Some("VERTEX_REGION_CLAUDE_4_5_HAIKU"));
    assert!(p.help.contains("VERTEX_REGION_CLAUDE_HAIKU_4_5"), "{p:?}");
    // Another provider: the generic check prefers the same swap over a 2-edit neighbour.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        ("VERTEX_REGION_CLAUDE_4_5_HAIKU", "us-east5"),
    ]));
    let p = find(&r, Code::EnvNameNearMiss);
    assert!(p.help.contains("VERTEX_REGION_CLAUDE_HAIKU_4_5"), "{p:?}");
    assert!(!p.help.contains("3_5_HAIKU"), "{p:?}");
    // A one-letter typo in a per-model region name is still named on Vertex.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLOUD_ML_REGION", "us-east5"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ("VERTEX_REGION_CLAUDE_4_5_SONET", "us-east5"),
    ]));
    let p = find(&r, Code::EnvNameNearMiss);
    assert!(p.help.contains("VERTEX_REGION_CLAUDE_4_5_SONNET"), "{p:?}");
}

#[test]
fn a_bedrock_model_id_on_vertex_is_one_problem_not_two() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLOUD_ML_REGION", "us-east5"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        (
            "ANTHROPIC_MODEL",
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
    ]));
    let p = find(&r, Code::ModelIdWrongProvider);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_MODEL"));
    let unsafe_: Vec<&Problem> = r
        .problems
        .iter()
        .filter(|p| p.code == Code::ValueUnsafe)
        .collect();
    assert!(unsafe_.is_empty(), "{unsafe_:#?}");
}

#[test]
fn value_unsafe_help_never_allows_the_character_it_rejects() {
    // Not a Bedrock ID, so VALUE_UNSAFE is the problem: its help must not list ':' as allowed.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLOUD_ML_REGION", "us-east5"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ("ANTHROPIC_MODEL", "claude-sonnet-4-5:streamRawPredict"),
    ]));
    let p = find(&r, Code::ValueUnsafe);
    assert!(p.message.contains("':'"), "{p:?}");
    assert!(!p.help.contains("':'"), "{p:?}");
    assert!(p.help.contains("'@' before a version"), "{p:?}");
    // On Bedrock ':' is part of every ID and is listed.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        (
            "ANTHROPIC_MODEL",
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0?x",
        ),
    ]));
    let p = find(&r, Code::ValueUnsafe);
    assert!(p.message.contains("'?'") && p.help.contains("':'"), "{p:?}");
}

fn ignored(env: &[(&str, &str)]) -> Problem {
    find(&run(&input(env)), Code::FirstPartyVarsIgnored).clone()
}

#[test]
fn first_party_vars_ignored_names_the_providers_own_variable() {
    // Foundry, the URL in the first-party variable and none of Foundry's: the URL is lost.
    let p = ignored(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        (
            "ANTHROPIC_BASE_URL",
            "https://my-resource.services.ai.azure.com/anthropic",
        ),
        ("ANTHROPIC_FOUNDRY_API_KEY", "x"),
    ]);
    assert_eq!(p.severity, Severity::Warning, "{p:?}");
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_BASE_URL"));
    assert!(
        p.message.contains("Claude Code ignores ANTHROPIC_BASE_URL"),
        "{p:?}"
    );
    assert!(p.message.contains("Microsoft Foundry"), "{p:?}");
    assert!(p.help.contains("set ANTHROPIC_FOUNDRY_BASE_URL"), "{p:?}");
    assert!(!p.help.contains("Remove them"), "{p:?}");
    // The API key on Foundry: its counterpart is ANTHROPIC_FOUNDRY_API_KEY; never the value.
    let p = ignored(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "my-resource"),
        ("ANTHROPIC_API_KEY", "sk-ant-api03-canary"),
    ]);
    assert_eq!(p.severity, Severity::Warning, "{p:?}");
    assert!(p.help.contains("ANTHROPIC_FOUNDRY_API_KEY"), "{p:?}");
    assert!(!format!("{p:?}").contains("canary"), "{p:?}");
    // Both on Foundry with Foundry's own key set: the URL is lost (warning), both named.
    let p = ignored(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "my-resource"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "x"),
        ("ANTHROPIC_API_KEY", "sk-ant-api03-canary"),
        ("ANTHROPIC_BASE_URL", "https://u:canary@gw.example.com"),
    ]);
    assert!(
        p.message
            .contains("ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL"),
        "{p:?}"
    );
    assert!(!format!("{p:?}").contains("canary"), "{p:?}");
    // Bedrock, its own URL variable set: only info.
    let bedrock = [
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
    ];
    let p = ignored(&bedrock);
    assert_eq!(p.severity, Severity::Warning, "{p:?}");
    assert!(p.help.contains("set ANTHROPIC_BEDROCK_BASE_URL"), "{p:?}");
    let mut both = bedrock.to_vec();
    both.push(("ANTHROPIC_BEDROCK_BASE_URL", "https://bedrock.example.com"));
    let p = ignored(&both);
    assert_eq!(p.severity, Severity::Info, "{p:?}");
    assert!(p.help.contains("ANTHROPIC_BEDROCK_BASE_URL"), "{p:?}");
    // Vertex and Mantle name theirs.
    let p = ignored(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLOUD_ML_REGION", "us-east5"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
    ]);
    assert!(p.help.contains("ANTHROPIC_VERTEX_BASE_URL"), "{p:?}");
    let p = ignored(&[
        ("CLAUDE_CODE_USE_MANTLE", "1"),
        ("AWS_REGION", "us-east-1"),
        ("ANTHROPIC_BASE_URL", "https://gw.example.com"),
    ]);
    assert!(
        p.help.contains("ANTHROPIC_BEDROCK_MANTLE_BASE_URL"),
        "{p:?}"
    );
}

#[test]
fn vertex_locations_that_name_no_vertex_host_are_flagged() {
    let vertex = |extra: &[(&'static str, &'static str)]| {
        let mut env = vec![
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
            ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
            (
                "ANTHROPIC_VERTEX_BASE_URL",
                "https://gw.corp.example/vertex/v1",
            ),
        ];
        env.extend_from_slice(extra);
        run(&input(&env))
    };
    for (value, says, fix) in [
        ("us-east-1", "an AWS-style region", "such as us-east5"),
        ("us-east5-a", "a zone", "CLOUD_ML_REGION=us-east5 "),
        ("useast", "not a Vertex location name", "such as us-east5"),
    ] {
        let r = vertex(&[("CLOUD_ML_REGION", value)]);
        let p = find(&r, Code::VertexRegionInvalid);
        assert_eq!(p.severity, Severity::Warning);
        assert!(p.message.contains(says), "{value}: {p:?}");
        assert!(p.help.contains(fix), "{value}: {p:?}");
        // Claude Code still uses it.
        assert_eq!(r.region.as_ref().unwrap().value, value);
    }
    for value in [
        "us-east5",
        "europe-west1",
        "northamerica-northeast1",
        "global",
        "us",
        "eu",
    ] {
        let r = vertex(&[("CLOUD_ML_REGION", value)]);
        assert!(
            !r.problems
                .iter()
                .any(|p| p.code == Code::VertexRegionInvalid),
            "{value}: {:?}",
            r.problems
        );
    }
    // Unset: the default is said; another tool's variable is named, with the value to use.
    // Its own code: VERTEX_REGION_INVALID is for a value that is set and wrong.
    let r = vertex(&[]);
    let p = find(&r, Code::VertexRegionDefaulted);
    assert_eq!(p.severity, Severity::Info);
    assert!(p.message.contains("us-east5"));
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::VertexRegionInvalid));
    let r = vertex(&[("GOOGLE_CLOUD_LOCATION", "europe-west1")]);
    let p = find(&r, Code::VertexRegionDefaulted);
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.env_var.as_deref(), Some("GOOGLE_CLOUD_LOCATION"));
    assert!(p.help.contains("CLOUD_ML_REGION=europe-west1"), "{p:?}");
}

#[test]
fn a_credential_pasted_into_a_plain_variable_is_an_error_and_never_echoed() {
    // Each plain variable a person could paste a key into, under the provider that reads it.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str, &'a str);
    let cases: [Case; 9] = [
        (
            &[],
            "ANTHROPIC_MODEL",
            "sk-ant-api03-CANARYzzzzzzzzzz",
            "ANTHROPIC_API_KEY",
        ),
        (
            &[],
            "ANTHROPIC_SMALL_FAST_MODEL",
            "sk-ant-oat01-CANARYzzzzzzzzz",
            "ANTHROPIC_AUTH_TOKEN",
        ),
        (
            &BEDROCK,
            "AWS_PROFILE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1",
            "AWS_SECRET_ACCESS_KEY",
        ),
        (
            &BEDROCK,
            "AWS_REGION",
            "ABSKQmVkcm9ja0FQSUtleS1CANARY",
            "AWS_BEARER_TOKEN_BEDROCK",
        ),
        (
            &BEDROCK,
            "ANTHROPIC_DEFAULT_HAIKU_MODEL",
            "AKIAIOSFODNN7CANARY1",
            "AWS_ACCESS_KEY_ID",
        ),
        (
            &[
                ("CLAUDE_CODE_USE_VERTEX", "1"),
                ("CLOUD_ML_REGION", "us-east5"),
            ],
            "ANTHROPIC_VERTEX_PROJECT_ID",
            "AIzaSyA-CANARY67890abcdefghijklmnopqrst",
            "meant for it",
        ),
        (
            &[
                ("CLAUDE_CODE_USE_FOUNDRY", "1"),
                ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
            ],
            "ANTHROPIC_FOUNDRY_RESOURCE",
            "sk-CANARY1234567890abcdefgh",
            "gateway",
        ),
        (
            &[],
            "CLAUDE_CODE_CLIENT_KEY",
            "-----BEGIN PRIVATE KEY-----\nMIIECANARY\n-----END PRIVATE KEY-----",
            "CLAUDE_CODE_CLIENT_KEY",
        ),
        (
            &[],
            "ANTHROPIC_BASE_URL",
            "sk-ant-api03-CANARYzzzzzzzzzz",
            "ANTHROPIC_API_KEY",
        ),
    ];
    for (base, var, value, home) in cases {
        let mut env: Vec<(&str, &str)> = base.to_vec();
        env.push((var, value));
        let r = run_checked(&input(&env));
        let p = find(&r, Code::CredentialInPlainVariable);
        assert_eq!(p.severity, Severity::Error, "{p:?}");
        assert_eq!(p.env_var.as_deref(), Some(var), "{p:?}");
        assert!(p.help.contains(home), "{var}: {:?}", p.help);
        assert!(p.help.contains("rotate"), "{:?}", p.help);
        // Nowhere in the resolution: left out of it as if unset.
        let out = serde_json::to_string(&r).unwrap();
        assert!(!out.contains("CANARY"), "{var} echoed: {out}");
    }
    // Forms that hide the shape from a prefix check, and values other text is built from.
    type Pasted<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Pasted; 6] = [
        (&[], "ANTHROPIC_MODEL", "\"sk-ant-api03-CANARYzzzzzzzzzz\""),
        (&[], "ANTHROPIC_MODEL", "sk-ant-api03-CANARYzzzzzzzzzz[1m]"),
        (
            &BEDROCK,
            "AWS_REGION",
            "-----BEGIN PRIVATE KEY-----\nMIIECANARY\n-----END PRIVATE KEY-----",
        ),
        (
            &[
                ("CLAUDE_CODE_USE_FOUNDRY", "1"),
                ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
            ],
            "ANTHROPIC_FOUNDRY_RESOURCE",
            "sk-ant-api03-CANARYzzzzzzzzzz",
        ),
        (
            &[
                ("CLAUDE_CODE_USE_VERTEX", "1"),
                ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
            ],
            "CLOUD_ML_REGION",
            "AIzaSyA-CANARY67890abcdefghijklmnopqrst",
        ),
        (
            &[
                ("CLAUDE_CODE_USE_VERTEX", "1"),
                ("CLOUD_ML_REGION", "us-east5"),
                ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
            ],
            "GOOGLE_APPLICATION_CREDENTIALS",
            "{\"type\":\"service_account\",\"private_key\":\"CANARY\"}",
        ),
    ];
    for (base, var, value) in cases {
        let mut env: Vec<(&str, &str)> = base.to_vec();
        env.push((var, value));
        let r = run_checked(&input(&env));
        assert_eq!(
            find(&r, Code::CredentialInPlainVariable).env_var.as_deref(),
            Some(var)
        );
        let out = serde_json::to_string(&r).unwrap();
        assert!(!out.contains("CANARY"), "{var} echoed: {out}");
    }
    // A proxy URL with its password in a plain variable: shown with the password masked.
    for (var, value, shown) in [
        (
            "NO_PROXY",
            "localhost,http://bob:CANARY@proxy.corp:8080",
            "localhost,http://***@proxy.corp:8080",
        ),
        (
            "ANTHROPIC_MODEL",
            "https://bob:CANARY,x@gw.corp",
            "https://***@gw.corp",
        ),
    ] {
        let mut env = BEDROCK.to_vec();
        env.push((var, value));
        let r = run_checked(&input(&env));
        let p = find(&r, Code::CredentialInPlainVariable);
        assert_eq!(p.env_var.as_deref(), Some(var));
        assert!(p.message.contains(shown), "{:?}", p.message);
        assert!(p.help.contains("HTTPS_PROXY"), "{:?}", p.help);
        let out = serde_json::to_string(&r).unwrap();
        assert!(!out.contains("CANARY"), "{var} echoed: {out}");
    }
    // The settings `model` too: left out of the models, as the problem says.
    let mut i = input(&BEDROCK);
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: Some("~/.claude/settings.json".into()),
        settings: json!({"model": "https://bob:CANARY@gw.corp[1m]"}),
    });
    let r = run_checked(&i);
    assert!(find(&r, Code::CredentialInPlainVariable)
        .message
        .contains("https://***@gw.corp"));
    let out = serde_json::to_string(&r).unwrap();
    assert!(!out.contains("CANARY"), "model echoed: {out}");
    // No URL with a password: a Vertex model version, a gateway's model ID, an address, a
    // Windows path through an npm scope.
    for (var, value) in [
        ("ANTHROPIC_MODEL", "claude-sonnet-4-5@20250929"),
        ("ANTHROPIC_MODEL", "anthropic:claude-sonnet-4-5@20250929"),
        ("ANTHROPIC_MODEL", "ops@example.com"),
        (
            "NODE_EXTRA_CA_CERTS",
            "C:\\Users\\me\\node_modules\\@corp\\certs\\ca.pem",
        ),
    ] {
        let mut env = BEDROCK.to_vec();
        env.push((var, value));
        let r = run_checked(&input(&env));
        assert!(!r
            .problems
            .iter()
            .any(|p| p.code == Code::CredentialInPlainVariable));
    }
    let mut env = BEDROCK.to_vec();
    env.push(("GOOGLE_APPLICATION_CREDENTIALS", "{\"private_key\":\"x\"}"));
    assert!(find(&run(&input(&env)), Code::CredentialInPlainVariable)
        .help
        .contains("a file whose path goes in GOOGLE_APPLICATION_CREDENTIALS"));
    // Names that start like a generic key but are names (a project, a resource, a profile).
    for (base, var, value) in [
        (
            &[
                ("CLAUDE_CODE_USE_VERTEX", "1"),
                ("CLOUD_ML_REGION", "us-east5"),
            ][..],
            "ANTHROPIC_VERTEX_PROJECT_ID",
            "sk-hynix-genai-prod-01",
        ),
        (
            &[
                ("CLAUDE_CODE_USE_FOUNDRY", "1"),
                ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
            ][..],
            "ANTHROPIC_FOUNDRY_RESOURCE",
            "sk-telecom-foundry-eus2",
        ),
        (&BEDROCK[..], "AWS_PROFILE", "sk-hynix-bedrock-admin"),
        (
            &[][..],
            "AZURE_CLIENT_CERTIFICATE_PATH",
            "/Users/JaneDoe/Certificates/AzureClient1",
        ),
    ] {
        let mut env: Vec<(&str, &str)> = base.to_vec();
        env.push((var, value));
        let r = run(&input(&env));
        assert!(
            !r.problems
                .iter()
                .any(|p| p.code == Code::CredentialInPlainVariable),
            "{var}={value}: {:?}",
            r.problems
        );
    }
    // Where it belongs, an access key ID is not a mistake; settings `model` is checked too.
    let r = run_checked(&input(&BEDROCK));
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::CredentialInPlainVariable));
    let mut i = input(&[]);
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: Some("/home/u/.claude/settings.json".into()),
        settings: json!({ "model": "sk-ant-api03-CANARYzzzzzzzzzz" }),
    });
    let r = run(&i);
    let p = find(&r, Code::CredentialInPlainVariable);
    assert_eq!(p.file.as_deref(), Some("/home/u/.claude/settings.json"));
    assert!(!format!("{:?}", r.problems).contains("CANARY"));
}

#[test]
fn plain_values_shaped_like_credentials_are_masked_for_display_and_sharing() {
    use claude_provider_core::api::shareable_value;
    use claude_provider_core::vars::display_value;
    assert!(!display_value("ANTHROPIC_MODEL", "sk-ant-api03-CANARYzzzz").contains("CANARY"));
    assert_eq!(
        shareable_value("ANTHROPIC_MODEL", "sk-ant-api03-CANARY"),
        "<redacted>"
    );
    assert_eq!(
        display_value("ANTHROPIC_MODEL", "claude-opus-4-5"),
        "claude-opus-4-5"
    );
    assert_eq!(
        shareable_value("ANTHROPIC_MODEL", "claude-opus-4-5"),
        "claude-opus-4-5"
    );
}

#[test]
fn aws_base_urls_on_the_control_plane_or_another_region_are_flagged() {
    let with = |name: &str, url: &str, extra: &[(&str, &str)]| {
        let mut env = BEDROCK.to_vec();
        env.push((name, url));
        env.extend_from_slice(extra);
        run(&input(&env))
    };
    let r = with(
        "ANTHROPIC_BEDROCK_BASE_URL",
        "https://bedrock.us-east-1.amazonaws.com",
        &[],
    );
    let p = find(&r, Code::BedrockBaseUrlControlPlane);
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_BEDROCK_BASE_URL"));
    assert!(
        p.help
            .contains("ANTHROPIC_BEDROCK_BASE_URL=https://bedrock-runtime.us-east-1.amazonaws.com"),
        "{p:?}"
    );
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::AwsEndpointRegionMismatch));

    // A runtime host (also through PrivateLink) in another region than the signing region.
    for (name, url) in [
        (
            "ANTHROPIC_BEDROCK_BASE_URL",
            "https://bedrock-runtime.us-west-2.amazonaws.com",
        ),
        (
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
            "https://vpce-0abc-xyz.bedrock-runtime.us-west-2.vpce.amazonaws.com",
        ),
    ] {
        let r = with(name, url, &[]);
        let p = find(&r, Code::AwsEndpointRegionMismatch);
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.env_var.as_deref(), Some(name));
        assert!(
            p.message.contains("us-west-2") && p.message.contains("us-east-1 (AWS_REGION)"),
            "{p:?}"
        );
        assert!(p.help.contains("AWS_REGION=us-west-2"), "{p:?}");
    }
    // Same region, a gateway, or no signature (a Bedrock API key): nothing to say.
    for (url, extra) in [
        ("https://bedrock-runtime.us-east-1.amazonaws.com", &[][..]),
        ("https://llm-gw.corp.example/bedrock", &[][..]),
        (
            "https://bedrock-runtime.us-west-2.amazonaws.com",
            &[("AWS_BEARER_TOKEN_BEDROCK", "ABSKQmVkcm9ja0FQSUtleS1hYmM")][..],
        ),
    ] {
        let r = with("ANTHROPIC_BEDROCK_BASE_URL", url, extra);
        assert!(
            !r.problems.iter().any(|p| matches!(
                p.code,
                Code::AwsEndpointRegionMismatch | Code::BedrockBaseUrlControlPlane
            )),
            "{url}: {:?}",
            r.problems
        );
    }
    // The runtime host to use keeps PrivateLink and FIPS.
    for (url, runtime) in [
        (
            "https://vpce-0abc-xyz.bedrock.us-east-1.vpce.amazonaws.com",
            "https://vpce-0abc-xyz.bedrock-runtime.us-east-1.vpce.amazonaws.com",
        ),
        (
            "https://bedrock-fips.us-east-1.amazonaws.com",
            "https://bedrock-runtime-fips.us-east-1.amazonaws.com",
        ),
    ] {
        let r = with("ANTHROPIC_BEDROCK_BASE_URL", url, &[]);
        let p = find(&r, Code::BedrockBaseUrlControlPlane);
        assert!(
            p.help
                .contains(&format!("ANTHROPIC_BEDROCK_BASE_URL={runtime} ")),
            "{p:?}"
        );
    }
    // The signing region from a profile is named as such.
    let mut i = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_PROFILE", "dev"),
        (
            "ANTHROPIC_BEDROCK_BASE_URL",
            "https://bedrock-runtime.us-west-2.amazonaws.com",
        ),
    ]);
    i.home.aws_config = Some(claude_provider_core::TextFile {
        path: "/home/u/.aws/config".into(),
        text: "[profile dev]\nregion = eu-west-1\n".into(),
    });
    i.home.aws_credentials = Some(claude_provider_core::TextFile {
        path: "/home/u/.aws/credentials".into(),
        text: "[dev]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n".into(),
    });
    i.home.aws_files_read = true;
    let p = find(&run(&i), Code::AwsEndpointRegionMismatch).clone();
    assert!(
        p.message.contains("eu-west-1 (the AWS profile's region)"),
        "{p:?}"
    );
    // Mantle beside Bedrock: its base URL is checked too.
    let mut env = BEDROCK.to_vec();
    env.extend([
        ("CLAUDE_CODE_USE_MANTLE", "1"),
        (
            "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
            "https://bedrock-mantle.us-west-2.api.aws/anthropic",
        ),
    ]);
    assert_eq!(
        find(&run(&input(&env)), Code::AwsEndpointRegionMismatch)
            .env_var
            .as_deref(),
        Some("ANTHROPIC_BEDROCK_MANTLE_BASE_URL")
    );
    // Mantle and Claude Platform on AWS sign for their hosts' region too.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_MANTLE", "1"),
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "x"),
        (
            "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
            "https://bedrock-mantle.us-east-1.api.aws/anthropic",
        ),
    ]));
    assert_eq!(
        find(&r, Code::AwsEndpointRegionMismatch).env_var.as_deref(),
        Some("ANTHROPIC_BEDROCK_MANTLE_BASE_URL")
    );
}

#[test]
fn latest_aliases_reach_bedrock_and_vertex_unmapped_and_are_flagged() {
    let mut env = BEDROCK.to_vec();
    env.push(("ANTHROPIC_MODEL", "claude-sonnet-4-5-latest"));
    let r = run(&input(&env));
    assert_eq!(r.models.main.id, "claude-sonnet-4-5-latest", "sent as is");
    let p = find(&r, Code::ModelIdWrongProvider);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_MODEL"));
    assert!(p.message.contains("-latest model ID"), "{p:?}");
    assert!(
        p.help
            .contains("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
        "{p:?}"
    );
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLOUD_ML_REGION", "us-east5"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("ANTHROPIC_MODEL", "claude-sonnet-4-5-latest"),
    ]));
    assert!(find(&r, Code::ModelIdWrongProvider)
        .help
        .contains("claude-sonnet-4-5@20250929"));
    // Behind a gateway that may map it: a note.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1"),
        (
            "ANTHROPIC_BEDROCK_BASE_URL",
            "https://litellm.corp.example/bedrock",
        ),
        ("ANTHROPIC_MODEL", "claude-3-7-sonnet-latest"),
    ]));
    let p = find(&r, Code::ModelIdWrongProvider);
    assert_eq!(p.severity, Severity::Info);
    assert!(p.message.contains("unless your gateway maps it"), "{p:?}");
    // On the Anthropic API it is the API's own alias: nothing to say.
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("ANTHROPIC_MODEL", "claude-sonnet-4-5-latest"),
    ]));
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::ModelIdWrongProvider));
}

#[test]
fn a_subscription_token_is_named_not_reported_missing() {
    let r = run_checked(&input(&[(
        "CLAUDE_CODE_OAUTH_TOKEN",
        "sk-ant-oat01-CANARY-zzzz",
    )]));
    assert!(
        !r.problems
            .iter()
            .any(|p| p.code == Code::AnthropicNoCredentials),
        "{:?}",
        r.problems
    );
    assert_problem(
        &r,
        Code::OauthTokenNotModelled,
        Severity::Info,
        "CLAUDE_CODE_OAUTH_TOKEN",
        "ANTHROPIC_API_KEY",
    );
    assert!(r.auth.summary.contains("CLAUDE_CODE_OAUTH_TOKEN"));
    assert!(!serde_json::to_string(&r).unwrap().contains("CANARY"));
    // A key or token beside it is what the core builds with.
    let r = run(&input(&[
        ("CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-x"),
        ("ANTHROPIC_API_KEY", "k"),
    ]));
    assert!(!r
        .problems
        .iter()
        .any(|p| p.code == Code::OauthTokenNotModelled));
    // One typo away is a near miss.
    let r = run(&input(&[("CLAUDE_CODE_OAUTH_TOKN", "x")]));
    assert!(r
        .problems
        .iter()
        .any(|p| p.code == Code::EnvNameNearMiss && p.help.contains("CLAUDE_CODE_OAUTH_TOKEN")));
}

#[test]
fn quotes_that_are_part_of_an_aws_profile_or_region_are_named_as_the_cause() {
    // A settings value written "'my-profile'": the AWS SDK looks for a profile with the quotes
    // in its name. `aws configure sso --profile 'my-profile'` would not help (the shell strips
    // the quotes, and my-profile exists): the fix is to remove them.
    let mut i = input(&[("CLAUDE_CODE_USE_BEDROCK", "1")]);
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: Some("/home/u/.claude/settings.json".into()),
        settings: json!({"env": {"AWS_PROFILE": "'my-profile'"}}),
    });
    i.home.aws_config = Some(claude_provider_core::TextFile {
        path: "~/.aws/config".into(),
        text: "[profile my-profile]\nregion = eu-west-1\nsso_session = s\n".into(),
    });
    let r = run(&i);
    assert_problem(
        &r,
        Code::AwsProfileNotFound,
        Severity::Error,
        "AWS_PROFILE",
        "Remove the quotes, which are part of the value: AWS_PROFILE=my-profile (profile my-profile exists)",
    );
    let p = find(&r, Code::AwsProfileNotFound);
    assert!(!p.help.contains("aws configure"), "{}", p.help);
    assert!(p.message.contains("quotes"), "{}", p.message);
    assert_eq!(p.file.as_deref(), Some("/home/u/.claude/settings.json"));
    // Double quotes, and a name that exists nowhere: still the quotes first.
    let mut i = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_PROFILE", "\"ghost\""),
    ]);
    i.home.aws_config = Some(claude_provider_core::TextFile {
        path: "~/.aws/config".into(),
        text: "[profile prod]\n".into(),
    });
    let p = find(&run(&i), Code::AwsProfileNotFound).clone();
    assert_eq!(
        p.help,
        "Remove the quotes, which are part of the value: AWS_PROFILE=ghost."
    );
    // Typographic quotes (pasted from a document or chat) too, as in a base URL.
    let mut i = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_PROFILE", "\u{201C}dev\u{201D}"),
    ]);
    i.home.aws_config = Some(claude_provider_core::TextFile {
        path: "~/.aws/config".into(),
        text: "[profile dev]\nregion = eu-west-1\n".into(),
    });
    let p = find(&run(&i), Code::AwsProfileNotFound).clone();
    assert_eq!(
        p.help,
        "Remove the quotes, which are part of the value: AWS_PROFILE=dev (profile dev exists)."
    );
    let r = run(&input(&[(
        "ANTHROPIC_BASE_URL",
        "\u{2018}https://gw.example\u{2019}",
    )]));
    assert!(find(&r, Code::BaseUrlInvalid)
        .help
        .contains("Remove the quotes"));

    // AWS_REGION="\"us-east-1\"": the quotes are why it is not a region.
    let mut env = BEDROCK.to_vec();
    env.retain(|(k, _)| *k != "AWS_REGION");
    env.push(("AWS_REGION", "\"us-east-1\""));
    let r = run(&input(&env));
    assert_problem(
        &r,
        Code::BedrockRegionInvalid,
        Severity::Warning,
        "AWS_REGION",
        "Remove the quotes: AWS_REGION=us-east-1",
    );
    assert!(find(&r, Code::BedrockRegionInvalid)
        .message
        .contains("wrapped in quotes"));
    // A region that is wrong without its quotes too keeps the plain message.
    env.pop();
    env.push(("AWS_REGION", "'us east'"));
    let p = find(&run(&input(&env)), Code::BedrockRegionInvalid).clone();
    assert!(
        p.help.starts_with("Set AWS_REGION to a region code"),
        "{}",
        p.help
    );
    // The small/fast region and a Vertex location say the same.
    env.pop();
    env.extend([
        ("AWS_REGION", "us-east-1"),
        (
            "ANTHROPIC_DEFAULT_HAIKU_MODEL",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        ),
        ("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", "'us-west-2'"),
    ]);
    let r = run(&input(&env));
    assert_problem(
        &r,
        Code::BedrockRegionInvalid,
        Severity::Warning,
        "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION",
        "Remove the quotes: ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION=us-west-2",
    );
    assert!(!r.problems.iter().any(|p| p.code == Code::ValueUnsafe));
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLOUD_ML_REGION", "\"europe-west1\""),
    ]));
    assert_problem(
        &r,
        Code::VertexRegionInvalid,
        Severity::Warning,
        "CLOUD_ML_REGION",
        "Remove the quotes: CLOUD_ML_REGION=europe-west1",
    );
}

fn with_layer(
    mut i: ConfigInput,
    scope: SettingsScope,
    path: &str,
    settings: serde_json::Value,
) -> ConfigInput {
    i.settings.push(SettingsLayer {
        scope,
        path: Some(path.into()),
        settings,
    });
    i
}

fn all(r: &Resolution, code: Code) -> Vec<&Problem> {
    r.problems.iter().filter(|p| p.code == code).collect()
}

#[test]
fn settings_env_keys_copied_from_a_shell_block_are_reported_with_the_bare_name() {
    let i = with_layer(
        input(&[]),
        SettingsScope::User,
        "/home/u/.claude/settings.json",
        json!({"env": {
            "export CLAUDE_CODE_USE_BEDROCK": "1",
            "export AWS_REGION": "us-east-1",
            " ANTHROPIC_MODEL": "opus",
            "AWS_PROFILE ": "dev",
        }}),
    );
    let r = run(&i);
    // The selector is not on: Claude Code sets a variable named "export CLAUDE_CODE_USE_BEDROCK".
    assert_eq!(r.provider, ProviderId::Anthropic);
    let keys = all(&r, Code::SettingsEnvKeyInvalid);
    assert_eq!(keys.len(), 4, "{keys:#?}");
    let by = |k: &str| {
        keys.iter()
            .find(|p| p.env_var.as_deref() == Some(k))
            .copied()
            .unwrap_or_else(|| panic!("{k}: {keys:#?}"))
    };
    let sel = by("export CLAUDE_CODE_USE_BEDROCK");
    assert_eq!(
        sel.severity,
        Severity::Error,
        "an ignored selector is an error"
    );
    assert_eq!(sel.file.as_deref(), Some("/home/u/.claude/settings.json"));
    assert!(sel.message.contains("user settings"), "{}", sel.message);
    let region = by("export AWS_REGION");
    assert_eq!(region.severity, Severity::Warning);
    assert!(
        region
            .help
            .contains(r#"Rename "export AWS_REGION" to "AWS_REGION""#),
        "{}",
        region.help
    );
    assert!(by(" ANTHROPIC_MODEL")
        .help
        .contains(r#"Rename " ANTHROPIC_MODEL" to "ANTHROPIC_MODEL""#));
    assert!(by("AWS_PROFILE ").help.contains(r#"to "AWS_PROFILE""#));
    // Next to the bare name, the copy is removed rather than renamed.
    let i = with_layer(
        input(&[]),
        SettingsScope::User,
        "/home/u/.claude/settings.json",
        json!({"env": {"AWS_REGION": "us-east-1", "export AWS_REGION": "us-east-1"}}),
    );
    let p = find(&run(&i), Code::SettingsEnvKeyInvalid).clone();
    assert!(
        p.help.starts_with(r#"Remove "export AWS_REGION""#),
        "{}",
        p.help
    );
    // Reported once, as a key problem, not again as a near-miss name.
    assert!(
        all(&r, Code::EnvNameNearMiss).is_empty(),
        "{:#?}",
        r.problems
    );
}

#[test]
fn a_settings_env_key_holding_a_whole_assignment_never_shows_the_value() {
    let secret = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
    let key = format!("export ANTHROPIC_API_KEY={secret}");
    let i = with_layer(
        input(&[]),
        SettingsScope::User,
        "/home/u/.claude/settings.json",
        json!({"env": {key: ""}}),
    );
    let r = run(&i);
    let p = find(&r, Code::SettingsEnvKeyInvalid);
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_API_KEY"));
    assert!(
        p.help.contains(r#""ANTHROPIC_API_KEY": "<the value>""#),
        "{}",
        p.help
    );
    for p in &r.problems {
        let text = format!("{} {} {:?}", p.message, p.help, p.env_var);
        assert!(!text.contains("abcdefghijklmnop"), "{p:?}");
    }
}

#[test]
fn variables_at_the_top_level_of_a_settings_file_are_reported() {
    let i = with_layer(
        input(&[]),
        SettingsScope::User,
        "/home/u/.claude/settings.json",
        json!({
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "AWS_REGION": "us-east-1",
            // Settings of their own: not variables.
            "model": "opus",
            "apiKeyHelper": "echo k",
            "permissions": {"allow": []},
        }),
    );
    let r = run(&i);
    assert_eq!(r.provider, ProviderId::Anthropic);
    let outside = all(&r, Code::SettingsVarOutsideEnv);
    assert_eq!(outside.len(), 2, "{outside:#?}");
    let sel = outside
        .iter()
        .find(|p| p.env_var.as_deref() == Some("CLAUDE_CODE_USE_BEDROCK"))
        .unwrap();
    assert_eq!(sel.severity, Severity::Error);
    assert_eq!(sel.file.as_deref(), Some("/home/u/.claude/settings.json"));
    let region = outside
        .iter()
        .find(|p| p.env_var.as_deref() == Some("AWS_REGION"))
        .unwrap();
    assert_eq!(region.severity, Severity::Warning);
    assert!(
        region
            .help
            .contains(r#"Move "AWS_REGION" into an "env" block"#),
        "{}",
        region.help
    );

    // With an env block already there, the fix says so; a name set in both is a leftover.
    let i = with_layer(
        input(&[]),
        SettingsScope::Local,
        "/repo/.claude/settings.local.json",
        json!({"AWS_REGION": "us-east-1", "AWS_PROFILE": "dev", "env": {"AWS_PROFILE": "dev"}}),
    );
    let r = run(&i);
    let outside = all(&r, Code::SettingsVarOutsideEnv);
    assert!(
        outside
            .iter()
            .any(|p| p.help.contains(r#"into the existing "env" block"#)),
        "{outside:#?}"
    );
    assert!(
        outside
            .iter()
            .any(|p| p.env_var.as_deref() == Some("AWS_PROFILE")
                && p.help.contains("already sets it")),
        "{outside:#?}"
    );
}

#[test]
fn an_env_block_under_another_name_is_reported() {
    for name in ["environment", "Env", "ENV", "envs", "environmentVariables"] {
        let i = with_layer(
            input(&[]),
            SettingsScope::Project,
            "/repo/.claude/settings.json",
            json!({name: {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"}}),
        );
        let r = run(&i);
        let p = find(&r, Code::SettingsVarOutsideEnv);
        assert_eq!(p.severity, Severity::Error, "{name}");
        assert_eq!(p.env_var.as_deref(), Some(name));
        assert_eq!(p.file.as_deref(), Some("/repo/.claude/settings.json"));
        assert!(
            p.help.contains(&format!(r#"Rename "{name}" to "env""#)),
            "{}",
            p.help
        );
        assert!(
            p.message.contains("CLAUDE_CODE_USE_BEDROCK"),
            "{}",
            p.message
        );
    }
    // Next to a real env block: move the entries.
    let i = with_layer(
        input(&[]),
        SettingsScope::User,
        "/home/u/.claude/settings.json",
        json!({"env": {"AWS_REGION": "us-east-1"}, "environment": {"AWS_PROFILE": "dev"}}),
    );
    let p = find(&run(&i), Code::SettingsVarOutsideEnv).clone();
    assert_eq!(p.severity, Severity::Warning);
    assert!(
        p.help
            .contains(r#"Move the entries of "environment" into the "env" block"#),
        "{}",
        p.help
    );
    // `variables` only when it holds a variable Claude Code reads.
    let i = with_layer(
        input(&[]),
        SettingsScope::User,
        "/home/u/.claude/settings.json",
        json!({"variables": {"color": "blue"}}),
    );
    assert!(all(&run(&i), Code::SettingsVarOutsideEnv).is_empty());
}

#[test]
fn misspelled_provider_selectors_beyond_two_edits_are_caught() {
    for (name, want, also) in [
        ("CLAUDE_USE_BEDROCK", "CLAUDE_CODE_USE_BEDROCK", ""),
        ("USE_BEDROCK", "CLAUDE_CODE_USE_BEDROCK", ""),
        ("ANTHROPIC_USE_BEDROCK", "CLAUDE_CODE_USE_BEDROCK", ""),
        (
            "CLAUDE_CODE_USE_AWS",
            "CLAUDE_CODE_USE_BEDROCK",
            "CLAUDE_CODE_USE_ANTHROPIC_AWS",
        ),
        ("CLAUDE_CODE_USE_VERTEX_AI", "CLAUDE_CODE_USE_VERTEX", ""),
        ("CLAUDE_CODE_USE_VERTEXAI", "CLAUDE_CODE_USE_VERTEX", ""),
        (
            "CLAUDE_CODE_USE_GCP",
            "CLAUDE_CODE_USE_VERTEX",
            "CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD",
        ),
        ("CLAUDE_CODE_USE_GOOGLE", "CLAUDE_CODE_USE_VERTEX", ""),
        ("CLAUDE_CODE_USE_AZURE", "CLAUDE_CODE_USE_FOUNDRY", ""),
        (
            "CLAUDE_CODE_USE_AZURE_FOUNDRY",
            "CLAUDE_CODE_USE_FOUNDRY",
            "",
        ),
    ] {
        let r = run(&input(&[(name, "1")]));
        let p = find(&r, Code::EnvNameNearMiss);
        assert_eq!(p.severity, Severity::Error, "{name}");
        assert_eq!(p.env_var.as_deref(), Some(name));
        assert!(
            p.help.contains(&format!("Rename {name} to {want}")),
            "{name}: {}",
            p.help
        );
        assert!(p.help.contains(also), "{name}: {}", p.help);
    }
    let r = run(&input(&[("CLAUDE_CODE_USE_ANTHROPIC", "1")]));
    let p = find(&r, Code::EnvNameNearMiss);
    assert_eq!(p.severity, Severity::Warning);
    assert!(
        p.help.contains("Remove CLAUDE_CODE_USE_ANTHROPIC"),
        "{}",
        p.help
    );
    // Another tool's switches are not Claude Code's.
    for name in ["USE_AWS", "USE_GOOGLE", "USE_AZURE"] {
        assert!(
            all(&run(&input(&[(name, "1")])), Code::EnvNameNearMiss).is_empty(),
            "{name}"
        );
    }
}

#[test]
fn shadowing_names_every_settings_file_that_overrides_the_shell() {
    let i = with_layer(
        with_layer(
            input(&[("AWS_REGION", "eu-west-1")]),
            SettingsScope::User,
            "/home/u/.claude/settings.json",
            json!({"env": {"AWS_REGION": "us-east-1"}}),
        ),
        SettingsScope::Local,
        "/repo/.claude/settings.local.json",
        json!({"env": {"AWS_REGION": "ap-northeast-2"}}),
    );
    let r = run(&i);
    let p = find(&r, Code::SettingsShadowsShell);
    assert_eq!(p.file.as_deref(), Some("/repo/.claude/settings.local.json"));
    assert!(
        p.help.contains("/repo/.claude/settings.local.json"),
        "{}",
        p.help
    );
    assert!(
        p.help.contains("/home/u/.claude/settings.json"),
        "{}",
        p.help
    );
    // A lower file with the shell's own value needs no edit.
    let i = with_layer(
        with_layer(
            input(&[("AWS_REGION", "eu-west-1")]),
            SettingsScope::User,
            "/home/u/.claude/settings.json",
            json!({"env": {"AWS_REGION": "eu-west-1"}}),
        ),
        SettingsScope::Local,
        "/repo/.claude/settings.local.json",
        json!({"env": {"AWS_REGION": "ap-northeast-2"}}),
    );
    let p = find(&run(&i), Code::SettingsShadowsShell).clone();
    assert!(
        !p.help.contains("/home/u/.claude/settings.json"),
        "{}",
        p.help
    );
    assert!(
        p.help.contains("/repo/.claude/settings.local.json"),
        "{}",
        p.help
    );
}

#[test]
fn a_secret_in_the_shared_project_settings_is_a_warning_without_its_value() {
    let key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
    for scope in [
        SettingsScope::User,
        SettingsScope::Project,
        SettingsScope::Local,
        SettingsScope::Managed,
    ] {
        let i = with_layer(
            input(&[]),
            scope,
            "/repo/.claude/settings.json",
            json!({"env": {"ANTHROPIC_API_KEY": key, "MAX_THINKING_TOKENS": "1024", "ANTHROPIC_CUSTOM_HEADERS": "X-Team: a"}}),
        );
        let r = run(&i);
        let hits = all(&r, Code::SecretInProjectSettings);
        if scope != SettingsScope::Project {
            assert!(hits.is_empty(), "{scope:?}: {hits:#?}");
            continue;
        }
        // Only the key: a name with TOKEN in it and plain custom headers are not secrets.
        assert_eq!(hits.len(), 1, "{hits:#?}");
        let p = hits[0];
        assert_eq!(p.severity, Severity::Warning);
        assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_API_KEY"));
        assert_eq!(p.file.as_deref(), Some("/repo/.claude/settings.json"));
        assert!(p.help.contains(".claude/settings.local.json"), "{}", p.help);
        assert!(p.help.contains("rotate"), "{}", p.help);
        assert!(!format!("{}{}", p.message, p.help).contains("abcdefghij"));
    }
    // Any secret-kind variable, and an auth header in custom headers.
    let i = with_layer(
        input(&[]),
        SettingsScope::Project,
        "/repo/.claude/settings.json",
        json!({"env": {"AWS_SECRET_ACCESS_KEY": "x", "ANTHROPIC_CUSTOM_HEADERS": "X-Api-Key: abc"}}),
    );
    assert_eq!(all(&run(&i), Code::SecretInProjectSettings).len(), 2);
}

#[test]
fn provider_conflict_text_says_both_for_two() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
    ]));
    let p = find(&r, Code::ProviderConflict);
    assert!(
        p.message
            .starts_with("CLAUDE_CODE_USE_FOUNDRY and CLAUDE_CODE_USE_VERTEX are both on;"),
        "{}",
        p.message
    );
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
    ]));
    let p = find(&r, Code::ProviderConflict);
    assert!(
        p.message
            .contains(", and CLAUDE_CODE_USE_VERTEX are all on;"),
        "{}",
        p.message
    );
}

/// A secret's variable row shows its length, and only the fixed prefix of its form (never the
/// first characters of an arbitrary secret: for a short one that is a real share of it).
#[test]
fn secret_rows_show_no_character_of_a_secret_without_a_fixed_prefix() {
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "CANARY-secret-123"),
        ("ANTHROPIC_AUTH_TOKEN", "sk-ant-oat01-CANARY-0123456789"),
    ]));
    let row = |name: &str| {
        r.vars
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.value.clone())
            .unwrap()
    };
    assert_eq!(row("ANTHROPIC_API_KEY"), "*** (17 chars)");
    assert_eq!(row("ANTHROPIC_AUTH_TOKEN"), "sk-ant-oat01-… (30 chars)");
    let all = format!("{r:?}{}", serde_json::to_string(&r).unwrap());
    assert!(!all.contains("CANA"), "{all}");
}

/// Swapped AWS keys: the secret access key in AWS_ACCESS_KEY_ID (a plain variable) is never
/// shown, and one error says the two look swapped; status agrees with the request builder, which
/// refuses the ID.
#[test]
fn swapped_aws_keys_are_an_error_and_the_secret_is_never_shown() {
    use claude_provider_core::api::{build_request as build, RequestSpec};
    for secret in [
        // The review's value (39 long: `CANARY` took the place of `EXAMPLE`), a 40-long one,
        // and one without `/` or `+`, told by its length in the key ID variable.
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1",
        "wJalrXUtnFEMIK7MDENGbPxRfiCYCANARYKEY123",
    ] {
        let i = input(&[
            ("AWS_ACCESS_KEY_ID", secret),
            ("AWS_SECRET_ACCESS_KEY", "AKIAIOSFODNN7EXAMPLE"),
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-east-1"),
        ]);
        let r = run(&i);
        let p = find(&r, Code::CredentialWrongVariable);
        assert_eq!(p.severity, Severity::Error, "{p:?}");
        assert_eq!(p.env_var.as_deref(), Some("AWS_ACCESS_KEY_ID"));
        assert!(p.message.contains("look swapped"), "{}", p.message);
        assert!(p.help.starts_with("Swap the two values"), "{}", p.help);
        // Used as Claude Code would use it (not as if unset), and said once.
        for code in [Code::CredentialInPlainVariable, Code::AwsKeysIncomplete] {
            assert!(
                !r.problems.iter().any(|p| p.code == code),
                "{:?}",
                r.problems
            );
        }
        let row = r
            .vars
            .iter()
            .find(|v| v.name == "AWS_ACCESS_KEY_ID")
            .unwrap();
        assert_eq!(row.value, format!("*** ({} chars)", secret.len()));
        let all = format!("{r:?}{}", serde_json::to_string(&r).unwrap());
        assert!(!all.contains("CANARY") && !all.contains("wJal"), "{all}");
        assert_eq!(
            claude_provider_core::api::shareable_value("AWS_ACCESS_KEY_ID", secret),
            "<redacted>"
        );
        let spec: RequestSpec = serde_json::from_value(json!({"nowMs": 0, "body": r#"{"model":"sonnet","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#})).unwrap();
        // The signer refuses an ID with a `/`; AWS would refuse the other.
        match build(&i, &spec, None) {
            Err(e) => assert!(!format!("{e:?}").contains("CANARY"), "{e:?}"),
            Ok(out) => {
                assert!(!secret.contains('/'), "{secret}");
                let shown = format!("{:?}", out.request.redacted());
                assert!(!shown.contains("CANARY"), "{shown}");
            }
        }
    }
    // The secret alone in AWS_ACCESS_KEY_ID: the same error, without "swapped".
    let r = run(&input(&[
        (
            "AWS_ACCESS_KEY_ID",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY",
        ),
        (
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY",
        ),
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
    ]));
    let p = find(&r, Code::CredentialWrongVariable);
    assert!(!p.message.contains("swapped") && p.help.contains("AWS_SECRET_ACCESS_KEY"));
    // A Bedrock API key wins over the keys: only a warning (the ID is still never shown).
    let r = run(&input(&[
        (
            "AWS_ACCESS_KEY_ID",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY",
        ),
        ("AWS_SECRET_ACCESS_KEY", "AKIAIOSFODNN7EXAMPLE"),
        ("AWS_BEARER_TOKEN_BEDROCK", "ABSKQmVkcm9ja0FQSUtleS1h"),
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
    ]));
    assert_eq!(
        find(&r, Code::CredentialWrongVariable).severity,
        Severity::Warning
    );
    assert!(!format!("{r:?}").contains("CANARY"));
}

/// `validate` says an AWS_ACCESS_KEY_ID is unusable exactly when building a request fails on it,
/// and nothing about the IDs people really use (AKIA/ASIA, the SigV4 suite's, LocalStack's).
#[test]
fn aws_key_id_problems_agree_with_the_request_builder() {
    use claude_provider_core::api::{build_request as build, RequestSpec};
    let spec: RequestSpec = serde_json::from_value(json!({"nowMs": 0, "body": r#"{"model":"sonnet","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#})).unwrap();
    // (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY if not BEDROCK's, does the builder refuse it)
    for (id, secret, bad) in [
        ("AKIAIOSFODNN7EXAMPLE", None, false),
        ("ASIAIOSFODNN7EXAMPLE", None, false),
        ("AKIDEXAMPLE", None, false),
        ("test", None, false),
        ("0123456789abcdef0123456789abcdef", None, false),
        (" AKIAIOSFODNN7EXAMPLE\n", None, false),
        ("AKIA-IOSFODNN7_EXAMPLE", None, false),
        ("AKIAIOSFODNN7EXAMPLE,x", None, true),
        ("AKIA IOSFODNN7EXAMPLE", None, true),
        ("AKIA/IOSFODNN7EXAMPLE", None, true),
        ("AKIAIOSFODNN7EXAMPL\u{c9}", None, true),
        ("AKIAIOSFODNN7\nEXAMPLE", None, true),
        ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, true),
        // The keys swapped.
        (
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYCANARYKEY",
            Some("AKIAIOSFODNN7EXAMPLE"),
            true,
        ),
    ] {
        let mut env = BEDROCK.to_vec();
        env.retain(|(k, _)| {
            *k != "AWS_ACCESS_KEY_ID" && (secret.is_none() || *k != "AWS_SECRET_ACCESS_KEY")
        });
        env.push(("AWS_ACCESS_KEY_ID", id));
        if let Some(secret) = secret {
            env.push(("AWS_SECRET_ACCESS_KEY", secret));
        }
        if id.starts_with("ASIA") {
            env.push(("AWS_SESSION_TOKEN", "token"));
        }
        let i = input(&env);
        let r = run(&i);
        let flagged: Vec<&Problem> = r
            .problems
            .iter()
            .filter(|p| p.env_var.as_deref() == Some("AWS_ACCESS_KEY_ID"))
            .collect();
        let built = build(&i, &spec, None);
        assert_eq!(built.is_err(), bad, "{id:?}: {:?}", built.err());
        if bad {
            assert_eq!(flagged.len(), 1, "{id:?}: {:?}", r.problems);
            assert_eq!(flagged[0].severity, Severity::Error);
            assert!(
                matches!(
                    flagged[0].code,
                    Code::CredentialValueMalformed
                        | Code::CredentialWrongVariable
                        | Code::HeaderValueInvalid
                ),
                "{:?}",
                flagged[0]
            );
            // The builder's failure is the problem `validate` reports: same code and text.
            let err = built.err().unwrap().0;
            assert_eq!(
                (err.code, &err.message, &err.help, err.env_var.as_deref()),
                (
                    flagged[0].code,
                    &flagged[0].message,
                    &flagged[0].help,
                    Some("AWS_ACCESS_KEY_ID")
                ),
                "{id:?}"
            );
            if secret.is_some() {
                assert_eq!(err.code, Code::CredentialWrongVariable);
                assert!(err.message.contains("look swapped"), "{}", err.message);
            }
            assert!(
                !format!("{err:?}").contains("CANARY") && !format!("{err:?}").contains("IOSFODNN")
            );
        } else {
            assert!(flagged.is_empty(), "{id:?}: {:?}", r.problems);
        }
    }
}

/// apiKeyHelper with ANTHROPIC_API_KEY also set: x-api-key is the env key, Authorization the
/// helper's output (capture `api_key_helper_and_env_key`); the auth summary says so.
#[test]
fn api_key_helper_with_env_key_summary_names_each_header_source() {
    let helper = |env: &[(&str, &str)]| {
        let mut i = input(env);
        i.settings.push(SettingsLayer {
            scope: SettingsScope::User,
            path: None,
            settings: json!({ "apiKeyHelper": "print-key" }),
        });
        run(&i)
    };
    let both = helper(&[("ANTHROPIC_API_KEY", "sk-env")]);
    assert_eq!(
        both.auth.summary,
        "x-api-key from ANTHROPIC_API_KEY and Authorization: Bearer from apiKeyHelper output"
    );
    find(&both, Code::ApiKeyHelperAndKey);
    let alone = helper(&[]);
    assert_eq!(
        alone.auth.summary,
        "apiKeyHelper output as x-api-key and Authorization: Bearer"
    );
}

/// Some variables.
type Env<'a> = &'a [(&'a str, &'a str)];

/// A provider's base URL copied whole from a request URL: the endpoint path is named and the
/// fix is the base, on every provider (not a misleading "no /anthropic" or "no /v1").
#[test]
fn provider_base_urls_with_the_endpoint_path_get_the_base_to_use() {
    let cases: [(Env, &str, &str, &str); 6] = [
        (
            &[("CLAUDE_CODE_USE_FOUNDRY", "1"), ("ANTHROPIC_FOUNDRY_API_KEY", "k")],
            "ANTHROPIC_FOUNDRY_BASE_URL",
            "https://my-resource.services.ai.azure.com/anthropic/v1/messages",
            "https://my-resource.services.ai.azure.com/anthropic",
        ),
        (
            &[("CLAUDE_CODE_USE_FOUNDRY", "1"), ("ANTHROPIC_FOUNDRY_API_KEY", "k")],
            "ANTHROPIC_FOUNDRY_BASE_URL",
            "https://my-resource.openai.azure.com/openai/v1/chat/completions",
            "https://my-resource.openai.azure.com/anthropic",
        ),
        (
            &BEDROCK,
            "ANTHROPIC_BEDROCK_BASE_URL",
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-6/invoke",
            "https://bedrock-runtime.us-east-1.amazonaws.com",
        ),
        (
            &BEDROCK,
            "ANTHROPIC_BEDROCK_BASE_URL",
            "https://gw.corp.example/bedrock/model/x/invoke-with-response-stream",
            "https://gw.corp.example/bedrock",
        ),
        (
            &[
                ("CLAUDE_CODE_USE_VERTEX", "1"),
                ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
                ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
            ],
            "ANTHROPIC_VERTEX_BASE_URL",
            "https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-opus-5-5:streamRawPredict",
            "https://us-east5-aiplatform.googleapis.com/v1",
        ),
        (
            &[("CLAUDE_CODE_USE_MANTLE", "1"), ("CLAUDE_CODE_SKIP_MANTLE_AUTH", "1")],
            "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
            "https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages",
            "https://bedrock-mantle.us-east-1.api.aws/anthropic",
        ),
    ];
    for (env, var, url, base) in cases {
        let mut env = env.to_vec();
        env.push((var, url));
        let r = run(&input(&env));
        assert_problem(
            &r,
            Code::BaseUrlHasEndpointPath,
            Severity::Warning,
            var,
            &format!("{var}={base} "),
        );
        for wrong in [
            Code::FoundryBaseUrlNoAnthropic,
            Code::VertexBaseUrlNoV1,
            Code::BaseUrlEndsWithV1,
        ] {
            assert!(
                !r.problems.iter().any(|p| p.code == wrong),
                "{url}: {:?}",
                r.problems
            );
        }
    }
    // Path prefixes that are bases, not endpoint paths.
    let bases: [(Env, &str, &str); 5] = [
        (
            &[
                ("CLAUDE_CODE_USE_FOUNDRY", "1"),
                ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
            ],
            "ANTHROPIC_FOUNDRY_BASE_URL",
            "https://my-resource.services.ai.azure.com/anthropic/",
        ),
        (
            &BEDROCK,
            "ANTHROPIC_BEDROCK_BASE_URL",
            "https://gw.corp.example/bedrock",
        ),
        (
            &BEDROCK,
            "ANTHROPIC_BEDROCK_BASE_URL",
            "https://gw.corp.example/model/gateway",
        ),
        (
            &[
                ("CLAUDE_CODE_USE_VERTEX", "1"),
                ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
                ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
            ],
            "ANTHROPIC_VERTEX_BASE_URL",
            "https://gw.corp.example/projects/vertex/v1",
        ),
        (
            &[("ANTHROPIC_AUTH_TOKEN", "t")],
            "ANTHROPIC_BASE_URL",
            "https://gw.corp.example/anthropic/messages-gw",
        ),
    ];
    for (env, var, url) in bases {
        let mut env = env.to_vec();
        env.push((var, url));
        let r = run(&input(&env));
        assert!(
            !r.problems
                .iter()
                .any(|p| p.code == Code::BaseUrlHasEndpointPath),
            "{url}: {:?}",
            r.problems
        );
    }
}

/// A base URL with its quotes inside the value (`VAR='"http://…"'`): the fix removes them.
#[test]
fn a_quoted_base_url_is_told_to_lose_its_quotes() {
    for raw in [
        "\"http://localhost:4000\"",
        "'http://localhost:4000'",
        "\u{201C}http://localhost:4000\u{201D}",
    ] {
        let r = run(&input(&[
            ("ANTHROPIC_BASE_URL", raw),
            ("ANTHROPIC_AUTH_TOKEN", "t"),
        ]));
        assert_problem(
            &r,
            Code::BaseUrlInvalid,
            Severity::Error,
            "ANTHROPIC_BASE_URL",
            "Remove the quotes: ANTHROPIC_BASE_URL=http://localhost:4000 ",
        );
    }
    let r = run(&input(&[
        ("ANTHROPIC_BASE_URL", "\"https://u:CANARY@gw.example\""),
        ("ANTHROPIC_AUTH_TOKEN", "t"),
    ]));
    assert!(!format!("{:?}", r.problems).contains("CANARY"));
}

/// Bedrock offline with nothing the AWS chain could find (no keys, profile, ~/.aws files,
/// container or web-identity variables): a note, not silence; and none when a source exists.
#[test]
fn aws_chain_with_no_source_offline_gets_a_note() {
    let base = [
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
    ];
    let offline = |env: &[(&str, &str)], files_read: bool| {
        let mut i = input(env);
        i.home.aws_files_read = files_read;
        run(&i)
    };
    for provider in [
        &base[..],
        &[("CLAUDE_CODE_USE_MANTLE", "1"), ("AWS_REGION", "us-east-1")],
    ] {
        let r = offline(provider, true);
        let p = find(&r, Code::AwsNoCredentials);
        assert_eq!(p.severity, Severity::Info, "{p:?}");
        assert!(p.message.contains("EC2 instance metadata"), "{p:?}");
        assert!(p.help.contains("aws sso login"), "{p:?}");
    }
    let none = |r: &Resolution, why: &str| {
        assert!(
            !r.problems.iter().any(|p| p.code == Code::AwsNoCredentials),
            "{why}: {:?}",
            r.problems
        );
    };
    none(&offline(&base, false), "the files were not looked for");
    for extra in [
        (
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/x",
        ),
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://169.254.170.23/v1/credentials",
        ),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token"),
        ("AWS_LAMBDA_FUNCTION_NAME", "f"),
        ("AWS_BEARER_TOKEN_BEDROCK", "ABSKexample"),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_PROFILE", "dev"),
    ] {
        let mut env = base.to_vec();
        env.push(extra);
        none(&offline(&env, true), extra.0);
    }
    let mut with_file = input(&base);
    with_file.home.aws_files_read = true;
    with_file.home.aws_credentials = Some(claude_provider_core::TextFile {
        path: "~/.aws/credentials".into(),
        text: "[other]\naws_access_key_id = AKIDEXAMPLE\n".into(),
    });
    // The default profile is the one in use, and it has none: the note names it.
    let default_empty = run(&with_file);
    let note = find(&default_empty, Code::AwsNoCredentials);
    assert_eq!(note.severity, Severity::Info);
    assert!(
        note.message
            .starts_with("the default AWS profile (no AWS_PROFILE is set) has no credentials"),
        "{}",
        note.message
    );
    // Naming the profile that has keys: nothing to say.
    let mut named = with_file.clone();
    named
        .process_env
        .insert("AWS_PROFILE".into(), "other".into());
    named.home.aws_credentials = Some(claude_provider_core::TextFile {
        path: "~/.aws/credentials".into(),
        text: "[other]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s\n".into(),
    });
    none(&run(&named), "AWS_PROFILE naming a profile with keys");
    // A profile with only a region, named by AWS_PROFILE: the note names it and how to fix it.
    let mut region_only = input(&base);
    region_only
        .process_env
        .insert("AWS_PROFILE".into(), "dev".into());
    region_only.home.aws_files_read = true;
    region_only.home.aws_config = Some(claude_provider_core::TextFile {
        path: "~/.aws/config".into(),
        text: "[profile dev]\nregion = us-west-2\n".into(),
    });
    let note = find(&run(&region_only), Code::AwsNoCredentials).clone();
    assert!(
        note.message
            .starts_with("AWS profile \"dev\" (AWS_PROFILE) has no credentials")
            && note.help.contains("aws configure sso --profile dev"),
        "{note:?}"
    );
    for key in ["awsCredentialExport", "awsAuthRefresh"] {
        let mut i = input(&base);
        i.home.aws_files_read = true;
        i.settings.push(SettingsLayer {
            scope: SettingsScope::User,
            path: None,
            settings: json!({ key: "some-command" }),
        });
        none(&run(&i), key);
    }
    // The runtime looked: its error, without the note.
    let mut i = input(&base);
    i.home.aws_files_read = true;
    let checked = run_checked(&i);
    assert_eq!(
        find(&checked, Code::AwsNoCredentials).severity,
        Severity::Error
    );
}

/// Offline, Google auth whose credentials file the runtime looked for and did not find: a
/// named key file that does not exist is an error (google-auth-library stops there); no
/// variable and no gcloud ADC file is a note (the metadata server may still answer).
#[test]
fn google_auth_with_no_credentials_file_offline() {
    let vertex = [
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "proj-1"),
        ("CLOUD_ML_REGION", "global"),
    ];
    let with = |extra: &[(&str, &str)], found: Option<bool>| {
        let mut env = vertex.to_vec();
        env.extend_from_slice(extra);
        let mut i = input(&env);
        i.home.google_adc_found = found;
        i
    };
    let none = |r: &Resolution, why: &str| {
        assert!(
            !r.problems
                .iter()
                .any(|p| p.code == Code::VertexNoCredentials),
            "{why}: {:?}",
            r.problems
        );
    };

    let r = run(&with(&[], Some(false)));
    let p = find(&r, Code::VertexNoCredentials);
    assert_eq!(p.severity, Severity::Info);
    assert!(
        p.message.contains("only the metadata server is left"),
        "{p:?}"
    );
    assert!(
        p.help.contains("gcloud auth application-default login"),
        "{p:?}"
    );

    let r = run(&with(
        &[("GOOGLE_APPLICATION_CREDENTIALS", "/keys/missing.json")],
        Some(false),
    ));
    let p = find(&r, Code::VertexNoCredentials);
    assert_eq!(p.severity, Severity::Error);
    assert!(
        p.message.starts_with(
            "GOOGLE_APPLICATION_CREDENTIALS=\"/keys/missing.json\" names a file that does not exist"
        ),
        "{p:?}"
    );

    // Found, not looked for (the browser), a gcpAuthRefresh that can write it, a skip-auth
    // gateway, a pasted key (reported as such), or the runtime's own check: nothing here.
    none(&run(&with(&[], Some(true))), "found");
    none(&run(&with(&[], None)), "not looked for");
    let mut refresh = with(&[], Some(false));
    refresh.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: None,
        settings: json!({ "gcpAuthRefresh": "gcloud auth application-default login" }),
    });
    none(&run(&refresh), "gcpAuthRefresh");
    none(
        &run(&with(&[("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1")], Some(false))),
        "skip auth",
    );
    let pasted = run(&with(
        &[(
            "GOOGLE_APPLICATION_CREDENTIALS",
            r#"{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\nCANARY\n-----END PRIVATE KEY-----\n"}"#,
        )],
        Some(false),
    ));
    none(&pasted, "pasted key");
    assert!(pasted
        .problems
        .iter()
        .any(|p| p.code == Code::CredentialInPlainVariable));
    assert_eq!(
        find(
            &run_checked(&with(&[], Some(false))),
            Code::VertexNoCredentials
        )
        .severity,
        Severity::Error,
        "the runtime's check: its error only"
    );
    assert_eq!(
        run_checked(&with(&[], Some(false)))
            .problems
            .iter()
            .filter(|p| p.code == Code::VertexNoCredentials)
            .count(),
        1
    );
}

/// A wrong selector name is an error only when it is on and no real selector is: off, blank or
/// beside a real selector it changes nothing (info at most, never "rename it", which would turn
/// on a second selector); a bare `USE_<WORD>` is then another tool's switch and not reported.
#[test]
fn selector_aliases_that_change_nothing_are_not_errors() {
    let bedrock = [
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
    ];
    // Beside a real selector: bare names nothing; prefixed ones info saying to remove them.
    for (name, value, want) in [
        ("USE_BEDROCK", "true", None),
        ("USE_VERTEX", "1", None),
        ("USE_FOUNDRY", "false", None),
        (
            "CLAUDE_USE_VERTEX",
            "false",
            Some("Remove CLAUDE_USE_VERTEX."),
        ),
        (
            "CLAUDE_USE_VERTEX",
            "1",
            Some("Do not rename it to CLAUDE_CODE_USE_VERTEX"),
        ),
        (
            "CLAUDE_CODE_USE_AWS",
            "",
            Some("CLAUDE_CODE_USE_BEDROCK already selects Amazon Bedrock"),
        ),
        (
            "CLAUDE_CODE_USE_AWS",
            "1",
            Some("CLAUDE_CODE_USE_BEDROCK already selects Amazon Bedrock"),
        ),
        (
            "CLAUDE_CODE_USE_VERTX",
            "1",
            Some("Do not rename it to CLAUDE_CODE_USE_VERTEX"),
        ),
        (
            "CLAUDE_CODE_USE_ANTHROPIC",
            "1",
            Some("Remove CLAUDE_CODE_USE_ANTHROPIC"),
        ),
    ] {
        let mut env = bedrock.to_vec();
        env.push((name, value));
        let r = run(&input(&env));
        let near = all(&r, Code::EnvNameNearMiss);
        match want {
            None => assert!(near.is_empty(), "{name}={value}: {near:?}"),
            Some(help) => {
                assert_eq!(near.len(), 1, "{name}={value}: {near:?}");
                assert_eq!(near[0].severity, Severity::Info, "{name}={value}");
                assert!(
                    near[0].help.contains(help),
                    "{name}={value}: {}",
                    near[0].help
                );
                assert!(
                    !near[0].help.contains("Rename"),
                    "{name}={value}: {}",
                    near[0].help
                );
                assert!(
                    near[0].message.contains("CLAUDE_CODE_USE_BEDROCK is on"),
                    "{}",
                    near[0].message
                );
            }
        }
        assert!(all(&r, Code::ProviderConflict).is_empty());
    }
    // No real selector, but off or blank: bare names nothing, the others info.
    for (name, value, reported) in [
        ("USE_VERTEX", "0", false),
        ("USE_BEDROCK", "", false),
        ("USE_MANTLE", "maybe", false),
        ("CLAUDE_USE_VERTEX", "false", true),
        ("CLAUDE_CODE_USE_AWS", "", true),
        ("CLAUDE_CODE_USE_GCP", "off", true),
        ("CLUADE_CODE_USE_BEDROCK", "0", true),
    ] {
        let r = run(&input(&[(name, value)]));
        let near = all(&r, Code::EnvNameNearMiss);
        if reported {
            assert_eq!(near.len(), 1, "{name}={value}: {near:?}");
            assert_eq!(near[0].severity, Severity::Info, "{name}={value}");
            assert!(
                near[0].help.starts_with(&format!("Remove {name}.")),
                "{}",
                near[0].help
            );
        } else {
            assert!(near.is_empty(), "{name}={value}: {near:?}");
        }
    }
    // On, and nothing else is: the mistake that leaves Claude Code on the Anthropic API.
    for name in ["USE_VERTEX", "CLAUDE_USE_VERTEX", "CLAUDE_CODE_USE_VERTX"] {
        let r = run(&input(&[(name, "yes")]));
        let p = find(&r, Code::EnvNameNearMiss);
        assert_eq!(p.severity, Severity::Error, "{name}");
        assert!(
            p.help
                .starts_with(&format!("Rename {name} to CLAUDE_CODE_USE_VERTEX")),
            "{}",
            p.help
        );
    }
}

/// Custom headers in the project settings are a secret only by a credential header's whole
/// name or a credential-shaped value, not a substring (`x-portkey-provider`, `X-Author`); a
/// secret set both in `env` and as a top-level key is one problem.
#[test]
fn project_custom_headers_are_secret_by_credential_names_and_each_variable_is_reported_once() {
    let headers = |h: &str| {
        let i = with_layer(
            input(&[]),
            SettingsScope::Project,
            "/repo/.claude/settings.json",
            json!({"env": {"ANTHROPIC_CUSTOM_HEADERS": h}}),
        );
        all(&run(&i), Code::SecretInProjectSettings).len()
    };
    for plain in [
        "x-portkey-provider: anthropic",
        "X-Author: alice",
        "X-Team: a\nx-portkey-trace-id: t1",
        "X-Monkey: business",
    ] {
        assert_eq!(headers(plain), 0, "{plain}");
    }
    for secret in [
        "Authorization: Bearer abc",
        "Proxy-Authorization: Basic abc",
        "x-portkey-api-key: abc",
        "X-Team: a\napi_key: abc",
        "X-Auth-Token: abc",
        "Cookie: s=1",
        "X-Team: sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
    ] {
        assert_eq!(headers(secret), 1, "{secret}");
    }
    let key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
    let i = with_layer(
        input(&[]),
        SettingsScope::Project,
        "/repo/.claude/settings.json",
        json!({"env": {"ANTHROPIC_API_KEY": key}, "ANTHROPIC_API_KEY": key, "AWS_SECRET_ACCESS_KEY": "x"}),
    );
    let r = run(&i);
    let mut vars: Vec<&str> = all(&r, Code::SecretInProjectSettings)
        .iter()
        .map(|p| p.env_var.as_deref().unwrap_or_default())
        .collect();
    vars.sort_unstable();
    assert_eq!(vars, ["ANTHROPIC_API_KEY", "AWS_SECRET_ACCESS_KEY"]);
}

/// A base URL whose masking hides a different stretch than its endpoint path suggests (an `@`
/// in the path reads as ending a password): no panic, the base is cut from the URL as written
/// and then masked, and a path the masking reaches into is not shown.
#[test]
fn endpoint_paths_in_base_urls_that_masking_changes_get_a_fix_without_a_panic() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("CLOUD_ML_REGION", "us-east5"),
        (
            "ANTHROPIC_VERTEX_BASE_URL",
            "https://gw!x.example.com/v1/projects/p/locations/l/models/m@x",
        ),
    ]));
    let p = find(&r, Code::BaseUrlHasEndpointPath);
    assert!(
        p.help
            .contains("remove the endpoint path (/projects/…) from the end of its value"),
        "{}",
        p.help
    );
    let text = format!("{} {}", p.message, p.help);
    assert!(
        !text.contains("models/m") && !text.contains("gw!x"),
        "{text}"
    );
    for (url, base) in [
        (
            "https://gw$x.example.com/team@gw2/v1/messages",
            "https://gw$x.example.com/team@gw2",
        ),
        (
            "https://u:CANARY@gw.example/a@b/v1/messages",
            "https://u:CANARY@gw.example/a@b",
        ),
    ] {
        let r = run(&input(&[
            ("ANTHROPIC_BASE_URL", url),
            ("ANTHROPIC_AUTH_TOKEN", "t"),
        ]));
        let p = find(&r, Code::BaseUrlHasEndpointPath);
        assert!(
            p.message.contains("the endpoint path /v1/messages,"),
            "{}",
            p.message
        );
        let want = format!(
            "ANTHROPIC_BASE_URL={} (keep what *** hides",
            crate_mask(base)
        );
        assert!(p.help.contains(&want), "{}\nwant {want}", p.help);
        assert!(!format!("{p:?}").contains("CANARY"));
    }
}

#[test]
fn credential_steps_say_in_words_when_they_run() {
    let steps = |ttl: Option<&str>| {
        let mut env = vec![("CLAUDE_CODE_USE_BEDROCK", "1")];
        if let Some(t) = ttl {
            env.push(("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", t));
        }
        let mut i = input(&env);
        i.settings.push(SettingsLayer {
            scope: SettingsScope::User,
            path: None,
            settings: json!({"apiKeyHelper": "print-key", "awsCredentialExport": "export-creds", "awsAuthRefresh": "aws sso login"}),
        });
        run(&i)
            .credential_steps
            .into_iter()
            .map(|s| (s.key.into_owned(), s.runs.into_owned()))
            .collect::<Vec<_>>()
    };
    let words = |ttl, key: &str| {
        steps(ttl)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, w)| w)
            .unwrap_or_default()
    };
    assert_eq!(words(None, "awsCredentialExport"), "runs at start-up");
    assert_eq!(
        words(None, "awsAuthRefresh"),
        "runs when credentials expire or are rejected"
    );
    assert_eq!(
        words(None, "apiKeyHelper"),
        "runs at start-up and again when its TTL expires"
    );
    for (ttl, shown) in [
        ("300000", "5 minutes"),
        ("60000", "1 minute"),
        ("7200000", "2 hours"),
        ("45000", "45 seconds"),
        ("1500", "1500 ms"),
    ] {
        assert_eq!(
            words(Some(ttl), "apiKeyHelper"),
            format!("runs at start-up and again each time its TTL ({shown}) expires")
        );
    }
}

#[test]
fn swapped_keys_in_an_aws_profile_are_an_error_naming_the_file_never_the_values() {
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1";
    const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
    let profile_named = |aws_profile: Option<&str>, creds: &str, config: &str| {
        let mut env = vec![
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-west-2"),
        ];
        env.extend(aws_profile.map(|p| ("AWS_PROFILE", p)));
        let mut i = input(&env);
        i.home.aws_credentials = Some(claude_provider_core::TextFile {
            path: "/home/u/.aws/credentials".into(),
            text: creds.into(),
        });
        i.home.aws_config = Some(claude_provider_core::TextFile {
            path: "/home/u/.aws/config".into(),
            text: config.into(),
        });
        i.home.aws_files_read = true;
        run(&i)
    };
    let profile = |creds: &str, config: &str| profile_named(Some("dev"), creds, config);
    let swapped =
        format!("[dev]\naws_access_key_id = {SECRET}\naws_secret_access_key = {KEY_ID}\n");
    let r = profile(&swapped, "[profile dev]\nregion = us-west-2\n");
    let p = find(&r, Code::CredentialWrongVariable).clone();
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.env_var.as_deref(), Some("AWS_PROFILE"));
    assert_eq!(p.file.as_deref(), Some("/home/u/.aws/credentials"));
    assert!(p.message.contains("look swapped"), "{}", p.message);
    assert!(p.help.contains("aws configure --profile dev"), "{}", p.help);
    assert!(
        p.help
            .contains("in /home/u/.aws/credentials, swap the two values"),
        "{}",
        p.help
    );
    let shown = format!("{:?} {} {}", r.problems, p.message, p.help);
    assert!(
        !shown.contains(SECRET) && !shown.contains("CANARY"),
        "{shown}"
    );
    // In the config file, with the secret pasted twice: named there, not as swapped.
    let twice =
        format!("[profile dev]\naws_access_key_id = {SECRET}\naws_secret_access_key = {SECRET}\n");
    let r = profile("", &twice);
    let p = find(&r, Code::CredentialWrongVariable);
    assert_eq!(p.file.as_deref(), Some("/home/u/.aws/config"));
    assert!(!p.message.contains("swapped"), "{}", p.message);
    // The `default` profile, AWS_PROFILE unset: the file is at fault, not a variable (a fix
    // that sets AWS_PROFILE would not help).
    let r = profile_named(
        None,
        &swapped.replace("[dev]", "[default]"),
        "[default]\nregion = us-west-2\n",
    );
    let p = find(&r, Code::CredentialWrongVariable);
    assert_eq!(
        (p.env_var.as_deref(), p.file.as_deref()),
        (None, Some("/home/u/.aws/credentials"))
    );
    assert!(
        p.message.starts_with("In AWS profile \"default\", "),
        "{}",
        p.message
    );
    // The keys the right way round: nothing to report.
    let right = format!("[dev]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n");
    assert!(!profile(&right, "")
        .problems
        .iter()
        .any(|p| p.code == Code::CredentialWrongVariable));
}

#[test]
fn a_login_found_by_the_runtime_is_a_note_not_a_missing_credential() {
    let codes = |r: &Resolution| r.problems.iter().map(|p| p.code).collect::<Vec<_>>();
    let mut i = input(&[]);
    // Not looked for (the browser): Claude Code may still say "Not logged in".
    assert_eq!(
        find(&run(&i), Code::AnthropicNoCredentials).severity,
        Severity::Error
    );
    i.home.claude_login_found = Some(false);
    assert!(codes(&run(&i)).contains(&Code::AnthropicNoCredentials));
    i.home.claude_login_found = Some(true);
    let r = run(&i);
    assert!(
        !codes(&r).contains(&Code::AnthropicNoCredentials),
        "{:?}",
        r.problems
    );
    assert_eq!(
        find(&r, Code::ClaudeLoginNotModelled).severity,
        Severity::Info
    );
    assert!(r.auth.summary.contains("/login"), "{}", r.auth.summary);
    // A key, a token or a helper comes first, as in Claude Code.
    let mut keyed = input(&[("ANTHROPIC_API_KEY", "sk-ant-api03-example")]);
    keyed.home.claude_login_found = Some(true);
    assert!(!codes(&run(&keyed)).contains(&Code::ClaudeLoginNotModelled));
}

#[test]
fn an_unusable_proxy_refuses_what_it_would_carry_and_no_proxy_still_exempts() {
    use claude_provider_core::api::{proxy_refusal, proxy_route};
    let cfg = |env: &[(&str, &str)]| input(env);
    let gateway = "http://localhost:4000/v1/messages";
    let anthropic = "https://api.anthropic.com/v1/messages";
    // No scheme (capture err_proxy_url_without_scheme: Claude Code's request fails).
    let bad = cfg(&[("HTTPS_PROXY", "proxy.corp:8080")]);
    let p = proxy_refusal(&bad, anthropic).expect("refused");
    assert_eq!(p.code, Code::ProxyUrlInvalid);
    assert_eq!(p.env_var.as_deref(), Some("HTTPS_PROXY"));
    assert_eq!(proxy_route(&bad, anthropic), None);
    // NO_PROXY exempts a host, `*` every host: those go direct, as they would with a good proxy.
    let exempt = cfg(&[
        ("HTTPS_PROXY", "proxy.corp:8080"),
        ("NO_PROXY", "localhost,127.0.0.1"),
    ]);
    assert_eq!(proxy_refusal(&exempt, gateway), None);
    assert!(proxy_refusal(&exempt, anthropic).is_some());
    let all = cfg(&[
        ("https_proxy", "socks5://proxy.corp:1080"),
        ("NO_PROXY", "*"),
    ]);
    assert_eq!(proxy_refusal(&all, anthropic), None);
    let socks = cfg(&[("HTTPS_PROXY", "socks5://proxy.corp:1080")]);
    assert_eq!(
        proxy_refusal(&socks, anthropic).map(|p| p.code),
        Some(Code::ProxySchemeUnsupported)
    );
    // A usable proxy, or none: nothing refused.
    assert_eq!(
        proxy_refusal(
            &cfg(&[("HTTPS_PROXY", "http://proxy.corp:8080")]),
            anthropic
        ),
        None
    );
    assert_eq!(proxy_refusal(&cfg(&[]), anthropic), None);
    // The password never shows in the problem.
    let pw = cfg(&[("HTTPS_PROXY", "user:CANARY#pw@proxy.corp:8080")]);
    let p = proxy_refusal(&pw, anthropic).expect("refused");
    assert!(!format!("{p:?} {} {}", p.message, p.help).contains("CANARY"));
}

// --- A new user's review of what the problems say (each once wrong or misleading).

/// With `ANTHROPIC_BASE_URL` on a gateway, the missing credential is the gateway's key: the
/// fix names the variables it can be in, not `/login` or a cloud provider.
#[test]
fn a_gateway_without_credentials_is_told_where_the_gateways_key_goes() {
    let r = run(&input(&[("ANTHROPIC_BASE_URL", "http://localhost:4000")]));
    let p = find(&r, Code::AnthropicNoCredentials);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_AUTH_TOKEN"));
    for name in [
        "ANTHROPIC_AUTH_TOKEN",
        "Authorization: Bearer",
        "ANTHROPIC_API_KEY",
        "x-api-key",
        "apiKeyHelper",
    ] {
        assert!(p.help.contains(name), "{name}: {}", p.help);
    }
    assert!(
        !p.help.contains("/login") && !p.help.contains("CLAUDE_CODE_USE_"),
        "{}",
        p.help
    );
    // Without a base URL (or with api.anthropic.com itself), /login and the providers stay.
    for env in [
        vec![],
        vec![("ANTHROPIC_BASE_URL", "https://api.anthropic.com")],
    ] {
        let r = run(&input(&env));
        let p = find(&r, Code::AnthropicNoCredentials);
        assert!(p.help.contains("claude /login"), "{}", p.help);
        assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_API_KEY"));
    }
}

/// Skip-auth Bedrock (or Vertex) behind a gateway sends `ANTHROPIC_AUTH_TOKEN` as a bearer
/// token (capture `bedrock_skip_auth_with_auth_token`): that is where a key given as
/// `ANTHROPIC_API_KEY` belongs, not "Bedrock has no variable for an Anthropic API key".
#[test]
fn skip_auth_names_anthropic_auth_token_for_the_gateways_key() {
    let base = [
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1"),
        (
            "ANTHROPIC_BEDROCK_BASE_URL",
            "http://localhost:4000/bedrock",
        ),
        ("ANTHROPIC_API_KEY", "sk-gw-CANARY-1234"),
    ];
    let r = run(&input(&base));
    let p = find(&r, Code::FirstPartyVarsIgnored);
    assert_eq!(
        p.severity,
        Severity::Warning,
        "the key meant for the gateway is not sent"
    );
    assert!(p.help.contains("set ANTHROPIC_AUTH_TOKEN"), "{}", p.help);
    assert!(
        p.help.contains("CLAUDE_CODE_SKIP_BEDROCK_AUTH"),
        "{}",
        p.help
    );
    assert!(!p.help.contains("has no variable"), "{}", p.help);
    // The token set already: the key is a leftover.
    let mut env = base.to_vec();
    env.push(("ANTHROPIC_AUTH_TOKEN", "gw-token"));
    let r = run(&input(&env));
    let p = find(&r, Code::FirstPartyVarsIgnored);
    assert_eq!(p.severity, Severity::Info);
    assert!(p.help.contains("ANTHROPIC_AUTH_TOKEN is set"), "{}", p.help);
    // Vertex the same; without skip-auth the old text stands.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ("ANTHROPIC_API_KEY", "sk-gw"),
    ]));
    assert!(find(&r, Code::FirstPartyVarsIgnored)
        .help
        .contains("CLAUDE_CODE_SKIP_VERTEX_AUTH"));
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        ("ANTHROPIC_API_KEY", "sk-x"),
    ]));
    assert!(find(&r, Code::FirstPartyVarsIgnored)
        .help
        .contains("has no variable for an Anthropic API key"));
}

/// `[my-profile]` in ~/.aws/config (the credentials file's form): the SDK skips it there, and
/// the fix is to rename it, not to create the profile.
#[test]
fn a_config_profile_without_the_profile_prefix_is_named() {
    let mut i = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "eu-west-3"),
        ("AWS_PROFILE", "my-profile"),
    ]);
    i.home.aws_config = Some(claude_provider_core::TextFile {
        path: "/home/u/.aws/config".into(),
        text: "[default]\nregion = us-east-1\n\n[my-profile]\nsso_session = corp\n".into(),
    });
    i.home.aws_files_read = true;
    let r = run(&i);
    let p = find(&r, Code::AwsProfileNotFound);
    assert_eq!(p.severity, Severity::Error);
    assert!(
        p.message.contains("[my-profile]") && p.message.contains("[profile my-profile]"),
        "{}",
        p.message
    );
    assert!(
        p.help.starts_with(
            "Rename the section in /home/u/.aws/config from [my-profile] to [profile my-profile]"
        ),
        "{}",
        p.help
    );
    assert!(!p.help.contains("aws configure"), "{}", p.help);
    assert_eq!(p.file.as_deref(), Some("/home/u/.aws/config"));
}

/// A provider switch writes `"CLAUDE_CODE_USE_BEDROCK": ""` on purpose to cancel the shell's
/// export: a note, never a warning telling the person to undo it. A non-empty value over the
/// shell's stays a warning.
#[test]
fn an_empty_selector_in_settings_over_the_shells_is_a_note() {
    let mut i = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
    ]);
    i.settings.push(SettingsLayer {
        scope: SettingsScope::Local,
        path: Some("/p/.claude/settings.local.json".into()),
        settings: json!({"env": {
            "CLAUDE_CODE_USE_BEDROCK": "",
            "CLAUDE_CODE_USE_VERTEX": "1",
            "CLOUD_ML_REGION": "global",
            "ANTHROPIC_VERTEX_PROJECT_ID": "p",
            "AWS_REGION": "eu-west-1"
        }}),
    });
    let r = run(&i);
    assert_eq!(r.provider, ProviderId::Vertex);
    let shadows: Vec<&Problem> = r
        .problems
        .iter()
        .filter(|p| p.code == Code::SettingsShadowsShell)
        .collect();
    let selector = shadows
        .iter()
        .find(|p| p.env_var.as_deref() == Some("CLAUDE_CODE_USE_BEDROCK"))
        .unwrap();
    assert_eq!(selector.severity, Severity::Info);
    assert!(
        selector
            .message
            .contains("switched off by the empty value in /p/.claude/settings.local.json"),
        "{}",
        selector.message
    );
    assert!(
        !selector.help.starts_with("If you meant the shell value"),
        "{}",
        selector.help
    );
    let region = shadows
        .iter()
        .find(|p| p.env_var.as_deref() == Some("AWS_REGION"))
        .unwrap();
    assert_eq!(region.severity, Severity::Warning);
}

/// Both the region check and the deprecation apply to a `us.` small/fast model in eu-west-3:
/// the deprecation's fix moves the corrected ID, not the one just flagged.
#[test]
fn the_small_fast_deprecation_fix_carries_the_region_fix() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "eu-west-3"),
        (
            "ANTHROPIC_SMALL_FAST_MODEL",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        ),
    ]));
    assert!(find(&r, Code::BedrockModelPrefixRegionMismatch)
        .help
        .contains("\"eu.anthropic.claude-haiku-4-5-20251001-v1:0\""));
    let p = find(&r, Code::VarDeprecated);
    assert!(
        p.help
            .contains("ANTHROPIC_DEFAULT_HAIKU_MODEL=eu.anthropic.claude-haiku-4-5-20251001-v1:0 "),
        "{}",
        p.help
    );
    // A prefix that fits the region is moved as it is.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_REGION", "us-east-1"),
        (
            "ANTHROPIC_SMALL_FAST_MODEL",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        ),
    ]));
    assert!(find(&r, Code::VarDeprecated)
        .help
        .contains("=us.anthropic.claude-haiku-4-5-20251001-v1:0 "));
}

/// A `~` path the runtime did not find: one problem (the `~` one, whose fix is the expanded
/// path), not also "the file does not exist". `$HOME` / `${HOME}` is not expanded either.
#[test]
fn an_unexpanded_home_in_a_certificate_path_is_one_problem() {
    use claude_provider_core::env::{PemFile, ReadFailure};
    let mut i = input(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("CLAUDE_CODE_CLIENT_CERT", "~/certs/client.pem"),
        ("CLAUDE_CODE_CLIENT_KEY", "$HOME/certs/client.key"),
        ("NODE_EXTRA_CA_CERTS", "${HOME}/certs/ca.pem"),
    ]);
    i.pem_files = [
        "~/certs/client.pem",
        "$HOME/certs/client.key",
        "${HOME}/certs/ca.pem",
    ]
    .iter()
    .map(|p| PemFile {
        path: (*p).into(),
        unreadable: Some(ReadFailure::NotFound),
        ..Default::default()
    })
    .collect();
    let r = run(&i);
    let certs: Vec<&Problem> = r
        .problems
        .iter()
        .filter(|p| p.code == Code::CertFileInvalid)
        .collect();
    assert_eq!(certs.len(), 3, "{certs:#?}");
    assert!(
        certs.iter().all(|p| !p.message.contains("does not exist")),
        "{certs:#?}"
    );
    let of = |v: &str| {
        certs
            .iter()
            .find(|p| p.env_var.as_deref() == Some(v))
            .unwrap()
    };
    let cert = of("CLAUDE_CODE_CLIENT_CERT");
    assert_eq!(cert.severity, Severity::Error);
    assert!(
        cert.help.contains("/home/<you>/certs/client.pem"),
        "{}",
        cert.help
    );
    let key = of("CLAUDE_CODE_CLIENT_KEY");
    assert_eq!(key.severity, Severity::Error);
    assert!(
        key.message
            .contains("starts with $HOME, which is not expanded"),
        "{}",
        key.message
    );
    assert!(
        key.help.contains("/home/<you>/certs/client.key"),
        "{}",
        key.help
    );
    let ca = of("NODE_EXTRA_CA_CERTS");
    assert_eq!(ca.severity, Severity::Warning);
    assert!(ca.message.contains("starts with ${HOME}"), "{}", ca.message);
    // Another variable in the path is named too; a plain missing file keeps its own problem.
    let r = run(&input(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("NODE_EXTRA_CA_CERTS", "/opt/$CERT_DIR/ca.pem"),
    ]));
    assert!(find(&r, Code::CertFileInvalid)
        .message
        .contains("contains $CERT_DIR"));
    let mut i = input(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("NODE_EXTRA_CA_CERTS", "/etc/ca.pem"),
    ]);
    i.pem_files = vec![PemFile {
        path: "/etc/ca.pem".into(),
        unreadable: Some(ReadFailure::NotFound),
        ..Default::default()
    }];
    assert!(find(&run(&i), Code::CertFileInvalid)
        .message
        .contains("does not exist"));
}

/// Foundry's main model is the Sonnet slot: with `ANTHROPIC_DEFAULT_SONNET_MODEL` set, the ID
/// comes from that variable, and the source says so (not "default").
#[test]
fn a_default_main_model_from_a_pin_names_the_pin_as_its_source() {
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "r1"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
        ("ANTHROPIC_DEFAULT_SONNET_MODEL", "my-sonnet-deploy"),
    ]));
    let main = &r.models.main;
    assert_eq!(main.id, "my-sonnet-deploy");
    assert_eq!(main.requested, "default");
    assert_eq!(main.source, claude_provider_core::Source::Process);
    assert_eq!(
        main.env_var.as_deref(),
        Some("ANTHROPIC_DEFAULT_SONNET_MODEL")
    );
    // Asked for by ANTHROPIC_MODEL: that variable stays the source.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "r1"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
        ("ANTHROPIC_DEFAULT_SONNET_MODEL", "my-sonnet-deploy"),
        ("ANTHROPIC_MODEL", "sonnet"),
    ]));
    assert_eq!(r.models.main.env_var.as_deref(), Some("ANTHROPIC_MODEL"));
    // No pin: the default is the catalog's.
    let r = run(&input(&[
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "r1"),
        ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
    ]));
    assert_eq!(r.models.main.source, claude_provider_core::Source::Default);
    assert_eq!(r.models.main.env_var, None);
}

/// The provider's host derived from a region or location names that variable as where it comes
/// from (Vertex said "process env", Bedrock "default"); a base URL variable stays the source.
#[test]
fn an_endpoint_derived_from_a_region_names_the_region_variable() {
    use claude_provider_core::Source;
    let ep = |env: &[(&str, &str)]| run(&input(env)).endpoint.unwrap();
    let vertex = [
        ("CLAUDE_CODE_USE_VERTEX", "1"),
        ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
    ];
    let e = ep(&[vertex[0], vertex[1], ("CLOUD_ML_REGION", "europe-west1")]);
    assert_eq!(
        (e.env_var.as_deref(), &e.source),
        (Some("CLOUD_ML_REGION"), &Source::Process)
    );
    assert_eq!(e.base_url_var(), None);
    let e = ep(&[
        vertex[0],
        vertex[1],
        ("CLOUD_ML_REGION", "global"),
        ("VERTEX_REGION_CLAUDE_5_5_OPUS", "us-east5"),
    ]);
    assert_eq!(e.base_url, "https://us-east5-aiplatform.googleapis.com/v1");
    assert_eq!(e.env_var.as_deref(), Some("VERTEX_REGION_CLAUDE_5_5_OPUS"));
    let e = ep(&vertex);
    assert_eq!((e.env_var, e.source), (None, Source::Default));
    let e = ep(&[
        vertex[0],
        vertex[1],
        ("CLOUD_ML_REGION", "global"),
        ("ANTHROPIC_VERTEX_BASE_URL", "https://gw.example/v1"),
    ]);
    assert_eq!(e.base_url_var(), Some("ANTHROPIC_VERTEX_BASE_URL"));

    let e = ep(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_DEFAULT_REGION", "eu-west-1"),
    ]);
    assert_eq!(
        (e.env_var.as_deref(), &e.source),
        (Some("AWS_DEFAULT_REGION"), &Source::Process)
    );
    let mut i = input(&[("CLAUDE_CODE_USE_BEDROCK", "1"), ("AWS_PROFILE", "dev")]);
    i.home.aws_config = Some(claude_provider_core::TextFile {
        path: "/home/u/.aws/config".into(),
        text: "[profile dev]\nregion = eu-west-3\n".into(),
    });
    let e = run(&i).endpoint.unwrap();
    assert_eq!(e.env_var, None);
    assert_eq!(
        e.source,
        Source::File {
            path: "/home/u/.aws/config".into()
        }
    );
    let e = ep(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("ANTHROPIC_BEDROCK_BASE_URL", "https://gw.example/bedrock"),
    ]);
    assert_eq!(e.base_url_var(), Some("ANTHROPIC_BEDROCK_BASE_URL"));
}

/// Foundry with nothing Entra ID auth could sign in with where the runtime looked (no Azure
/// variables, no ~/.azure or ~/.azd): the same note Bedrock and Vertex get, not "no problems".
#[test]
fn foundry_with_no_azure_credential_source_gets_a_note() {
    let foundry = [
        ("CLAUDE_CODE_USE_FOUNDRY", "1"),
        ("ANTHROPIC_FOUNDRY_RESOURCE", "r1"),
    ];
    let mut i = input(&foundry);
    // Not looked (the browser): nothing to say.
    assert!(run(&i)
        .problems
        .iter()
        .all(|p| p.code != Code::FoundryNoCredentials));
    i.home.azure_login_found = Some(false);
    assert_problem(
        &run(&i),
        Code::FoundryNoCredentials,
        Severity::Info,
        "ANTHROPIC_FOUNDRY_API_KEY",
        "az login",
    );
    // A sign-in directory, an Azure variable, or a key: nothing to say.
    i.home.azure_login_found = Some(true);
    assert!(run(&i)
        .problems
        .iter()
        .all(|p| p.code != Code::FoundryNoCredentials));
    for extra in [("AZURE_CLIENT_ID", "c"), ("ANTHROPIC_FOUNDRY_API_KEY", "k")] {
        let mut i = input(&[foundry[0], foundry[1], extra]);
        i.home.azure_login_found = Some(false);
        assert!(
            run(&i)
                .problems
                .iter()
                .all(|p| p.code != Code::FoundryNoCredentials),
            "{extra:?}"
        );
    }
}

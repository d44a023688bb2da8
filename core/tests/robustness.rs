//! Any configuration, however malformed, gets problems with text and a fix, never a panic, and
//! never a secret in that text or in a redacted request. Generated environments mix the values
//! people really write (regions, URLs, model IDs, proxies, ARNs) with the characters that break
//! parsers (`@ / ? # % [ ]`, control characters, non-ASCII, huge numbers), across every
//! variable the core reads, the process env and settings layers, on every provider.

use claude_provider_core::api::{
    build_request, config_snippets, effective_env, proxy_route, render_request, shareable_value,
    validate, RequestSpec, ValidateInput,
};
use claude_provider_core::request::RequestFormat;
use claude_provider_core::sigv4::AwsCredentials;
use claude_provider_core::vars::{kind, Kind, KNOWN};
use claude_provider_core::{
    ConfigInput, CredentialCheck, Credentials, Secret, SettingsLayer, SettingsScope,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Marks every value put into a secret variable: it must never come out in text.
const SECRET_MARK: &str = "SECRETCANARY";
/// Marks a credential pasted into a plain variable: never out either, the resolution included.
const PASTED_MARK: &str = "PASTEDCANARY";
/// Marks a secret inside a credential command of settings (`apiKeyHelper`…): the runtime gets
/// the command as written (the resolution keeps it), but no text shown to a person has it.
const COMMAND_MARK: &str = "COMMANDCANARY";
/// Marks the password of a URL or proxy variable: never in text; the resolution keeps it (the
/// runtime connects with it).
const URL_MARK: &str = "URLCANARY";

fn fragment() -> impl Strategy<Value = String> {
    let words: Vec<&'static str> = vec![
        "1",
        "true",
        "0",
        "off",
        "",
        " ",
        "us-east-1",
        "eu-west-3",
        "us-gov-west-1",
        "cn-north-1",
        "global",
        "us-east5",
        "europe-west1",
        "eu",
        "us",
        "https://gw.example/v1",
        "http://127.0.0.1:4000",
        "https://gw.example/v1/messages",
        // Hosts with characters a URL parser takes and an `@` in the path, which the masking
        // reads as the end of a password with a `/` in it.
        "https://gw!x.example.com/v1/projects/p/locations/l/models/m@x",
        "https://gw$x.example.com/team@gw2/v1/messages",
        "http://u:p@proxy:3128",
        "proxy.corp:8080",
        "socks5://p:1080",
        "https://[::1]:8443/x",
        "https://bedrock-runtime.us-west-2.amazonaws.com",
        "https://bedrock.us-east-1.amazonaws.com",
        "https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com",
        "https://my-res.services.ai.azure.com/anthropic",
        "https://us-east5-aiplatform.googleapis.com/v1",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x",
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "anthropic.claude-opus-4-1-20250805-v1:0",
        "claude-sonnet-4-5@20250929",
        "claude-sonnet-4-5-latest",
        "sonnet[1m]",
        "opusplan",
        "haiku",
        "sk-ant-api03-abcdefghijklmnopqrstuv",
        "ABSKQmVkcm9ja0FQSUtleS1h",
        "AKIAIOSFODNN7EXAMPLE",
        "localhost,.corp,10.0.0.0/8",
        "*",
        "/etc/ssl/ca.pem",
        "./rel.pem",
        "~/.aws/x",
        "[::1]",
        "%zz",
        "%41",
        "é",
        "ü.example",
        "\u{0}",
        "\r\n",
        "\t",
        "@",
        "/",
        "?",
        "#",
        ":",
        "..",
        "\"",
        "'",
        "\\",
        "99999999999999999999999",
        "-1",
        "1.5",
        "{\"a\":1}",
        "{",
        "X-Team: a\nBad Line\nAuthorization: Bearer t",
        "echo hi",
        "default",
        "dev",
        "\u{201C}dev\u{201D}",
    ];
    prop_oneof![
        4 => proptest::sample::select(words).prop_map(str::to_owned),
        1 => "[ -~]{0,12}",
        1 => "\\PC{0,6}",
    ]
}

fn value() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..4).prop_map(|v| v.concat())
}

/// A variable name: mostly ones the core reads, some near misses and lower case.
fn name() -> impl Strategy<Value = String> {
    let known: Vec<&'static str> = KNOWN.iter().map(|(n, _)| *n).collect();
    prop_oneof![
        8 => proptest::sample::select(known).prop_map(str::to_owned),
        1 => proptest::sample::select(vec!["https_proxy", "no_proxy", "ANTHROPIC_MODLE", "AWS_REGON", "CLAUDE_CODE_USE_BEDROK"]).prop_map(str::to_owned),
        1 => "[A-Z_]{1,12}",
    ]
}

/// The value for `name`, with the secret mark when the name is a secret's (anywhere in it, and
/// in the forms checks look at: a `Bearer ` prefix, inner quotes, an OAuth token's prefix),
/// and a marked password in some URL and proxy values.
fn entry() -> impl Strategy<Value = (String, String)> {
    (name(), value(), 0..6u8).prop_map(|(n, v, form)| {
        let v = if n == "ANTHROPIC_CUSTOM_HEADERS" {
            // Header names are shown (they say what is sent); values, and lines that are not
            // `Name: value` (dropped, and maybe a pasted token), are not.
            format!("X-Team: {SECRET_MARK}{v}\n{SECRET_MARK}-no-colon")
        } else if kind(&n) == Kind::Secret {
            match form {
                0 => format!("{v}{SECRET_MARK}"),
                1 => format!("Bearer {SECRET_MARK}{v}"),
                2 => format!("\"{SECRET_MARK}{v}\""),
                3 => format!("sk-ant-oat01-{SECRET_MARK}{v}"),
                _ => format!("{SECRET_MARK}{v}"),
            }
        } else if matches!(kind(&n), Kind::UrlWithCredentials | Kind::ProxyUrl) && form < 2 {
            format!("http://user:{URL_MARK}{}@proxy.corp:3128{v}", form)
        } else {
            v
        };
        (n, v)
    })
}

/// A credential pasted into a plain variable, in the forms that hide it from a prefix check.
fn pasted() -> impl Strategy<Value = Option<(String, String)>> {
    let plain: Vec<&'static str> = KNOWN
        .iter()
        .filter(|(n, k)| {
            matches!(k, Kind::Plain | Kind::UrlWithCredentials | Kind::ProxyUrl)
                && *n != "AWS_ACCESS_KEY_ID"
        })
        .map(|(n, _)| *n)
        .collect();
    let forms = vec![
        "sk-ant-api03-PASTEDCANARYaaaaaaaaaa",
        "\"sk-ant-api03-PASTEDCANARYaaaaaaaaaa\"",
        "sk-ant-api03-PASTEDCANARYaaaaaaaaaa[1m]",
        "ABSKPASTEDCANARYQmVkcm9jay",
        "bedrock-api-key-PASTEDCANARYYmVkcm9jaw",
        "-----BEGIN PRIVATE KEY-----\nPASTEDCANARY\n-----END PRIVATE KEY-----",
        "eyJPASTEDCANARY.eyJzdWIiOiIx.c2lnbmF0dXJl",
        "ya29.PASTEDCANARY-token",
    ];
    // A proxy URL with its password, pasted into `NO_PROXY` or a model variable (in a URL
    // variable a password belongs; the resolution keeps it for the request, masked in its rows).
    let plain_only: Vec<&'static str> = KNOWN
        .iter()
        .filter(|(_, k)| matches!(k, Kind::Plain))
        .map(|(n, _)| *n)
        .collect();
    let urls = vec![
        "http://bob:PASTEDCANARY@proxy.corp:8080",
        "localhost,https://bob:PASTEDCANARY,x@proxy.corp:3128",
    ];
    proptest::option::of(prop_oneof![
        3 => (
            proptest::sample::select(plain).prop_map(str::to_owned),
            proptest::sample::select(forms).prop_map(str::to_owned),
        ),
        1 => (
            proptest::sample::select(plain_only).prop_map(str::to_owned),
            proptest::sample::select(urls).prop_map(str::to_owned),
        ),
    ])
}

/// A credential command carrying a secret in one of the forms people write, between values.
fn command() -> impl Strategy<Value = (String, String)> {
    let keys = vec![
        "apiKeyHelper",
        "awsCredentialExport",
        "awsAuthRefresh",
        "gcpAuthRefresh",
        "otelHeadersHelper",
    ];
    let forms = vec![
        "echo sk-ant-api03-COMMANDCANARYaaaa",
        "echo ABSKCOMMANDCANARYQmVkcm9jay",
        r#"echo {"Credentials":{"AccessKeyId":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"COMMANDCANARY/x","SessionToken":"COMMANDCANARY"}}"#,
        r#"printf '{ "SecretAccessKey" : "COMMANDCANARY key", "sessionToken": "COMMANDCANARY" }'"#,
        r#"echo "{\"SecretAccessKey\":\"COMMANDCANARY\"}""#,
        "helper --token COMMANDCANARY",
        "helper --API-KEY='COMMANDCANARY x'",
        "env VAULT_TOKEN=COMMANDCANARY helper",
        "curl -H 'Authorization: Bearer COMMANDCANARY' https://u:COMMANDCANARY@h/x",
        "curl -u me:COMMANDCANARY https://h",
    ];
    // A secret in a quoted value, or printed by `echo`/`printf`: the command before it is one
    // the shell ends (no quote of its own left open), as in a command that runs at all.
    let printed = vec![
        "curl -H 'Authorization: Token COMMANDCANARY x' https://h",
        "curl -H \"X-Api-Key: abc COMMANDCANARY\" https://h",
        "helper \"--token=quoted COMMANDCANARY\"",
        "helper --token=\"x \\\" COMMANDCANARY\"",
        "echo ghp_COMMANDCANARY1234567890abcdef",
        "echo -n 'COMMANDCANARY single'",
        "printf %s COMMANDCANARY-x",
        "printf 'key: %s\\n' COMMANDCANARY",
        "cat <<< COMMANDCANARY",
        "bash -c 'echo COMMANDCANARY'",
    ];
    let unquoted = || value().prop_map(|v| v.replace(['\'', '"', '\\', '`'], ""));
    prop_oneof![
        (
            proptest::sample::select(keys.clone()),
            value(),
            proptest::sample::select(forms),
            value(),
        )
            .prop_map(|(k, before, form, after)| (
                k.to_owned(),
                format!("{before} {form} {after}")
            )),
        (
            proptest::sample::select(keys),
            unquoted(),
            proptest::sample::select(vec!["; ", " && ", " | ", "\n"]),
            proptest::sample::select(printed),
            value(),
        )
            .prop_map(|(k, before, join, form, after)| {
                (k.to_owned(), format!("{before}{join}{form} {after}"))
            }),
    ]
}

fn settings_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => value().prop_map(Value::String),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(|n| json!(n)),
        1 => Just(json!({"nested": "x"})),
    ]
}

fn layer() -> impl Strategy<Value = SettingsLayer> {
    let scopes = vec![
        SettingsScope::User,
        SettingsScope::Project,
        SettingsScope::Local,
        SettingsScope::Cli,
        SettingsScope::Managed,
    ];
    (
        proptest::sample::select(scopes),
        proptest::collection::vec((entry(), settings_value()), 0..6),
        proptest::option::of(settings_value()),
        any::<bool>(),
        proptest::option::of(command()),
    )
        .prop_map(|(scope, entries, model, env_not_object, command)| {
            let mut env = Map::new();
            for ((n, marked), v) in entries {
                // A secret's value keeps its mark even when it is not a string.
                let v = match v {
                    Value::String(s) if marked.starts_with(SECRET_MARK) => {
                        Value::String(format!("{SECRET_MARK}{s}"))
                    }
                    Value::String(_) => Value::String(marked),
                    other => other,
                };
                env.insert(n, v);
            }
            let mut settings = Map::new();
            settings.insert(
                "env".into(),
                if env_not_object {
                    json!(["not", "an", "object"])
                } else {
                    Value::Object(env)
                },
            );
            if let Some(m) = model {
                settings.insert("model".into(), m);
            }
            if let Some((k, c)) = command {
                settings.insert(k, Value::String(c));
            }
            SettingsLayer {
                scope,
                path: Some(format!("/home/u/.claude/{}.json", scope.as_str()).into()),
                settings: Value::Object(settings),
            }
        })
}

/// A provider selector and the variables that provider needs, so that most cases get past
/// selection into the provider's own resolution; the random entries then change or break them.
fn provider_base() -> impl Strategy<Value = Vec<(&'static str, &'static str)>> {
    proptest::sample::select(vec![
        vec![],
        vec![("ANTHROPIC_API_KEY", "SECRETCANARYk")],
        vec![
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-east-1"),
        ],
        vec![
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_BEARER_TOKEN_BEDROCK", "SECRETCANARYabsk"),
        ],
        vec![
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            ("CLOUD_ML_REGION", "us-east5"),
            ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
        ],
        vec![
            ("CLAUDE_CODE_USE_FOUNDRY", "1"),
            ("ANTHROPIC_FOUNDRY_RESOURCE", "res"),
            ("ANTHROPIC_FOUNDRY_API_KEY", "SECRETCANARYf"),
        ],
        vec![
            ("CLAUDE_CODE_USE_FOUNDRY", "1"),
            (
                "ANTHROPIC_FOUNDRY_BASE_URL",
                "https://res.services.ai.azure.com/anthropic",
            ),
        ],
        vec![("CLAUDE_CODE_USE_MANTLE", "1"), ("AWS_REGION", "us-west-2")],
        vec![
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("CLAUDE_CODE_USE_MANTLE", "1"),
        ],
        vec![
            ("CLAUDE_CODE_USE_ANTHROPIC_AWS", "1"),
            ("ANTHROPIC_AWS_WORKSPACE_ID", "wrkspc_1"),
        ],
        vec![("CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", "1")],
        vec![
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
            ("ANTHROPIC_VERTEX_BASE_URL", "https://gw.example/v1"),
        ],
    ])
}

fn config() -> impl Strategy<Value = ConfigInput> {
    (
        provider_base(),
        proptest::collection::vec(entry(), 0..10),
        proptest::collection::vec(layer(), 0..3),
        pasted(),
    )
        .prop_map(|(base, env, settings, pasted)| {
            let mut c = ConfigInput::default();
            c.process_env
                .extend(base.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())));
            c.process_env.extend(env);
            c.process_env.extend(pasted);
            c.settings = settings;
            c
        })
}

/// No mark in `text`.
fn unmarked(text: &str, marks: &[&str], what: &str) -> Result<(), TestCaseError> {
    for m in marks {
        prop_assert!(!text.contains(m), "{m} in {what}:\n{text}");
    }
    Ok(())
}

const ALL_MARKS: [&str; 4] = [SECRET_MARK, PASTED_MARK, URL_MARK, COMMAND_MARK];

/// Every problem says what is wrong and what to do, and carries no secret.
fn check_problems(problems: &[claude_provider_core::Problem]) -> Result<(), TestCaseError> {
    for p in problems {
        prop_assert!(!p.message.trim().is_empty(), "empty message: {p:?}");
        prop_assert!(!p.help.trim().is_empty(), "empty help: {p:?}");
        unmarked(
            &format!("{} {}", p.message, p.help),
            &ALL_MARKS,
            "a problem",
        )?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn any_configuration_is_diagnosed_without_panic_or_leak(config in config(), body in prop_oneof![
        Just(None),
        Just(Some(r#"{"model":"x","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#.to_owned())),
        Just(Some("not json".to_owned())),
        Just(Some(r#"{"messages":[],"stream":true,"betas":["x"],"model":null}"#.to_owned())),
    ], stream in any::<bool>()) {
        for check in [CredentialCheck::NotChecked, CredentialCheck::NotFound, CredentialCheck::Found] {
            let r = validate(&ValidateInput { config: config.clone(), credentials_check: check, google_project_id: None });
            check_problems(&r.problems)?;
            for v in &r.vars {
                unmarked(&format!("{v:?}"), &ALL_MARKS, "a variable row")?;
            }
            let json = serde_json::to_string(&r).unwrap();
            unmarked(&json, &[SECRET_MARK, PASTED_MARK], "the resolution")?;
            unmarked(&format!("{r:?}"), &ALL_MARKS[..2], "the resolution's Debug")?;
            unmarked(&format!("{:?}{:?}", r.credential_steps, r.auth), &ALL_MARKS, "the credential steps' Debug")?;
            for step in &r.credential_steps {
                unmarked(&shareable_value(&step.key, &step.command), &ALL_MARKS, "a credential command as shown")?;
            }
        }
        let _ = effective_env(&config);
        for url in ["https://api.anthropic.com/v1/messages", "http://127.0.0.1:4000/", "https://[::1]/"] {
            let _ = proxy_route(&config, url);
        }
        let snippets = serde_json::to_string(&config_snippets(&config)).unwrap();
        unmarked(&snippets, &ALL_MARKS, "the snippets")?;

        let spec = RequestSpec {
            stream,
            body: body.clone(),
            now_ms: 1_795_681_443_000,
            credentials: Credentials {
                aws: Some(AwsCredentials {
                    access_key_id: "AKIDEXAMPLE".into(),
                    secret_access_key: Secret::new(format!("{SECRET_MARK}aws")),
                    session_token: None,
                    expires_at: None,
                }),
                google_access_token: Some(Secret::new(format!("{SECRET_MARK}ya29"))),
                ..Credentials::default()
            },
            ..serde_json::from_value::<RequestSpec>(json!({ "nowMs": 0 })).unwrap()
        };
        match build_request(&config, &spec, None) {
            Ok(out) => {
                for format in [RequestFormat::Http, RequestFormat::Curl] {
                    let shown = render_request(&out.request, format, false);
                    unmarked(&shown, &ALL_MARKS, "the redacted request")?;
                }
                prop_assert!(out.request.url.starts_with("http"), "{}", out.request.url);
            }
            Err(e) => {
                check_problems(std::slice::from_ref(&e.0))?;
            }
        }
    }
}

//! Model resolution: SPEC §5.2 defaults, the captured wire cases (env copied into the test),
//! Bedrock prefixes per region family, `[1m]`, `modelOverrides`, validation and unsafe values.

use claude_provider_core::models::{
    context_1m_beta_applies, is_mantle_form, max_tokens_for, recognize, ModelChoice,
};
use claude_provider_core::{
    resolve, Code, ConfigInput, HomeFiles, Problem, ProviderId, Resolution, SettingsLayer,
    SettingsScope, Severity, Source, TextFile,
};
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

fn input(env: &[(&str, &str)]) -> ConfigInput {
    ConfigInput {
        process_env: env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..ConfigInput::default()
    }
}

fn with_settings(mut i: ConfigInput, scope: SettingsScope, settings: Value) -> ConfigInput {
    i.settings.push(SettingsLayer {
        scope,
        path: Some(format!("/cfg/{}.json", scope.as_str()).into()),
        settings,
    });
    i
}

fn run(env: &[(&str, &str)]) -> Resolution {
    resolve(&input(env))
}

fn has(r: &Resolution, code: Code) -> bool {
    r.problems.iter().any(|p| p.code == code)
}

fn problem(r: &Resolution, code: Code) -> &Problem {
    r.problems
        .iter()
        .find(|p| p.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", r.problems))
}

fn model_problems(r: &Resolution) -> Vec<Code> {
    const MODEL_CODES: &[Code] = &[
        Code::ModelUnrecognized,
        Code::ModelIdWrongProvider,
        Code::ValueUnsafe,
        Code::BedrockModelNeedsInferenceProfile,
        Code::BedrockModelPrefixRegionMismatch,
        Code::BedrockArnRegionMismatch,
        Code::BedrockSmallFastRegionUnused,
        Code::BedrockRegionPrefixInvalid,
        Code::VertexModelIdDateForm,
        Code::VertexModelLocation,
        Code::VertexRegionInvalid,
        Code::VarDeprecated,
        Code::EnvNameNearMiss,
    ];
    r.problems
        .iter()
        .map(|p| p.code)
        .filter(|c| MODEL_CODES.contains(c))
        .collect()
}

const BEDROCK: &[(&str, &str)] = &[
    ("CLAUDE_CODE_USE_BEDROCK", "1"),
    ("AWS_REGION", "us-east-1"),
    ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
    ("AWS_SECRET_ACCESS_KEY", "secret"),
    ("ANTHROPIC_BEDROCK_BASE_URL", "http://127.0.0.1:41785"),
];
const VERTEX: &[(&str, &str)] = &[
    ("CLAUDE_CODE_USE_VERTEX", "1"),
    ("CLOUD_ML_REGION", "us-east5"),
    ("ANTHROPIC_VERTEX_PROJECT_ID", "fake-gcp-project"),
    ("ANTHROPIC_VERTEX_BASE_URL", "http://127.0.0.1:42017/v1"),
    ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
];
const FOUNDRY: &[(&str, &str)] = &[
    ("CLAUDE_CODE_USE_FOUNDRY", "1"),
    (
        "ANTHROPIC_FOUNDRY_BASE_URL",
        "http://127.0.0.1:34897/anthropic",
    ),
    ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
];
const DIRECT: &[(&str, &str)] = &[
    ("ANTHROPIC_BASE_URL", "http://127.0.0.1:44665"),
    ("ANTHROPIC_API_KEY", "sk-test"),
];

fn env_plus<'a>(
    base: &[(&'a str, &'a str)],
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = base
        .iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .copied()
        .collect();
    v.extend_from_slice(extra);
    v
}

// ---------------------------------------------------------------- SPEC §5.2

struct Row {
    name: &'static str,
    env: Vec<(&'static str, &'static str)>,
    provider: ProviderId,
    main: &'static str,
    opus: &'static str,
    sonnet: &'static str,
    haiku: &'static str,
    small_fast: &'static str,
    main_max: u32,
}

#[test]
fn spec_5_2_default_models_per_provider() {
    let rows = [
        Row {
            name: "anthropic api (default host)",
            env: vec![("ANTHROPIC_API_KEY", "sk")],
            provider: ProviderId::Anthropic,
            main: "claude-opus-5-5",
            opus: "claude-opus-5-5",
            sonnet: "claude-sonnet-5-5",
            haiku: "claude-haiku-5-5",
            small_fast: "claude-haiku-5-5",
            main_max: 128_000,
        },
        Row {
            name: "gateway (ANTHROPIC_BASE_URL): same IDs as the default host, not the catalog's `gateway` column",
            env: DIRECT.to_vec(),
            provider: ProviderId::Anthropic,
            main: "claude-opus-5-5",
            opus: "claude-opus-5-5",
            sonnet: "claude-sonnet-5-5",
            haiku: "claude-haiku-5-5",
            small_fast: "claude-haiku-5-5",
            main_max: 128_000,
        },
        Row {
            name: "bedrock us-east-1",
            env: BEDROCK.to_vec(),
            provider: ProviderId::Bedrock,
            main: "us.anthropic.claude-opus-5-5",
            opus: "us.anthropic.claude-opus-5-5",
            sonnet: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            haiku: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
            small_fast: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            main_max: 128_000,
        },
        Row {
            name: "vertex",
            env: VERTEX.to_vec(),
            provider: ProviderId::Vertex,
            main: "claude-opus-5-5",
            opus: "claude-opus-5-5",
            sonnet: "claude-sonnet-5-5",
            haiku: "claude-haiku-4-5@20251001",
            small_fast: "claude-sonnet-5-5",
            main_max: 128_000,
        },
        Row {
            name: "foundry: main defaults to Sonnet",
            env: FOUNDRY.to_vec(),
            provider: ProviderId::Foundry,
            main: "claude-sonnet-5-5",
            opus: "claude-opus-5-5",
            sonnet: "claude-sonnet-5-5",
            haiku: "claude-haiku-4-5",
            small_fast: "claude-sonnet-5-5",
            main_max: 128_000,
        },
        Row {
            // SPEC's table writes the haiku cell as `claude-haiku-4-5` (the alias's catalog
            // ID); the catalog's anthropic_aws column for it is the dated ID.
            name: "claude platform on aws",
            env: vec![
                ("CLAUDE_CODE_USE_ANTHROPIC_AWS", "1"),
                ("AWS_REGION", "us-west-2"),
                ("ANTHROPIC_AWS_WORKSPACE_ID", "wrkspc_1"),
                ("ANTHROPIC_AWS_API_KEY", "k"),
            ],
            provider: ProviderId::AnthropicAws,
            main: "claude-opus-5-5",
            opus: "claude-opus-5-5",
            sonnet: "claude-sonnet-4-6",
            haiku: "claude-haiku-4-5-20251001",
            small_fast: "claude-haiku-4-5-20251001",
            main_max: 128_000,
        },
        Row {
            name: "mantle",
            env: vec![
                ("CLAUDE_CODE_USE_MANTLE", "1"),
                ("AWS_REGION", "us-east-1"),
                ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
                ("AWS_SECRET_ACCESS_KEY", "secret"),
            ],
            provider: ProviderId::Mantle,
            main: "anthropic.claude-opus-5-5",
            opus: "anthropic.claude-opus-5-5",
            sonnet: "anthropic.claude-sonnet-5",
            haiku: "anthropic.claude-haiku-4-5",
            small_fast: "anthropic.claude-haiku-4-5",
            main_max: 128_000,
        },
        Row {
            name: "claude platform on google cloud",
            env: vec![("CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", "1")],
            provider: ProviderId::AnthropicGoogleCloud,
            main: "claude-opus-5-5",
            opus: "claude-opus-5-5",
            sonnet: "claude-sonnet-5-5",
            haiku: "claude-haiku-4-5-20251001",
            small_fast: "claude-haiku-4-5-20251001",
            main_max: 128_000,
        },
    ];
    for row in rows {
        let r = run(&row.env);
        let m = &r.models;
        assert_eq!(r.provider, row.provider, "{}", row.name);
        assert_eq!(m.main.id, row.main, "{}: main", row.name);
        assert_eq!(m.opus.id, row.opus, "{}: opus", row.name);
        assert_eq!(m.sonnet.id, row.sonnet, "{}: sonnet", row.name);
        assert_eq!(m.haiku.id, row.haiku, "{}: haiku", row.name);
        assert_eq!(m.small_fast.id, row.small_fast, "{}: small/fast", row.name);
        assert_eq!(
            m.main.max_output_tokens.default, row.main_max,
            "{}",
            row.name
        );
        assert_eq!(m.main.requested, "default", "{}", row.name);
        assert_eq!(m.main.source, Source::Default, "{}", row.name);
        assert!(!m.opusplan, "{}", row.name);
        assert!(
            model_problems(&r).is_empty(),
            "{}: {:#?}",
            row.name,
            r.problems
        );
    }
}

// ---------------------------------------------------------------- captured wire cases

struct Wire {
    case: &'static str,
    env: Vec<(&'static str, &'static str)>,
    settings_env: Option<Value>,
    /// The model in the main request (path for Bedrock/Vertex, body elsewhere).
    id: &'static str,
    /// The main request's `max_tokens`.
    max_tokens: u32,
    /// Claude Code printed "doesn't recognize the model".
    unrecognized: bool,
    /// `context-1m-2025-08-07` was sent.
    beta_1m: bool,
}

fn wire(
    case: &'static str,
    env: Vec<(&'static str, &'static str)>,
    id: &'static str,
    max_tokens: u32,
) -> Wire {
    Wire {
        case,
        env,
        settings_env: None,
        id,
        max_tokens,
        unrecognized: false,
        beta_1m: false,
    }
}

#[test]
fn captured_main_requests() {
    let model = |m: &'static str| ("ANTHROPIC_MODEL", m);
    let cases = vec![
        wire("anthropic_alias_haiku", env_plus(DIRECT, &[model("haiku")]), "claude-haiku-5-5", 128_000),
        wire("anthropic_alias_opus", env_plus(DIRECT, &[model("opus")]), "claude-opus-5-5", 128_000),
        wire("anthropic_alias_sonnet", env_plus(DIRECT, &[model("sonnet")]), "claude-sonnet-5-5", 128_000),
        wire("anthropic_default_host_via_proxy", vec![("ANTHROPIC_API_KEY", "sk")], "claude-opus-5-5", 128_000),
        wire("gateway_custom_headers", vec![("ANTHROPIC_BASE_URL", "http://127.0.0.1:35629/litellm"), ("ANTHROPIC_AUTH_TOKEN", "t")], "claude-opus-5-5", 128_000),
        Wire {
            unrecognized: true,
            ..wire(
                "anthropic_model_env_overrides",
                env_plus(DIRECT, &[model("sonnet"), ("ANTHROPIC_DEFAULT_SONNET_MODEL", "my-custom-sonnet-id"), ("ANTHROPIC_SMALL_FAST_MODEL", "my-small-fast-id")]),
                "my-custom-sonnet-id",
                32_000,
            )
        },
        wire("anthropic_request_knobs", env_plus(DIRECT, &[("CLAUDE_CODE_MAX_OUTPUT_TOKENS", "4096")]), "claude-opus-5-5", 4096),
        Wire {
            beta_1m: true,
            ..wire("anthropic_sonnet_1m", env_plus(DIRECT, &[model("claude-sonnet-4-6[1m]")]), "claude-sonnet-4-6", 32_000)
        },
        Wire {
            settings_env: Some(json!({"ANTHROPIC_MODEL": "model-from-settings-env"})),
            unrecognized: true,
            ..wire("env_precedence_process_vs_settings", env_plus(DIRECT, &[model("model-from-process-env")]), "model-from-settings-env", 32_000)
        },
        wire("provider_flag_false_value", env_plus(DIRECT, &[("CLAUDE_CODE_USE_BEDROCK", "0")]), "claude-opus-5-5", 128_000),
        wire("bedrock_sigv4", BEDROCK.to_vec(), "us.anthropic.claude-opus-5-5", 128_000),
        wire("bedrock_alias_haiku", env_plus(BEDROCK, &[model("haiku")]), "us.anthropic.claude-haiku-4-5-20251001-v1:0", 32_000),
        wire("bedrock_alias_sonnet", env_plus(BEDROCK, &[model("sonnet")]), "us.anthropic.claude-sonnet-4-5-20250929-v1:0", 32_000),
        wire("bedrock_betas_known_model", env_plus(BEDROCK, &[model("us.anthropic.claude-sonnet-4-6"), ("ANTHROPIC_BETAS", "custom-beta-2025-01-01")]), "us.anthropic.claude-sonnet-4-6", 32_000),
        wire("bedrock_first_party_model_id", env_plus(BEDROCK, &[model("claude-sonnet-4-6")]), "us.anthropic.claude-sonnet-4-6", 32_000),
        Wire {
            beta_1m: true,
            ..wire("bedrock_global_profile_1m", env_plus(BEDROCK, &[model("global.anthropic.claude-sonnet-4-6[1m]")]), "global.anthropic.claude-sonnet-4-6", 32_000)
        },
        // No "doesn't recognize" line for an ARN: Claude Code asks Bedrock what backs it.
        wire(
            "bedrock_model_arn_and_knobs",
            env_plus(BEDROCK, &[model("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz"), ("CLAUDE_CODE_MAX_OUTPUT_TOKENS", "4096")]),
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz",
            4096,
        ),
        wire("bedrock_no_region", BEDROCK.iter().copied().filter(|(k, _)| *k != "AWS_REGION").collect(), "us.anthropic.claude-opus-5-5", 128_000),
        wire(
            "bedrock_pins_and_small_fast_region",
            env_plus(BEDROCK, &[
                ("ANTHROPIC_DEFAULT_OPUS_MODEL", "us.anthropic.claude-opus-4-6-v1"),
                ("ANTHROPIC_DEFAULT_SONNET_MODEL", "us.anthropic.claude-sonnet-4-6"),
                ("ANTHROPIC_DEFAULT_HAIKU_MODEL", "us.anthropic.claude-haiku-4-5-20251001-v1:0"),
                ("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", "us-west-2"),
            ]),
            "us.anthropic.claude-opus-4-6-v1",
            64_000,
        ),
        wire("bedrock_region_us_gov", env_plus(BEDROCK, &[("AWS_REGION", "us-gov-west-1")]), "us-gov.anthropic.claude-opus-5-5", 128_000),
        wire("bedrock_region_eu_west_1", env_plus(BEDROCK, &[("AWS_REGION", "eu-west-1")]), "eu.anthropic.claude-opus-5-5", 128_000),
        wire("bedrock_region_ap_northeast_1", env_plus(BEDROCK, &[("AWS_REGION", "ap-northeast-1")]), "apac.anthropic.claude-opus-5-5", 128_000),
        wire("bedrock_invalid_region_value", env_plus(BEDROCK, &[("AWS_REGION", "us east 1")]), "us.anthropic.claude-opus-5-5", 128_000),
        wire(
            "bedrock_default_region_only",
            BEDROCK.iter().copied().filter(|(k, _)| *k != "AWS_REGION").chain([("AWS_DEFAULT_REGION", "eu-central-1")]).collect(),
            "eu.anthropic.claude-opus-5-5",
            128_000,
        ),
        wire("bedrock_service_tier_and_prefix", env_plus(BEDROCK, &[("ANTHROPIC_BEDROCK_SERVICE_TIER", "priority"), ("ANTHROPIC_BEDROCK_REGION_PREFIX", "global")]), "global.anthropic.claude-opus-5-5", 128_000),
        wire("provider_conflict_bedrock_vertex", env_plus(BEDROCK, VERTEX), "us.anthropic.claude-opus-5-5", 128_000),
        Wire {
            settings_env: Some(json!({"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s"})),
            ..wire("env_from_settings_selects_bedrock", vec![], "us.anthropic.claude-opus-5-5", 128_000)
        },
        wire("mantle_via_proxy", vec![("CLAUDE_CODE_USE_MANTLE", "1"), ("AWS_REGION", "us-east-1")], "anthropic.claude-opus-5-5", 128_000),
        wire("anthropic_aws_via_proxy", vec![("CLAUDE_CODE_USE_ANTHROPIC_AWS", "1"), ("AWS_REGION", "us-west-2"), ("ANTHROPIC_AWS_WORKSPACE_ID", "wrkspc_1")], "claude-opus-5-5", 128_000),
        wire("foundry_base_url_api_key", FOUNDRY.to_vec(), "claude-sonnet-5-5", 128_000),
        wire("foundry_alias_haiku", env_plus(FOUNDRY, &[model("haiku")]), "claude-haiku-4-5", 32_000),
        Wire {
            unrecognized: true,
            ..wire(
                "foundry_pinned_deployments",
                env_plus(FOUNDRY, &[model("opus"), ("ANTHROPIC_DEFAULT_OPUS_MODEL", "my-opus-deployment"), ("ANTHROPIC_DEFAULT_SONNET_MODEL", "my-sonnet-deployment"), ("ANTHROPIC_DEFAULT_HAIKU_MODEL", "my-haiku-deployment")]),
                "my-opus-deployment",
                32_000,
            )
        },
        wire("vertex_skip_auth_base_url", VERTEX.to_vec(), "claude-opus-5-5", 128_000),
        wire("vertex_alias_sonnet", env_plus(VERTEX, &[model("sonnet")]), "claude-sonnet-5-5", 128_000),
        wire("vertex_first_party_model_id", env_plus(VERTEX, &[model("claude-sonnet-4-5-20250929")]), "claude-sonnet-4-5@20250929", 32_000),
        wire("vertex_knobs", env_plus(VERTEX, &[("CLAUDE_CODE_MAX_OUTPUT_TOKENS", "4096")]), "claude-opus-5-5", 4096),
        wire("vertex_global_region", env_plus(VERTEX, &[("CLOUD_ML_REGION", "global")]), "claude-opus-5-5", 128_000),
    ];
    for c in cases {
        let mut i = input(&c.env);
        if let Some(env) = &c.settings_env {
            i = with_settings(i, SettingsScope::User, json!({ "env": env }));
        }
        let r = resolve(&i);
        let main = &r.models.main;
        assert_eq!(main.id, c.id, "{}", c.case);
        assert_eq!(
            max_tokens_for(main, r.knobs.max_output_tokens),
            c.max_tokens,
            "{}",
            c.case
        );
        let warned = r.problems.iter().any(|p| {
            p.code == Code::ModelUnrecognized && p.message.contains(&format!("\"{}\"", c.id))
        });
        assert_eq!(warned, c.unrecognized, "{}: {:#?}", c.case, r.problems);
        assert_eq!(context_1m_beta_applies(main), c.beta_1m, "{}", c.case);
        assert!(!main.unusable, "{}", c.case);
    }
}

#[test]
fn captured_bedrock_profile_region_from_aws_config() {
    let mut i = input(&[
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("AWS_PROFILE", "ccprof"),
        ("ANTHROPIC_BEDROCK_BASE_URL", "http://127.0.0.1:36695"),
    ]);
    i.home = HomeFiles {
        aws_config: Some(TextFile {
            path: "/home/u/.aws/config".into(),
            text: "[profile ccprof]\nregion = eu-west-3\n".into(),
        }),
        aws_credentials: Some(TextFile {
            path: "/home/u/.aws/credentials".into(),
            text: "[ccprof]\naws_access_key_id = AKIDPROFILEEXAMPLE\naws_secret_access_key = s\n"
                .into(),
        }),
        ..HomeFiles::default()
    };
    let m = resolve(&i).models;
    assert_eq!(m.main.id, "eu.anthropic.claude-opus-5-5");
    assert_eq!(m.sonnet.id, "eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert_eq!(m.haiku.id, "eu.anthropic.claude-haiku-4-5-20251001-v1:0");
}

#[test]
fn captured_bedrock_pins_use_small_fast_region_with_a_haiku_pin() {
    let r = run(&env_plus(
        BEDROCK,
        &[
            (
                "ANTHROPIC_DEFAULT_OPUS_MODEL",
                "us.anthropic.claude-opus-4-6-v1",
            ),
            (
                "ANTHROPIC_DEFAULT_SONNET_MODEL",
                "us.anthropic.claude-sonnet-4-6",
            ),
            (
                "ANTHROPIC_DEFAULT_HAIKU_MODEL",
                "us.anthropic.claude-haiku-4-5-20251001-v1:0",
            ),
            ("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", "us-west-2"),
        ],
    ));
    let m = &r.models;
    assert_eq!(
        m.main.pin_var.as_deref(),
        Some("ANTHROPIC_DEFAULT_OPUS_MODEL")
    );
    assert_eq!(m.main.catalog_id.as_deref(), Some("claude-opus-4-6"));
    assert_eq!(m.sonnet.id, "us.anthropic.claude-sonnet-4-6");
    assert_eq!(
        m.small_fast.id,
        "us.anthropic.claude-haiku-4-5-20251001-v1:0"
    );
    assert_eq!(m.small_fast.region.as_deref(), Some("us-west-2"));
    assert_eq!(
        m.small_fast.region_var.as_deref(),
        Some("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION")
    );
    assert!(model_problems(&r).is_empty(), "{:#?}", r.problems);
}

#[test]
fn captured_vertex_per_model_region() {
    let r = run(&env_plus(
        VERTEX,
        &[
            ("CLOUD_ML_REGION", "global"),
            ("VERTEX_REGION_CLAUDE_HAIKU_4_5", "europe-west1"),
            ("ANTHROPIC_MODEL", "haiku"),
        ],
    ));
    let m = &r.models;
    assert_eq!(m.main.id, "claude-haiku-4-5@20251001");
    assert_eq!(m.main.region.as_deref(), Some("europe-west1"));
    assert_eq!(
        m.main.region_var.as_deref(),
        Some("VERTEX_REGION_CLAUDE_HAIKU_4_5")
    );
    assert_eq!(max_tokens_for(&m.main, None), 32_000);
    // Other models stay on CLOUD_ML_REGION.
    assert_eq!(m.opus.region.as_deref(), Some("global"));
    assert_eq!(m.opus.region_var.as_deref(), Some("CLOUD_ML_REGION"));
    // Without CLOUD_ML_REGION: us-east5, set by nobody.
    let r = run(&VERTEX
        .iter()
        .copied()
        .filter(|(k, _)| *k != "CLOUD_ML_REGION")
        .collect::<Vec<_>>());
    assert_eq!(r.models.main.region.as_deref(), Some("us-east5"));
    assert_eq!(r.models.main.region_var, None);
}

// ---------------------------------------------------------------- Bedrock prefixes

#[test]
fn bedrock_builtin_ids_get_the_region_family_prefix() {
    let cases = [
        ("us-east-1", "us"),
        ("us-west-2", "us"),
        ("us-gov-west-1", "us-gov"),
        ("us-gov-east-1", "us-gov"),
        ("eu-west-1", "eu"),
        ("eu-central-1", "eu"),
        ("eu-north-1", "eu"),
        ("ap-northeast-1", "apac"),
        ("ap-southeast-2", "apac"),
        ("ap-south-1", "apac"),
        ("ca-central-1", "global"),
        ("sa-east-1", "global"),
        ("me-central-1", "global"),
        ("af-south-1", "global"),
        ("il-central-1", "global"),
    ];
    for (region, prefix) in cases {
        let r = run(&env_plus(BEDROCK, &[("AWS_REGION", region)]));
        let m = &r.models;
        assert_eq!(
            m.main.id,
            format!("{prefix}.anthropic.claude-opus-5-5"),
            "{region}"
        );
        assert_eq!(
            m.sonnet.id,
            format!("{prefix}.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            "{region}"
        );
        assert_eq!(
            m.haiku.id,
            format!("{prefix}.anthropic.claude-haiku-4-5-20251001-v1:0"),
            "{region}"
        );
        assert_eq!(
            m.fable.id,
            format!("{prefix}.anthropic.claude-fable-5-2"),
            "{region}"
        );
        assert!(model_problems(&r).is_empty(), "{region}: {:#?}", r.problems);
    }
}

#[test]
fn bedrock_region_prefix_override() {
    let r = run(&env_plus(
        BEDROCK,
        &[
            ("AWS_REGION", "eu-west-1"),
            ("ANTHROPIC_BEDROCK_REGION_PREFIX", "jp"),
        ],
    ));
    assert_eq!(r.models.main.id, "jp.anthropic.claude-opus-5-5");
    // Ignored in GovCloud.
    let r = run(&env_plus(
        BEDROCK,
        &[
            ("AWS_REGION", "us-gov-west-1"),
            ("ANTHROPIC_BEDROCK_REGION_PREFIX", "global"),
        ],
    ));
    assert_eq!(r.models.main.id, "us-gov.anthropic.claude-opus-5-5");
    // Invalid: region-derived, with a warning naming the variable.
    let r = run(&env_plus(
        BEDROCK,
        &[
            ("AWS_REGION", "eu-west-1"),
            ("ANTHROPIC_BEDROCK_REGION_PREFIX", "EU"),
        ],
    ));
    assert_eq!(r.models.main.id, "eu.anthropic.claude-opus-5-5");
    let p = problem(&r, Code::BedrockRegionPrefixInvalid);
    assert_eq!(
        p.env_var.as_deref(),
        Some("ANTHROPIC_BEDROCK_REGION_PREFIX")
    );
    assert_eq!(p.severity, Severity::Warning);
}

#[test]
fn user_supplied_bedrock_ids_are_never_rewritten() {
    for id in [
        "us.anthropic.claude-sonnet-4-6",
        "global.anthropic.claude-sonnet-4-6",
        "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/x1",
    ] {
        let r = run(&env_plus(
            BEDROCK,
            &[
                ("AWS_REGION", "eu-west-1"),
                ("ANTHROPIC_DEFAULT_SONNET_MODEL", id),
            ],
        ));
        assert_eq!(r.models.sonnet.id, id);
    }
}

// ---------------------------------------------------------------- aliases and precedence

#[test]
fn main_model_precedence() {
    // ANTHROPIC_MODEL beats the model setting.
    let i = with_settings(
        input(&env_plus(DIRECT, &[("ANTHROPIC_MODEL", "haiku")])),
        SettingsScope::User,
        json!({"model": "sonnet"}),
    );
    assert_eq!(resolve(&i).models.main.id, "claude-haiku-5-5");
    // The model setting beats ANTHROPIC_DEFAULT_MODEL, and is reported as a setting.
    let i = with_settings(
        input(&env_plus(
            DIRECT,
            &[("ANTHROPIC_DEFAULT_MODEL", "haiku-not-alias")],
        )),
        SettingsScope::Project,
        json!({"model": "sonnet"}),
    );
    let m = resolve(&i).models.main;
    assert_eq!(m.id, "claude-sonnet-5-5");
    assert_eq!(m.requested, "sonnet");
    assert_eq!(m.env_var, None);
    assert_eq!(
        m.source,
        Source::Settings {
            scope: SettingsScope::Project,
            path: Some("/cfg/project.json".into())
        }
    );
    // ANTHROPIC_DEFAULT_MODEL applies when nothing else selects a model…
    let r = run(&env_plus(DIRECT, &[("ANTHROPIC_DEFAULT_MODEL", "sonnet")]));
    assert_eq!(r.models.main.id, "claude-sonnet-5-5");
    assert_eq!(
        r.models.main.env_var.as_deref(),
        Some("ANTHROPIC_DEFAULT_MODEL")
    );
    // …and is ignored for default, inherit, opusplan and haiku.
    for v in ["default", "inherit", "opusplan", "haiku", "Haiku[1m]"] {
        let r = run(&env_plus(DIRECT, &[("ANTHROPIC_DEFAULT_MODEL", v)]));
        assert_eq!(r.models.main.id, "claude-opus-5-5", "{v}");
        assert_eq!(r.models.main.source, Source::Default, "{v}");
    }
    // A settings-env ANTHROPIC_MODEL is sourced to that file.
    let i = with_settings(
        input(DIRECT),
        SettingsScope::Local,
        json!({"env": {"ANTHROPIC_MODEL": "opus"}}),
    );
    let m = resolve(&i).models.main;
    assert_eq!(m.env_var.as_deref(), Some("ANTHROPIC_MODEL"));
    assert!(matches!(
        m.source,
        Source::Settings {
            scope: SettingsScope::Local,
            ..
        }
    ));
}

#[test]
fn special_aliases() {
    let r = run(&env_plus(DIRECT, &[("ANTHROPIC_MODEL", "opusplan")]));
    assert!(r.models.opusplan);
    assert_eq!(r.models.main.id, "claude-sonnet-5-5");
    assert_eq!(r.models.opus.id, "claude-opus-5-5");
    let r = run(&env_plus(BEDROCK, &[("ANTHROPIC_MODEL", "best")]));
    assert_eq!(r.models.main.id, "us.anthropic.claude-opus-5-5");
    let r = run(&env_plus(BEDROCK, &[("ANTHROPIC_MODEL", "DEFAULT")]));
    assert_eq!(r.models.main.id, "us.anthropic.claude-opus-5-5");
    let r = run(&env_plus(DIRECT, &[("ANTHROPIC_MODEL", "fable")]));
    assert_eq!(r.models.main.id, "claude-fable-5-2");
    assert_eq!(r.models.main.max_output_tokens.default, 128_000);
    let r = run(&env_plus(
        VERTEX,
        &[
            ("ANTHROPIC_MODEL", "fable"),
            ("ANTHROPIC_DEFAULT_FABLE_MODEL", "claude-fable-5-1"),
        ],
    ));
    assert_eq!(r.models.main.id, "claude-fable-5-1");
    assert_eq!(r.models.main.region_var, Some("CLOUD_ML_REGION".into()));
}

#[test]
fn pins_are_used_verbatim_and_behind_aliases() {
    let r = run(&env_plus(
        FOUNDRY,
        &[
            ("ANTHROPIC_MODEL", "sonnet"),
            ("ANTHROPIC_DEFAULT_SONNET_MODEL", " my-sonnet "),
        ],
    ));
    let m = &r.models.main;
    assert_eq!(m.id, "my-sonnet");
    assert_eq!(m.requested, "sonnet");
    assert_eq!(m.env_var.as_deref(), Some("ANTHROPIC_MODEL"));
    assert_eq!(m.pin_var.as_deref(), Some("ANTHROPIC_DEFAULT_SONNET_MODEL"));
    assert_eq!(
        r.models.sonnet.env_var.as_deref(),
        Some("ANTHROPIC_DEFAULT_SONNET_MODEL")
    );
    // The pinned value is reported once although two slots use it.
    let n = r
        .problems
        .iter()
        .filter(|p| p.code == Code::ModelUnrecognized)
        .count();
    assert_eq!(n, 1, "{:#?}", r.problems);
}

#[test]
fn anthropic_ids_map_to_the_provider_on_bedrock_vertex_and_mantle() {
    type Env = &'static [(&'static str, &'static str)];
    let cases: [(Env, &str, &str); 7] = [
        (
            BEDROCK,
            "claude-sonnet-4-5-20250929",
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
        (
            BEDROCK,
            "claude-opus-4-6",
            "us.anthropic.claude-opus-4-6-v1",
        ),
        (
            VERTEX,
            "claude-haiku-4-5-20251001",
            "claude-haiku-4-5@20251001",
        ),
        (VERTEX, "claude-sonnet-4-0", "claude-sonnet-4@20250514"),
        (
            &[("CLAUDE_CODE_USE_MANTLE", "1"), ("AWS_REGION", "us-east-1")],
            "claude-haiku-4-5-20251001",
            "anthropic.claude-haiku-4-5",
        ),
        // Foundry deployment names are the user's: not mapped.
        (
            FOUNDRY,
            "claude-haiku-4-5-20251001",
            "claude-haiku-4-5-20251001",
        ),
        (DIRECT, "claude-sonnet-4-5", "claude-sonnet-4-5"),
    ];
    for (env, given, sent) in cases {
        let r = run(&env_plus(env, &[("ANTHROPIC_DEFAULT_HAIKU_MODEL", given)]));
        assert_eq!(r.models.haiku.id, sent, "{given}");
        assert!(r.models.haiku.catalog_id.is_some(), "{given}");
        assert!(model_problems(&r).is_empty(), "{given}: {:#?}", r.problems);
    }
}

#[test]
fn small_fast_rules_per_provider() {
    let sf = |env: &[(&str, &str)]| run(env).models.small_fast.id;
    // Bedrock/Vertex: the default Sonnet…
    assert_eq!(sf(BEDROCK), "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert_eq!(sf(VERTEX), "claude-sonnet-5-5");
    // …the primary model once one is selected…
    assert_eq!(
        sf(&env_plus(
            BEDROCK,
            &[("ANTHROPIC_MODEL", "us.anthropic.claude-sonnet-4-6")]
        )),
        "us.anthropic.claude-sonnet-4-6"
    );
    assert_eq!(
        sf(&env_plus(VERTEX, &[("ANTHROPIC_MODEL", "opus")])),
        "claude-opus-5-5"
    );
    // …an Opus pin without a Sonnet pin counts as a selection…
    assert_eq!(
        sf(&env_plus(
            BEDROCK,
            &[(
                "ANTHROPIC_DEFAULT_OPUS_MODEL",
                "us.anthropic.claude-opus-4-8"
            )]
        )),
        "us.anthropic.claude-opus-4-8"
    );
    // …and a Haiku pin wins.
    assert_eq!(
        sf(&env_plus(
            VERTEX,
            &[
                ("ANTHROPIC_MODEL", "opus"),
                ("ANTHROPIC_DEFAULT_HAIKU_MODEL", "claude-haiku-4-5@20251001")
            ]
        )),
        "claude-haiku-4-5@20251001"
    );
    // Foundry: the main model unless Haiku is pinned.
    assert_eq!(
        sf(&env_plus(FOUNDRY, &[("ANTHROPIC_MODEL", "opus")])),
        "claude-opus-5-5"
    );
    assert_eq!(
        sf(&env_plus(
            FOUNDRY,
            &[("ANTHROPIC_DEFAULT_HAIKU_MODEL", "my-haiku")]
        )),
        "my-haiku"
    );
    // First-party: Haiku.
    assert_eq!(
        sf(&env_plus(DIRECT, &[("ANTHROPIC_MODEL", "opus")])),
        "claude-haiku-5-5"
    );
    // The deprecated variable wins, is sent as written, and says it is deprecated.
    let r = run(&env_plus(
        BEDROCK,
        &[(
            "ANTHROPIC_SMALL_FAST_MODEL",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        )],
    ));
    assert_eq!(
        r.models.small_fast.id,
        "us.anthropic.claude-haiku-4-5-20251001-v1:0"
    );
    let p = problem(&r, Code::VarDeprecated);
    assert_eq!(p.severity, Severity::Info);
    assert!(p.help.contains("ANTHROPIC_DEFAULT_HAIKU_MODEL"));
}

#[test]
fn bedrock_sonnet_pin_without_opus_pin_keeps_sonnet_as_default() {
    let r = run(&env_plus(
        BEDROCK,
        &[(
            "ANTHROPIC_DEFAULT_SONNET_MODEL",
            "us.anthropic.claude-sonnet-4-6",
        )],
    ));
    assert_eq!(r.models.main.id, "us.anthropic.claude-sonnet-4-6");
    assert_eq!(r.models.opus.id, "us.anthropic.claude-opus-5-5");
    // Not on first-party.
    let r = run(&env_plus(
        DIRECT,
        &[("ANTHROPIC_DEFAULT_SONNET_MODEL", "claude-sonnet-4-6")],
    ));
    assert_eq!(r.models.main.id, "claude-opus-5-5");
}

#[test]
fn small_fast_region_needs_a_haiku_model_on_bedrock() {
    let r = run(&env_plus(
        BEDROCK,
        &[("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", "us-west-2")],
    ));
    assert_eq!(r.models.small_fast.region, None);
    let p = problem(&r, Code::BedrockSmallFastRegionUnused);
    assert_eq!(p.severity, Severity::Info);
    assert_eq!(
        p.env_var.as_deref(),
        Some("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION")
    );
    // Mantle applies it without a pin.
    let r = run(&[
        ("CLAUDE_CODE_USE_MANTLE", "1"),
        ("AWS_REGION", "us-east-1"),
        ("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", "us-west-2"),
    ]);
    assert_eq!(r.models.small_fast.region.as_deref(), Some("us-west-2"));
    assert!(!has(&r, Code::BedrockSmallFastRegionUnused));
    // Other providers ignore it.
    let r = run(&env_plus(
        VERTEX,
        &[("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", "us-west-2")],
    ));
    assert!(has(&r, Code::BedrockSmallFastRegionUnused));
    // With a Haiku pin the pin is checked against the small/fast region.
    let r = run(&env_plus(
        BEDROCK,
        &[
            (
                "ANTHROPIC_DEFAULT_HAIKU_MODEL",
                "us.anthropic.claude-haiku-4-5-20251001-v1:0",
            ),
            ("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", "eu-west-1"),
        ],
    ));
    assert_eq!(r.models.small_fast.region.as_deref(), Some("eu-west-1"));
    let p = problem(&r, Code::BedrockModelPrefixRegionMismatch);
    assert!(
        p.message.contains("ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION"),
        "{}",
        p.message
    );
    assert!(
        p.help
            .contains("eu.anthropic.claude-haiku-4-5-20251001-v1:0"),
        "{}",
        p.help
    );
}

// ---------------------------------------------------------------- [1m]

#[test]
fn one_million_context_suffix() {
    // Natively 1M: the suffix is accepted, no beta.
    let r = run(&env_plus(DIRECT, &[("ANTHROPIC_MODEL", "sonnet[1m]")]));
    assert_eq!(r.models.main.id, "claude-sonnet-5-5");
    assert_eq!(r.models.main.requested, "sonnet[1m]");
    assert!(r.models.main.context_1m);
    assert!(!context_1m_beta_applies(&r.models.main));
    // A beta model behind an alias, through a pin without the suffix.
    let r = run(&env_plus(
        BEDROCK,
        &[
            ("ANTHROPIC_MODEL", "opus[1m]"),
            (
                "ANTHROPIC_DEFAULT_OPUS_MODEL",
                "us.anthropic.claude-opus-4-6-v1",
            ),
        ],
    ));
    assert_eq!(r.models.main.id, "us.anthropic.claude-opus-4-6-v1");
    assert!(context_1m_beta_applies(&r.models.main));
    assert!(!r.models.opus.context_1m, "the pin itself has no [1m]");
    // The suffix on the pin applies to every use of the alias.
    let r = run(&env_plus(
        VERTEX,
        &[("ANTHROPIC_DEFAULT_OPUS_MODEL", "claude-opus-4-6[1m]")],
    ));
    assert_eq!(r.models.opus.id, "claude-opus-4-6");
    assert!(context_1m_beta_applies(&r.models.opus));
    assert!(context_1m_beta_applies(&r.models.main));
    // Haiku 4.5 does not take the beta; an unknown ID with [1m] gets it.
    let r = run(&env_plus(
        DIRECT,
        &[("ANTHROPIC_MODEL", "claude-haiku-4-5[1m]")],
    ));
    assert!(r.models.main.context_1m && !context_1m_beta_applies(&r.models.main));
    let r = run(&env_plus(DIRECT, &[("ANTHROPIC_MODEL", "my-model[1M]")]));
    assert_eq!(r.models.main.id, "my-model");
    assert!(context_1m_beta_applies(&r.models.main));
    // CLAUDE_CODE_DISABLE_1M_CONTEXT turns it off; the suffix is still stripped.
    let r = run(&env_plus(
        DIRECT,
        &[
            ("ANTHROPIC_MODEL", "claude-sonnet-4-6[1m]"),
            ("CLAUDE_CODE_DISABLE_1M_CONTEXT", "1"),
        ],
    ));
    assert_eq!(r.models.main.id, "claude-sonnet-4-6");
    assert!(!r.models.main.context_1m && !context_1m_beta_applies(&r.models.main));
}

// ---------------------------------------------------------------- modelOverrides

#[test]
fn model_overrides_map_anthropic_ids() {
    let arn46 = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/opus-46-prod";
    let arn45 = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/sonnet-45";
    let settings = json!({"modelOverrides": {
        "claude-opus-4-6": arn46,
        "claude-sonnet-4-5-20250929": arn45,
    }});
    // ANTHROPIC_MODEL with an Anthropic ID.
    let i = with_settings(
        input(&env_plus(
            BEDROCK,
            &[("ANTHROPIC_MODEL", "claude-opus-4-6")],
        )),
        SettingsScope::Managed,
        settings.clone(),
    );
    let r = resolve(&i);
    let m = &r.models.main;
    assert_eq!(m.id, arn46);
    assert_eq!(m.override_key.as_deref(), Some("claude-opus-4-6"));
    assert_eq!(m.catalog_id.as_deref(), Some("claude-opus-4-6"));
    assert_eq!(m.max_output_tokens.default, 64_000);
    assert!(model_problems(&r).is_empty(), "{:#?}", r.problems);
    // The built-in model behind an alias (Bedrock's sonnet is Sonnet 4.5).
    let i = with_settings(input(BEDROCK), SettingsScope::User, settings.clone());
    assert_eq!(resolve(&i).models.sonnet.id, arn45);
    // A pin that is an Anthropic ID.
    let i = with_settings(
        input(&env_plus(
            BEDROCK,
            &[("ANTHROPIC_DEFAULT_OPUS_MODEL", "claude-opus-4-6")],
        )),
        SettingsScope::User,
        settings.clone(),
    );
    assert_eq!(resolve(&i).models.opus.id, arn46);
    // Higher scopes win per key.
    let i = with_settings(
        with_settings(
            input(BEDROCK),
            SettingsScope::User,
            json!({"modelOverrides": {"claude-sonnet-4-5-20250929": "arn:aws:bedrock:us-east-1:1:application-inference-profile/user"}}),
        ),
        SettingsScope::Managed,
        settings,
    );
    assert_eq!(resolve(&i).models.sonnet.id, arn45);
}

#[test]
fn model_override_values_are_recognized_and_keys_checked() {
    // A Foundry deployment named in an override is known to be that model: no warning.
    let i = with_settings(
        input(&env_plus(
            FOUNDRY,
            &[("ANTHROPIC_DEFAULT_OPUS_MODEL", "my-opus-deployment")],
        )),
        SettingsScope::User,
        json!({"modelOverrides": {"claude-opus-4-6": "my-opus-deployment", "claude-sonnet-4-5": "x"}}),
    );
    let r = resolve(&i);
    assert_eq!(r.models.opus.catalog_id.as_deref(), Some("claude-opus-4-6"));
    assert_eq!(r.models.opus.max_output_tokens.default, 64_000);
    // Undated key of a dated model: ignored, with the right key in the help.
    let p = problem(&r, Code::ModelUnrecognized);
    assert!(
        p.message
            .contains("modelOverrides key \"claude-sonnet-4-5\""),
        "{}",
        p.message
    );
    assert!(p.help.contains("claude-sonnet-4-5-20250929"), "{}", p.help);
    assert_eq!(p.file.as_deref(), Some("/cfg/user.json"));
    assert_eq!(
        r.problems
            .iter()
            .filter(|p| p.code == Code::ModelUnrecognized)
            .count(),
        1,
        "{:#?}",
        r.problems
    );
}

// ---------------------------------------------------------------- validation

#[test]
fn bedrock_bare_foundation_ids_need_an_inference_profile() {
    let r = run(&env_plus(
        BEDROCK,
        &[
            ("AWS_REGION", "eu-west-1"),
            (
                "ANTHROPIC_MODEL",
                "anthropic.claude-sonnet-4-5-20250929-v1:0",
            ),
        ],
    ));
    let p = problem(&r, Code::BedrockModelNeedsInferenceProfile);
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_MODEL"));
    assert!(
        p.help
            .contains("\"eu.anthropic.claude-sonnet-4-5-20250929-v1:0\""),
        "{}",
        p.help
    );
    assert!(p.message.contains("on-demand throughput isn't supported"));
    // Still sent as written (Claude Code does), recognized as Sonnet 4.5.
    assert_eq!(
        r.models.main.id,
        "anthropic.claude-sonnet-4-5-20250929-v1:0"
    );
    assert_eq!(
        r.models.main.catalog_id.as_deref(),
        Some("claude-sonnet-4-5")
    );
}

#[test]
fn bedrock_profile_and_arn_regions() {
    let r = run(&env_plus(
        BEDROCK,
        &[("ANTHROPIC_MODEL", "eu.anthropic.claude-sonnet-4-6")],
    ));
    let p = problem(&r, Code::BedrockModelPrefixRegionMismatch);
    assert!(
        p.help.contains("us.anthropic.claude-sonnet-4-6"),
        "{}",
        p.help
    );
    assert_eq!(r.models.main.id, "eu.anthropic.claude-sonnet-4-6");
    for fine in [
        "us.anthropic.claude-sonnet-4-6",
        "global.anthropic.claude-sonnet-4-6",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
    ] {
        let r = run(&env_plus(BEDROCK, &[("ANTHROPIC_MODEL", fine)]));
        assert!(model_problems(&r).is_empty(), "{fine}: {:#?}", r.problems);
    }
    let r = run(&env_plus(
        BEDROCK,
        &[
            ("AWS_REGION", "us-gov-west-1"),
            ("ANTHROPIC_MODEL", "us.anthropic.claude-sonnet-4-6"),
        ],
    ));
    assert!(has(&r, Code::BedrockModelPrefixRegionMismatch));
    let r = run(&env_plus(
        BEDROCK,
        &[(
            "ANTHROPIC_MODEL",
            "arn:aws:bedrock:us-east-2:123456789012:application-inference-profile/opus-prod",
        )],
    ));
    let p = problem(&r, Code::BedrockArnRegionMismatch);
    assert!(p.help.contains("AWS_REGION=us-east-2"), "{}", p.help);
}

#[test]
fn ids_of_another_provider() {
    // A Bedrock profile on Vertex.
    let r = run(&env_plus(
        VERTEX,
        &[("ANTHROPIC_MODEL", "us.anthropic.claude-sonnet-4-6")],
    ));
    let p = problem(&r, Code::ModelIdWrongProvider);
    assert_eq!(p.severity, Severity::Error);
    assert!(p.help.contains("\"claude-sonnet-4-6\""), "{}", p.help);
    // A Vertex version on Bedrock: also unusable, '@' never goes into the path.
    let r = run(&env_plus(
        BEDROCK,
        &[("ANTHROPIC_MODEL", "claude-sonnet-4-5@20250929")],
    ));
    assert!(has(&r, Code::ModelIdWrongProvider));
    assert!(has(&r, Code::ValueUnsafe));
    assert!(r.models.main.unusable && r.models.main.id.is_empty());
    // A Bedrock profile on the Anthropic API: a warning; through a gateway, a note.
    let r = run(&[
        ("ANTHROPIC_API_KEY", "k"),
        ("ANTHROPIC_MODEL", "us.anthropic.claude-sonnet-4-6"),
    ]);
    assert_eq!(
        problem(&r, Code::ModelIdWrongProvider).severity,
        Severity::Warning
    );
    let r = run(&env_plus(
        DIRECT,
        &[("ANTHROPIC_MODEL", "us.anthropic.claude-sonnet-4-6")],
    ));
    assert_eq!(
        problem(&r, Code::ModelIdWrongProvider).severity,
        Severity::Info
    );
    // Mantle IDs on the Invoke API, unless Mantle runs alongside.
    let r = run(&env_plus(
        BEDROCK,
        &[("ANTHROPIC_MODEL", "anthropic.claude-haiku-4-5")],
    ));
    assert!(has(&r, Code::ModelIdWrongProvider), "{:#?}", r.problems);
    let r = run(&env_plus(
        BEDROCK,
        &[
            ("CLAUDE_CODE_USE_MANTLE", "1"),
            ("ANTHROPIC_MODEL", "anthropic.claude-haiku-4-5"),
        ],
    ));
    assert!(r.mantle_alongside);
    assert!(model_problems(&r).is_empty(), "{:#?}", r.problems);
    assert!(is_mantle_form(&r.models.main.id));
    assert!(!is_mantle_form(&r.models.opus.id));
    // Invoke IDs on Mantle; an Anthropic ID Mantle does not serve.
    let mantle = [("CLAUDE_CODE_USE_MANTLE", "1"), ("AWS_REGION", "us-east-1")];
    let r = run(&env_plus(
        &mantle,
        &[("ANTHROPIC_MODEL", "us.anthropic.claude-sonnet-4-6")],
    ));
    assert!(has(&r, Code::ModelIdWrongProvider));
    let r = run(&env_plus(
        &mantle,
        &[("ANTHROPIC_MODEL", "claude-sonnet-4-5-20250929")],
    ));
    assert_eq!(r.models.main.id, "claude-sonnet-4-5-20250929");
    assert!(problem(&r, Code::ModelIdWrongProvider)
        .message
        .contains("does not offer"));
}

#[test]
fn vertex_date_forms() {
    // The small/fast variable is sent as written, so the - form reaches Vertex.
    let r = run(&env_plus(
        VERTEX,
        &[("ANTHROPIC_SMALL_FAST_MODEL", "claude-haiku-4-5-20251001")],
    ));
    let p = problem(&r, Code::VertexModelIdDateForm);
    assert!(p.help.contains("claude-haiku-4-5@20251001"), "{}", p.help);
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_SMALL_FAST_MODEL"));
    // A dated ID the catalog does not know.
    let r = run(&env_plus(
        VERTEX,
        &[("ANTHROPIC_MODEL", "claude-sonnet-4-7-20260101")],
    ));
    assert!(problem(&r, Code::VertexModelIdDateForm)
        .help
        .contains("claude-sonnet-4-7@20260101"));
    // The mapped first-party ID is fine.
    let r = run(&env_plus(
        VERTEX,
        &[("ANTHROPIC_MODEL", "claude-sonnet-4-5-20250929")],
    ));
    assert!(model_problems(&r).is_empty(), "{:#?}", r.problems);
}

#[test]
fn vertex_region_variables_are_checked() {
    let r = run(&env_plus(
        VERTEX,
        &[
            ("ANTHROPIC_MODEL", "haiku"),
            ("VERTEX_REGION_CLAUDE_HAIKU_4_5", "e-west1"),
        ],
    ));
    assert_eq!(r.models.main.region.as_deref(), Some("us-east5"));
    assert!(has(&r, Code::VertexRegionInvalid));
    let r = run(&env_plus(
        VERTEX,
        &[
            ("ANTHROPIC_MODEL", "haiku"),
            ("VERTEX_REGION_CLAUDE_HAIKU_4_5", "evil.example/x"),
        ],
    ));
    assert_eq!(r.models.main.region.as_deref(), Some("us-east5"));
    assert!(has(&r, Code::ValueUnsafe));
    // A name Claude Code does not read (the version/family order is easy to get backwards).
    let i = with_settings(
        input(VERTEX),
        SettingsScope::Project,
        json!({"env": {"VERTEX_REGION_CLAUDE_4_5_HAIKU": "europe-west1"}}),
    );
    let r = resolve(&i);
    let p = problem(&r, Code::EnvNameNearMiss);
    assert_eq!(p.help, "Rename it to VERTEX_REGION_CLAUDE_HAIKU_4_5.");
    assert_eq!(p.file.as_deref(), Some("/cfg/project.json"));
}

#[test]
fn unrecognized_models_are_noted_with_their_variable_and_file() {
    let i = with_settings(
        input(FOUNDRY),
        SettingsScope::User,
        json!({"env": {"ANTHROPIC_DEFAULT_HAIKU_MODEL": "my-haiku-deployment"}}),
    );
    let r = resolve(&i);
    let p = problem(&r, Code::ModelUnrecognized);
    assert_eq!(p.severity, Severity::Info);
    assert!(p.message.starts_with("Claude Code doesn't recognize the model \"my-haiku-deployment\", so it assumes a context window of 1m tokens"));
    assert_eq!(p.env_var.as_deref(), Some("ANTHROPIC_DEFAULT_HAIKU_MODEL"));
    assert_eq!(p.file.as_deref(), Some("/cfg/user.json"));
    assert_eq!(r.models.haiku.max_output_tokens.default, 32_000);
    // Gateway spellings containing a known name are recognized, slashes and all.
    let r = run(&env_plus(
        DIRECT,
        &[("ANTHROPIC_MODEL", "anthropic/claude-opus-4-8")],
    ));
    assert_eq!(r.models.main.id, "anthropic/claude-opus-4-8");
    assert_eq!(r.models.main.catalog_id.as_deref(), Some("claude-opus-4-8"));
    assert!(model_problems(&r).is_empty(), "{:#?}", r.problems);
}

// ---------------------------------------------------------------- unsafe values

fn assert_unusable(r: &Resolution, slot: &ModelChoice, var: &str) {
    assert!(slot.unusable, "{var}: {slot:?}");
    assert!(slot.id.is_empty());
    let p = r
        .problems
        .iter()
        .find(|p| p.code == Code::ValueUnsafe && p.env_var.as_deref() == Some(var))
        .unwrap_or_else(|| panic!("no VALUE_UNSAFE for {var}: {:#?}", r.problems));
    assert_eq!(p.severity, Severity::Error);
}

#[test]
fn url_breaking_model_ids_are_refused() {
    for bad in [
        "us.anthropic.claude-sonnet-4-6/../../evil",
        "claude-x?x=1",
        "claude-x#frag",
        "claude x",
        "claude-x\r\nHost: evil",
        "claude-x%2F..",
        "x@evil.com",
        "..",
    ] {
        let r = run(&env_plus(
            BEDROCK,
            &[("ANTHROPIC_DEFAULT_SONNET_MODEL", bad)],
        ));
        assert_unusable(&r, &r.models.sonnet, "ANTHROPIC_DEFAULT_SONNET_MODEL");
        let r = run(&env_plus(VERTEX, &[("ANTHROPIC_MODEL", bad)]));
        assert_unusable(&r, &r.models.main, "ANTHROPIC_MODEL");
    }
    // Vertex's own @version and Bedrock ARNs are allowed.
    let r = run(&env_plus(
        VERTEX,
        &[("ANTHROPIC_MODEL", "claude-haiku-4-5@20251001")],
    ));
    assert!(!r.models.main.unusable);
    // An override value goes through the same check and points at its file.
    let i = with_settings(
        input(&env_plus(
            BEDROCK,
            &[("ANTHROPIC_MODEL", "claude-opus-4-6")],
        )),
        SettingsScope::User,
        json!({"modelOverrides": {"claude-opus-4-6": "opus/../../x"}}),
    );
    let r = resolve(&i);
    assert!(r.models.main.unusable);
    let p = problem(&r, Code::ValueUnsafe);
    assert!(
        p.message.contains("modelOverrides[\"claude-opus-4-6\"]"),
        "{}",
        p.message
    );
    assert_eq!(p.file.as_deref(), Some("/cfg/user.json"));
    // In a request body only whitespace and control characters are refused.
    let r = run(&env_plus(DIRECT, &[("ANTHROPIC_MODEL", "opus 4")]));
    assert_unusable(&r, &r.models.main, "ANTHROPIC_MODEL");
    // A small/fast region that is not a bare label never reaches a host name.
    let r = run(&env_plus(
        BEDROCK,
        &[
            (
                "ANTHROPIC_DEFAULT_HAIKU_MODEL",
                "us.anthropic.claude-haiku-4-5-20251001-v1:0",
            ),
            (
                "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION",
                "us-west-2.evil.com",
            ),
        ],
    ));
    assert_eq!(r.models.small_fast.region, None);
    assert!(has(&r, Code::ValueUnsafe));
}

proptest::proptest! {
    #[test]
    fn no_value_puts_url_breaking_text_into_a_path(model in "\\PC{0,40}", pin in "[ -~]{0,30}") {
        for base in [BEDROCK, VERTEX] {
            let r = run(&env_plus(base, &[("ANTHROPIC_MODEL", &model), ("ANTHROPIC_DEFAULT_OPUS_MODEL", &pin)]));
            let m = &r.models;
            for c in [&m.main, &m.opus, &m.sonnet, &m.haiku, &m.fable, &m.small_fast] {
                let id: &str = &c.id;
                proptest::prop_assert!(!id.chars().any(|ch| ch.is_whitespace() || ch.is_control() || "?#%\\".contains(ch)), "{id:?}");
                proptest::prop_assert!(!id.contains('/') || id.starts_with("arn:"), "{id:?}");
                proptest::prop_assert!(id != ".." && id != ".");
                proptest::prop_assert_eq!(c.unusable, id.is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------- helpers the request builder uses

#[test]
fn max_tokens_override_is_clamped_to_the_model() {
    let r = run(DIRECT);
    let opus = &r.models.main;
    assert_eq!(max_tokens_for(opus, None), 128_000);
    assert_eq!(max_tokens_for(opus, Some(4096)), 4096);
    assert_eq!(max_tokens_for(opus, Some(500_000)), 128_000);
    assert_eq!(max_tokens_for(opus, Some(0)), 128_000);
    let r = run(&env_plus(
        DIRECT,
        &[("ANTHROPIC_MODEL", "my-gateway-model")],
    ));
    assert_eq!(max_tokens_for(&r.models.main, Some(64_000)), 32_000);
    let r = run(&env_plus(DIRECT, &[("ANTHROPIC_MODEL", "claude-opus-4-1")]));
    assert_eq!(max_tokens_for(&r.models.main, Some(64_000)), 32_000);
}

#[test]
fn recognize_is_public_and_strips_1m() {
    assert_eq!(
        recognize(" claude-opus-4-6[1m] ").map(|m| m.id),
        Some("claude-opus-4-6")
    );
    assert_eq!(
        recognize("us.anthropic.claude-haiku-4-5-20251001-v1:0").map(|m| m.display_name),
        Some("Haiku 4.5")
    );
    assert!(recognize("my-custom-sonnet-id").is_none());
}

#[test]
fn serialized_choice_omits_empty_fields() {
    let r = run(DIRECT);
    let v = serde_json::to_value(&r.models.main).unwrap();
    assert_eq!(v["id"], "claude-opus-5-5");
    assert_eq!(v["catalogId"], "claude-opus-5-5");
    assert_eq!(
        v["maxOutputTokens"],
        json!({"default": 128000, "upper": 128000})
    );
    assert!(v.get("unusable").is_none() && v.get("pinVar").is_none());
    let back: ModelChoice = serde_json::from_value(v).unwrap();
    assert_eq!(back, r.models.main);
}

// ---------------------------------------------------------------- values a person mistyped

/// Bedrock in eu-west-1 without a base URL: nothing stands between the value and Bedrock.
const BEDROCK_EU: &[(&str, &str)] = &[
    ("CLAUDE_CODE_USE_BEDROCK", "1"),
    ("AWS_REGION", "eu-west-1"),
    ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
    ("AWS_SECRET_ACCESS_KEY", "secret"),
];
/// The Anthropic API itself (no base URL).
const FIRST_PARTY: &[(&str, &str)] = &[("ANTHROPIC_API_KEY", "sk-test")];

/// The `MODEL_UNRECOGNIZED` problems of one variable.
fn unrecognized_for<'r>(r: &'r Resolution, var: &str) -> Vec<&'r Problem> {
    r.problems
        .iter()
        .filter(|p| p.code == Code::ModelUnrecognized && p.env_var.as_deref() == Some(var))
        .collect()
}

#[test]
fn quoted_model_values_are_reported_and_still_sent_verbatim() {
    let quoted = "'us.anthropic.claude-sonnet-4-5-20250929-v1:0'";
    for var in [
        "ANTHROPIC_MODEL",
        "ANTHROPIC_SMALL_FAST_MODEL",
        "ANTHROPIC_DEFAULT_OPUS_MODEL",
        "ANTHROPIC_DEFAULT_SONNET_MODEL",
        "ANTHROPIC_DEFAULT_HAIKU_MODEL",
        "ANTHROPIC_DEFAULT_FABLE_MODEL",
        "ANTHROPIC_DEFAULT_MODEL",
    ] {
        let r = run(&env_plus(BEDROCK_EU, &[(var, quoted)]));
        let found = unrecognized_for(&r, var);
        assert_eq!(found.len(), 1, "{var}: {:#?}", r.problems);
        let p = found[0];
        assert_eq!(p.severity, Severity::Warning, "{var}");
        assert!(p.message.contains("quotes"), "{}", p.message);
        assert_eq!(
            p.help,
            format!("Remove the quotes: {var}=us.anthropic.claude-sonnet-4-5-20250929-v1:0."),
        );
    }
    // Claude Code sends the value with its quotes (the path gets %27): so does the core.
    let r = run(&env_plus(BEDROCK_EU, &[("ANTHROPIC_MODEL", quoted)]));
    assert_eq!(r.models.main.id, quoted);
    assert!(!r.models.main.unusable);

    // First party, double quotes: the fix is the ID as written, which the API knows.
    let r = run(&env_plus(
        FIRST_PARTY,
        &[("ANTHROPIC_MODEL", "\"claude-sonnet-4-5\"")],
    ));
    assert_eq!(r.models.main.id, "\"claude-sonnet-4-5\"");
    let p = unrecognized_for(&r, "ANTHROPIC_MODEL")[0];
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(
        p.help,
        "Remove the quotes: ANTHROPIC_MODEL=claude-sonnet-4-5."
    );

    // The `model` setting, and a quoted alias.
    let i = with_settings(
        input(BEDROCK_EU),
        SettingsScope::User,
        json!({"model": "\"opus\""}),
    );
    let r = resolve(&i);
    let p = r
        .problems
        .iter()
        .find(|p| p.code == Code::ModelUnrecognized)
        .unwrap();
    assert_eq!(p.help, "Remove the quotes: \"model\": \"opus\".");
    assert_eq!(p.file.as_deref(), Some("/cfg/user.json"));

    // A quoted bare Bedrock ID: the fix is the value that works there, not the bare ID.
    let r = run(&env_plus(
        BEDROCK_EU,
        &[(
            "ANTHROPIC_MODEL",
            "'anthropic.claude-haiku-4-5-20251001-v1:0'",
        )],
    ));
    assert_eq!(
        unrecognized_for(&r, "ANTHROPIC_MODEL")[0].help,
        "Remove the quotes: ANTHROPIC_MODEL=eu.anthropic.claude-haiku-4-5-20251001-v1:0."
    );
    // A modelOverrides value.
    let i = with_settings(
        input(&env_plus(
            BEDROCK_EU,
            &[("ANTHROPIC_MODEL", "claude-opus-4-6")],
        )),
        SettingsScope::User,
        json!({"modelOverrides": {"claude-opus-4-6": "'eu.anthropic.claude-opus-4-6-v1'"}}),
    );
    let r = resolve(&i);
    let p = problem(&r, Code::ModelUnrecognized);
    assert_eq!(p.severity, Severity::Warning);
    assert!(
        p.help
            .contains("\"claude-opus-4-6\": \"eu.anthropic.claude-opus-4-6-v1\""),
        "{}",
        p.help
    );
}

#[test]
fn dotted_versions_are_not_the_older_model_and_get_the_id_meant() {
    for (value, catalog, bedrock) in [
        (
            "claude-sonnet-4.6",
            "claude-sonnet-4-6",
            "eu.anthropic.claude-sonnet-4-6",
        ),
        (
            "claude-opus-4.6",
            "claude-opus-4-6",
            "eu.anthropic.claude-opus-4-6-v1",
        ),
        (
            "claude-haiku-4.5",
            "claude-haiku-4-5",
            "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
        ),
        (
            "claude-3.5-sonnet",
            "claude-3-5-sonnet",
            "eu.anthropic.claude-3-5-sonnet-20241022-v2:0",
        ),
        (
            "sonnet-4.6",
            "claude-sonnet-4-6",
            "eu.anthropic.claude-sonnet-4-6",
        ),
    ] {
        let r = run(&env_plus(BEDROCK_EU, &[("ANTHROPIC_MODEL", value)]));
        // Not Sonnet 4 / Opus 4 by a prefix, and sent as written.
        assert_eq!(r.models.main.catalog_id, None, "{value}");
        assert_eq!(r.models.main.id, value);
        let p = unrecognized_for(&r, "ANTHROPIC_MODEL")[0];
        assert_eq!(p.severity, Severity::Warning, "{value}");
        assert!(
            p.message.contains(&format!("did you mean {catalog}")),
            "{}",
            p.message
        );
        assert!(
            p.help
                .starts_with(&format!("Set ANTHROPIC_MODEL={bedrock} ")),
            "{}",
            p.help
        );
        assert!(!p.help.contains("modelOverrides"), "{}", p.help);

        let r = run(&env_plus(FIRST_PARTY, &[("ANTHROPIC_MODEL", value)]));
        assert_eq!(r.models.main.catalog_id, None, "{value}");
        let p = unrecognized_for(&r, "ANTHROPIC_MODEL")[0];
        assert_eq!(p.severity, Severity::Warning, "{value}");
        assert!(p.message.contains(&format!("did you mean {catalog}")));
    }
    // Where the first-party ID is dated, that is what the API is given.
    let r = run(&env_plus(
        FIRST_PARTY,
        &[("ANTHROPIC_MODEL", "claude-haiku-4.5")],
    ));
    assert!(unrecognized_for(&r, "ANTHROPIC_MODEL")[0]
        .help
        .starts_with("Set ANTHROPIC_MODEL=claude-haiku-4-5-20251001 "));
}

#[test]
fn near_miss_ids_name_the_model_meant_and_custom_names_keep_the_overrides_advice() {
    // A typo: the catalog ID in the provider's form, not a modelOverrides entry pointing
    // another model at the typo.
    let r = run(&env_plus(
        BEDROCK_EU,
        &[("ANTHROPIC_MODEL", "claude-sonet-4-6")],
    ));
    let p = unrecognized_for(&r, "ANTHROPIC_MODEL")[0];
    assert_eq!(p.severity, Severity::Warning);
    assert!(p
        .message
        .contains("did you mean claude-sonnet-4-6 (Sonnet 4.6)"));
    assert_eq!(
        p.help,
        "Set ANTHROPIC_MODEL=eu.anthropic.claude-sonnet-4-6 (the Amazon Bedrock ID of Sonnet 4.6)."
    );
    let r = run(&env_plus(
        FIRST_PARTY,
        &[("ANTHROPIC_DEFAULT_OPUS_MODEL", "claude-opsu-4-8")],
    ));
    let p = unrecognized_for(&r, "ANTHROPIC_DEFAULT_OPUS_MODEL")[0];
    assert_eq!(p.help, "Set ANTHROPIC_DEFAULT_OPUS_MODEL=claude-opus-4-8.");
    // A misspelt alias where aliases are resolved.
    let r = run(&env_plus(FIRST_PARTY, &[("ANTHROPIC_MODEL", "sonet")]));
    assert_eq!(
        unrecognized_for(&r, "ANTHROPIC_MODEL")[0].help,
        "Set ANTHROPIC_MODEL=sonnet."
    );
    // Behind a gateway the typo may be the gateway's own name: a note, both ways out.
    let r = run(&env_plus(
        DIRECT,
        &[("ANTHROPIC_MODEL", "claude-sonet-4-6")],
    ));
    let p = unrecognized_for(&r, "ANTHROPIC_MODEL")[0];
    assert_eq!(p.severity, Severity::Info);
    assert!(p
        .help
        .starts_with("Set ANTHROPIC_MODEL=claude-sonnet-4-6; or,"));
    assert!(
        p.help
            .contains("(\"claude-sonnet-4-6\": \"claude-sonet-4-6\")"),
        "{}",
        p.help
    );
    // A gateway's own names, and versions the catalog does not have, keep Claude Code's note
    // and the modelOverrides advice.
    for (base, custom) in [
        (DIRECT, "my-claude"),
        (DIRECT, "openai/gpt-4o"),
        (FIRST_PARTY, "claude-opus-4-9"),
        (FOUNDRY, "my-opus-deployment"),
    ] {
        let r = run(&env_plus(base, &[("ANTHROPIC_MODEL", custom)]));
        let p = unrecognized_for(&r, "ANTHROPIC_MODEL")[0];
        assert_eq!(p.severity, Severity::Info, "{custom}");
        assert!(!p.message.contains("did you mean"), "{}", p.message);
        assert!(p.help.contains("modelOverrides"), "{}", p.help);
    }
}

#[test]
fn deprecated_small_fast_model_suggests_the_value_that_works_on_the_provider() {
    let r = run(&env_plus(
        BEDROCK_EU,
        &[(
            "ANTHROPIC_SMALL_FAST_MODEL",
            "anthropic.claude-3-5-haiku-20241022-v1:0",
        )],
    ));
    let profile = "eu.anthropic.claude-3-5-haiku-20241022-v1:0";
    assert!(problem(&r, Code::BedrockModelNeedsInferenceProfile)
        .help
        .contains(&format!("{profile:?}")));
    assert_eq!(
        problem(&r, Code::VarDeprecated).help,
        format!("Set ANTHROPIC_DEFAULT_HAIKU_MODEL={profile} instead (it also sets what the haiku alias resolves to).")
    );
    // A value that already works there is kept as written (with its [1m]).
    let r = run(&env_plus(
        BEDROCK_EU,
        &[(
            "ANTHROPIC_SMALL_FAST_MODEL",
            "eu.anthropic.claude-haiku-4-5-20251001-v1:0[1m]",
        )],
    ));
    assert!(problem(&r, Code::VarDeprecated).help.starts_with(
        "Set ANTHROPIC_DEFAULT_HAIKU_MODEL=eu.anthropic.claude-haiku-4-5-20251001-v1:0[1m] "
    ));
    // Quoted, or mistyped: what it should have been.
    let r = run(&env_plus(
        BEDROCK_EU,
        &[("ANTHROPIC_SMALL_FAST_MODEL", "\"claude-haiku-4.5\"")],
    ));
    assert!(problem(&r, Code::VarDeprecated).help.starts_with(
        "Set ANTHROPIC_DEFAULT_HAIKU_MODEL=eu.anthropic.claude-haiku-4-5-20251001-v1:0 "
    ));
}

#[test]
fn correct_ids_get_no_quote_or_near_miss_finding() {
    use claude_provider_core::models::catalog::MODELS;
    let arn = "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123xyz";
    use claude_provider_core::models::schema::Column;
    let providers = [
        (BEDROCK_EU, Column::Bedrock),
        (VERTEX, Column::Vertex),
        (FIRST_PARTY, Column::FirstParty),
        (FOUNDRY, Column::Foundry),
    ];
    for (base, column) in providers {
        for m in MODELS {
            let Some(native) = m.provider_ids.get(column) else {
                continue;
            };
            let mut values = vec![native.to_owned(), format!("{native}[1m]")];
            if base == BEDROCK_EU {
                // Every geo's profile (the region check has its own code), and the catalog ID.
                let rest = native.split_once('.').unwrap().1;
                for geo in ["eu", "global", "us", "apac"] {
                    values.push(format!("{geo}.{rest}"));
                }
                values.push(arn.to_owned());
                values.push(m.id.to_owned());
            }
            for v in values {
                for var in ["ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL"] {
                    let r = run(&env_plus(base, &[(var, &v)]));
                    assert!(
                        unrecognized_for(&r, var).is_empty(),
                        "{var}={v}: {:#?}",
                        r.problems
                    );
                }
            }
        }
    }
}

/// A gateway's own model name: the modelOverrides example is keyed by the family its name says
/// (a Haiku deployment is not mapped as Opus), or is a placeholder when the name says none.
#[test]
fn unrecognized_gateway_names_get_an_override_example_of_their_family() {
    let fix_for = |model: &str| {
        let r = run(&[
            ("ANTHROPIC_BASE_URL", "http://localhost:4000"),
            ("ANTHROPIC_AUTH_TOKEN", "t"),
            ("ANTHROPIC_MODEL", model),
        ]);
        problem(&r, Code::ModelUnrecognized).help.clone()
    };
    let haiku = fix_for("claude-haiku-litellm");
    assert!(
        haiku.contains("(\"claude-haiku-")
            && haiku.contains("\": \"claude-haiku-litellm\" if it serves Haiku "),
        "{haiku}"
    );
    assert!(!haiku.contains("opus"), "{haiku}");
    let other = fix_for("team-default-model");
    assert!(
        other.contains("\"<the Claude model ID it serves, such as claude-sonnet-"),
        "{other}"
    );
    assert!(other.contains(">\": \"team-default-model\""), "{other}");
}

// ---------------------------------------------------------------- subagents

#[test]
fn subagent_model_resolves_like_the_main_model() {
    // Unset or `inherit`: subagents use the main model, and there is no slot of their own.
    assert_eq!(run(BEDROCK).models.subagent, None);
    let r = run(&env_plus(
        BEDROCK,
        &[("CLAUDE_CODE_SUBAGENT_MODEL", "inherit")],
    ));
    assert_eq!(r.models.subagent, None);
    // An alias follows its pin, as on the main model (issue #14646: `sonnet` in a subagent).
    let r = run(&env_plus(
        VERTEX,
        &[
            ("CLAUDE_CODE_SUBAGENT_MODEL", "sonnet"),
            (
                "ANTHROPIC_DEFAULT_SONNET_MODEL",
                "claude-sonnet-4-5@20250929",
            ),
        ],
    ));
    let s = r.models.subagent.expect("a subagent slot");
    assert_eq!(s.id, "claude-sonnet-4-5@20250929");
    assert_eq!(s.requested, "sonnet");
    assert_eq!(s.env_var.as_deref(), Some("CLAUDE_CODE_SUBAGENT_MODEL"));
    assert_eq!(s.pin_var.as_deref(), Some("ANTHROPIC_DEFAULT_SONNET_MODEL"));
    // An Anthropic ID maps to the provider's ID on Bedrock, with the region's prefix.
    let r = run(&env_plus(
        BEDROCK,
        &[
            ("AWS_REGION", "eu-west-1"),
            ("CLAUDE_CODE_SUBAGENT_MODEL", "claude-haiku-4-5"),
        ],
    ));
    let s = r.models.subagent.expect("a subagent slot");
    assert_eq!(s.id, "eu.anthropic.claude-haiku-4-5-20251001-v1:0");
    assert_eq!(s.catalog_id.as_deref(), Some("claude-haiku-4-5"));
    // A mistyped ID gets the same finding as on ANTHROPIC_MODEL, pointed at this variable.
    let r = run(&env_plus(
        BEDROCK,
        &[("CLAUDE_CODE_SUBAGENT_MODEL", "claude-sonet-4-5")],
    ));
    let p = r
        .problems
        .iter()
        .find(|p| p.env_var.as_deref() == Some("CLAUDE_CODE_SUBAGENT_MODEL"))
        .expect("a problem naming CLAUDE_CODE_SUBAGENT_MODEL");
    assert!(p.help.contains("claude-sonnet-4-5"), "{}", p.help);
    // A value that would change the request URL is not used.
    let r = run(&env_plus(
        VERTEX,
        &[("CLAUDE_CODE_SUBAGENT_MODEL", "claude-sonnet-4-5/../x")],
    ));
    assert!(r.models.subagent.as_ref().expect("a slot").unusable);
    assert!(has(&r, Code::ValueUnsafe));
}

//! `cargo bench --bench resolve`: time to resolve a typical configuration (target < 5 µs).

use claude_provider_core::env::{SettingsLayer, SettingsScope};
use claude_provider_core::{resolve, ConfigInput};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// A realistic machine: ~40 unrelated process variables, a Bedrock setup split between the
/// shell and two settings files.
pub fn bedrock_input() -> ConfigInput {
    let mut i = ConfigInput::default();
    for n in 0..40 {
        i.process_env
            .insert(format!("UNRELATED_VAR_{n}"), format!("value-{n}"));
    }
    for (k, v) in [
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("HOME", "/home/dev"),
        ("AWS_PROFILE", "dev"),
        ("AWS_REGION", "us-west-2"),
        ("HTTPS_PROXY", "http://proxy.corp:3128"),
        ("NO_PROXY", "localhost,127.0.0.1,.corp"),
    ] {
        i.process_env.insert(k.into(), v.into());
    }
    i.settings.push(SettingsLayer {
        scope: SettingsScope::User,
        path: Some("/home/dev/.claude/settings.json".into()),
        settings: serde_json::json!({"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "ANTHROPIC_MODEL": "opus"}, "awsAuthRefresh": "aws sso login --profile dev"}),
    });
    i.settings.push(SettingsLayer {
        scope: SettingsScope::Project,
        path: Some("/repo/.claude/settings.json".into()),
        settings: serde_json::json!({"env": {"ANTHROPIC_DEFAULT_HAIKU_MODEL": "us.anthropic.claude-haiku-4-5-20251001-v1:0"}}),
    });
    i
}

fn bench(c: &mut Criterion) {
    let input = bedrock_input();
    c.bench_function("resolve/bedrock-profile-two-settings-layers", |b| {
        b.iter(|| resolve(black_box(&input)))
    });
    let mut first_party = ConfigInput::default();
    first_party
        .process_env
        .insert("ANTHROPIC_API_KEY".into(), "sk-ant-api03-bench".into());
    c.bench_function("resolve/anthropic-api-key", |b| {
        b.iter(|| resolve(black_box(&first_party)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

#![no_main]
//! `resolve` on an arbitrary environment, settings layers and home files: never panics.

use arbitrary::Arbitrary;
use claude_provider_core::env::{ConfigInput, HomeFiles, SettingsLayer, SettingsScope, TextFile};
use claude_provider_core::vars::KNOWN;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Name {
    /// A variable Claude Code reads (so the fuzzer reaches the real rules).
    Known(u16),
    Any(String),
}

impl Name {
    fn get(&self) -> String {
        match self {
            Name::Known(i) => KNOWN[*i as usize % KNOWN.len()].0.to_owned(),
            Name::Any(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Layer {
    scope: u8,
    env: Vec<(Name, String)>,
    /// Raw settings JSON, used instead of `env` when it parses.
    raw: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    env: Vec<(Name, String)>,
    settings: Vec<Layer>,
    aws_config: Option<String>,
    aws_credentials: Option<String>,
}

const SCOPES: [SettingsScope; 5] = [
    SettingsScope::User,
    SettingsScope::Project,
    SettingsScope::Local,
    SettingsScope::Cli,
    SettingsScope::Managed,
];

fuzz_target!(|input: Input| {
    let mut c = ConfigInput::default();
    for (k, v) in &input.env {
        c.process_env.insert(k.get(), v.clone());
    }
    for l in &input.settings {
        let settings = match l
            .raw
            .as_deref()
            .map(serde_json::from_str::<serde_json::Value>)
        {
            Some(Ok(v)) => v,
            _ => {
                let env: serde_json::Map<String, serde_json::Value> = l
                    .env
                    .iter()
                    .map(|(k, v)| (k.get(), v.clone().into()))
                    .collect();
                serde_json::json!({ "env": env })
            }
        };
        c.settings.push(SettingsLayer {
            scope: SCOPES[l.scope as usize % SCOPES.len()],
            path: Some("/fuzz/settings.json".into()),
            settings,
        });
    }
    let file = |t: &Option<String>, p: &str| {
        t.clone().map(|text| TextFile {
            path: p.into(),
            text,
        })
    };
    c.home = HomeFiles {
        aws_config: file(&input.aws_config, "/fuzz/.aws/config"),
        aws_credentials: file(&input.aws_credentials, "/fuzz/.aws/credentials"),
    };
    let r = claude_provider_core::resolve(&c);
    let _ = serde_json::to_string(&r);
});

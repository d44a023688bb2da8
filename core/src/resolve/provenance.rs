//! Where each value came from: the variable report, settings-shape checks, shadowing
//! warnings, and the credential commands settings ask the runtime to run.

use crate::auth::CredentialStep;
use crate::env::{Env, LayerRef, Source, SourceRef, Var};
use crate::problem::{Code, Problem};
use crate::vars;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A value that lost to a higher-precedence one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Overridden {
    pub value: String,
    pub source: Source,
}

/// One variable as Claude Code sees it. Secret values are shown as a hint only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ResolvedVar {
    // Borrowed from the registry (`vars::KNOWN`): every reported name is in it.
    pub name: Cow<'static, str>,
    /// The effective value as safe to display (secrets hinted, URL credentials masked).
    pub value: String,
    pub secret: bool,
    pub source: Source,
    /// A blank value: set, but counts as unset.
    pub blank: bool,
    /// Lower-precedence values it overrides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Overridden>,
}

/// The report of every known variable that is set anywhere; warns when settings shadow the shell.
pub fn resolved_vars(env: &Env<'_>, problems: &mut Vec<Problem>) -> Vec<ResolvedVar> {
    // Only the known variables that are set somewhere, in the registry's order: a bit per
    // registry entry, and each one's effective entry (so no second lookup by name).
    let mut present = [0u64; vars::KNOWN.len().div_ceil(64)];
    let mut entries: [Option<(&Var<'_>, bool)>; vars::KNOWN.len()] = [None; vars::KNOWN.len()];
    let mut count = 0;
    for (i, v, hides) in env.known_vars() {
        present[i / 64] |= 1 << (i % 64);
        entries[i] = Some((v, hides));
        count += 1;
    }
    let mut out = Vec::with_capacity(count);
    let set = present.iter().enumerate().flat_map(|(w, &bits)| {
        let mut bits = bits;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                w * 64 + b
            })
        })
    });
    for i in set {
        let (name, kind) = &vars::KNOWN[i];
        let Some((&top, hides)) = entries[i] else {
            continue;
        };
        // Only a value that hides another overrides anything (never one from the process env,
        // the lowest layer): the others need no second look at the layers.
        let below = hides.then(|| env.values(name).skip(1));
        let mut shell = None;
        let overrides: Vec<Overridden> = below
            .into_iter()
            .flatten()
            .inspect(|v| {
                if v.source == SourceRef::Process {
                    shell = Some(*v);
                }
            })
            .map(|v| Overridden {
                value: vars::display_as(name, *kind, v.raw),
                source: v.source.to_source(),
            })
            .collect();
        if let (SourceRef::Settings(layer), Some(shell)) = (top.source, shell) {
            if shell.raw != top.raw {
                problems.push(
                    Problem::warning(
                        Code::SettingsShadowsShell,
                        format!(
                            "{name} is {} in your shell but {} in {} settings, and the settings value wins.",
                            quoted(&vars::display_as(name, *kind, shell.raw)),
                            quoted(&vars::display_as(name, *kind, top.raw)),
                            layer.scope.as_str()
                        ),
                        format!("If you meant the shell value, remove {name} from the settings file's env block."),
                    )
                    .with_var(*name)
                    .with_file(layer.path.as_deref()),
                );
            }
        }
        out.push(ResolvedVar {
            name: Cow::Borrowed(name),
            value: vars::display_as(name, *kind, top.raw),
            secret: *kind != vars::Kind::Plain,
            source: top.source.to_source(),
            blank: top.raw.trim().is_empty(),
            overrides,
        });
    }
    out
}

fn quoted(v: &str) -> String {
    if v.is_empty() {
        "empty".to_owned()
    } else {
        format!("{v:?}")
    }
}

/// Settings files must be objects whose `env` maps names to strings.
pub fn check_settings_shapes(env: &Env<'_>, problems: &mut Vec<Problem>) {
    // Each layer's `env` object was looked up once for the resolution: no lookup again here.
    for &LayerRef {
        layer,
        env: env_map,
    } in env.layer_refs()
    {
        let file = layer.path.as_deref();
        let Some(obj) = layer.settings.as_object() else {
            problems.push(
                Problem::error(
                    Code::SettingsInvalid,
                    format!(
                        "The {} settings file is not a JSON object.",
                        layer.scope.as_str()
                    ),
                    "Make the file a JSON object: { \"env\": { … } }.",
                )
                .with_file(file),
            );
            continue;
        };
        match env_map {
            Some(map) => {
                for (k, v) in map {
                    if !v.is_string() {
                        problems.push(
                            Problem::error(
                                Code::SettingsInvalid,
                                format!("env.{k} in the {} settings file is {}, not a string. Claude Code expects strings (version 2.1.94 stopped with \"toLowerCase is not a function\" on a number, anthropics/claude-code#45494); it is not counted here.", layer.scope.as_str(), json_kind(v)),
                                // Only a number or boolean of a variable that is not secret is
                                // echoed (as the text to quote); anything else may hold a secret.
                                if (v.is_number() || v.is_boolean())
                                    && crate::vars::kind(k) == crate::vars::Kind::Plain
                                {
                                    // serde_json::to_string: Value's Display text (`{v}`)
                                    // without its fmt::Formatter serializers in the .wasm.
                                    let v = serde_json::to_string(v).unwrap_or_default();
                                    format!("Quote the value: \"{k}\": \"{v}\".")
                                } else {
                                    format!("Quote the value: \"{k}\": \"<the value>\".")
                                },
                            )
                            .with_var(k.as_str())
                            .with_file(file),
                        );
                    }
                }
            }
            // Not an object (or absent).
            None => {
                if let Some(other) = obj.get("env") {
                    problems.push(
                        Problem::error(
                            Code::SettingsInvalid,
                            format!("`env` in the {} settings file is {}, not an object.", layer.scope.as_str(), json_kind(other)),
                            "Make `env` an object of string values: \"env\": { \"AWS_REGION\": \"us-east-1\" }.",
                        )
                        .with_file(file),
                    );
                }
            }
        }
        if matches!(
            layer.scope,
            crate::env::SettingsScope::Project | crate::env::SettingsScope::Local
        ) {
            if let Some(map) = env_map {
                for k in map.keys() {
                    let ignored =
                        k == "CLAUDE_CODE_PROCESS_WRAPPER" || k.starts_with("CLAUDE_CODE_SYNC_");
                    if ignored {
                        problems.push(
                            Problem::warning(
                                Code::SettingsEnvIgnored,
                                format!("{k} cannot be set from {} settings; Claude Code ignores it there.", layer.scope.as_str()),
                                format!("Set {k} in your user settings (~/.claude/settings.json) or the shell."),
                            )
                            .with_var(k.as_str())
                            .with_file(file),
                        );
                    }
                }
            }
        }
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The settings keys that name credential commands, and when the runtime runs each.
const CREDENTIAL_KEYS: [(&str, &str); 5] = [
    ("apiKeyHelper", "ttl"),
    ("awsCredentialExport", "start"),
    ("awsAuthRefresh", "expired"),
    ("gcpAuthRefresh", "expired"),
    ("otelHeadersHelper", "start"),
];

/// The settings commands the runtime must run, with when to run them.
pub fn credential_steps(env: &Env<'_>) -> Vec<CredentialStep> {
    let ttl = env
        .get("CLAUDE_CODE_API_KEY_HELPER_TTL_MS")
        .and_then(|v| v.trim().parse::<u64>().ok())
        // The largest integer a JS number holds exactly: the TTL crosses into JS as one.
        .map(|ms| ms.min(9_007_199_254_740_991));
    // Each key's value in the highest layer that has it (as `Env::setting`), in one pass over
    // each layer's keys: five lookups per layer were most of this function.
    let mut found = [None; CREDENTIAL_KEYS.len()];
    for layer in env.layers() {
        for (k, v) in layer.settings.as_object().into_iter().flatten() {
            if let Some(i) = CREDENTIAL_KEYS.iter().position(|(key, _)| key == k) {
                found[i].get_or_insert((v, layer));
            }
        }
    }
    let mut out = Vec::new();
    for ((key, when), f) in CREDENTIAL_KEYS.into_iter().zip(found) {
        if let Some((v, layer)) = f {
            if let Some(cmd) = v.as_str().filter(|s| !s.trim().is_empty()) {
                out.push(CredentialStep {
                    key: Cow::Borrowed(key),
                    command: crate::auth::CommandLine(cmd.to_owned()),
                    source: layer.source(),
                    when: Cow::Borrowed(when),
                    ttl_ms: if key == "apiKeyHelper" { ttl } else { None },
                });
            }
        }
    }
    out
}

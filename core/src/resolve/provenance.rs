//! Where each value came from: the variable report, settings-shape checks, shadowing
//! warnings, and the credential commands settings ask the runtime to run.

use crate::auth::CredentialStep;
use crate::env::{Env, LayerRef, SettingsLayer, Source, SourceRef, Var};
use crate::problem::{Code, Problem, Severity};
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
            // An empty provider selector in settings is the documented way to cancel the shell's
            // export (what a provider switch writes): deliberate, said as a note, not a mistake.
            let selector = crate::provider::SELECTORS.iter().any(|(s, _)| s == name);
            if selector && top.raw.trim().is_empty() {
                if crate::env::truthy(shell.raw) == Some(true) {
                    let at = match &layer.path {
                        Some(p) => format!("{p} ({} settings)", layer.scope.as_str()),
                        None => format!("the {} settings file", layer.scope.as_str()),
                    };
                    problems.push(
                        Problem::info(
                            Code::SettingsShadowsShell,
                            format!("{name} is {} in your shell, and switched off by the empty value in {at}: Claude Code does not select that provider from the shell.", quoted(&vars::display_as(name, *kind, shell.raw))),
                            format!("Nothing to change if that is meant (an empty value in a settings env block cancels a shell export). To use the shell's {name} again, remove it from that file's env block."),
                        )
                        .with_var(*name)
                        .with_file(layer.path.as_deref()),
                    );
                }
            } else if shell.raw != top.raw {
                // Every settings file with another value than the shell's: removing the name
                // from the top one only lets the next one win.
                let files: Vec<String> = std::iter::once(top)
                    .chain(env.values(name).skip(1))
                    .filter_map(|v| match v.source {
                        SourceRef::Settings(l) if v.raw != shell.raw => Some(match &l.path {
                            Some(p) => format!("{p} ({} settings)", l.scope.as_str()),
                            None => format!("the {} settings file", l.scope.as_str()),
                        }),
                        _ => None,
                    })
                    .collect();
                let help = match files.as_slice() {
                    [one] => format!("If you meant the shell value, remove {name} from the env block of {one}."),
                    many => format!(
                        "If you meant the shell value, remove {name} from the env block of every settings file that sets it: {}. Removing it from only the first lets the next one win.",
                        many.join(", ")
                    ),
                };
                problems.push(
                    Problem::warning(
                        Code::SettingsShadowsShell,
                        format!(
                            "{name} is {} in your shell but {} in {} settings, and the settings value wins.",
                            quoted(&vars::display_as(name, *kind, shell.raw)),
                            quoted(&vars::display_as(name, *kind, top.raw)),
                            layer.scope.as_str()
                        ),
                        help,
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
                    env_key_shape(layer, k, map, problems);
                    if layer.scope == crate::env::SettingsScope::Project {
                        secret_in_project(layer, k, v, problems);
                    }
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
        vars_outside_env(layer, obj, env_map, problems);
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

/// Is a variable that Claude Code ignores worth an error: a provider selector or a credential
/// it reads (the provider silently is not selected, or requests go out without the key)?
fn ignored_severity(name: &str) -> Severity {
    let selector = crate::provider::SELECTORS.iter().any(|(s, _)| *s == name);
    let credential = vars::index_of(name).is_some() && vars::kind(name) == vars::Kind::Secret;
    if selector || credential {
        Severity::Error
    } else {
        Severity::Warning
    }
}

/// The name a settings `env` key was meant to be, when it is written as a shell line would
/// be: an `export ` prefix, spaces around it, or a whole `NAME=value` assignment. `None` for a
/// key written as a bare name. The second value: the key holds a value (`=`), which is not
/// echoed (it may be a secret).
fn intended_name(key: &str) -> Option<(&str, bool)> {
    let first = *key.as_bytes().first()?;
    let last = *key.as_bytes().last()?;
    if !(first.is_ascii_whitespace()
        || last.is_ascii_whitespace()
        || key.starts_with("export")
        || key.contains('='))
    {
        return None;
    }
    let mut name = key.trim();
    if let Some(rest) = name.strip_prefix("export") {
        if rest.starts_with(|c: char| c.is_ascii_whitespace()) {
            name = rest.trim_start();
        }
    }
    let assignment = name.split_once('=');
    if let Some((n, _)) = assignment {
        name = n.trim_end();
    }
    let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (valid && name != key).then_some((name, assignment.is_some()))
}

/// SETTINGS_ENV_KEY_INVALID: an `env` key copied from a shell block (`"export AWS_REGION"`) or
/// with spaces around it. Claude Code sets a variable under that exact name, which nothing reads.
fn env_key_shape(
    layer: &SettingsLayer,
    key: &str,
    map: &serde_json::Map<String, serde_json::Value>,
    problems: &mut Vec<Problem>,
) {
    let Some((name, assignment)) = intended_name(key) else {
        return;
    };
    let scope = layer.scope.as_str();
    // A key with `=` holds the value too: it is named by the name alone.
    let shown = if assignment {
        format!("\"{name}=…\"")
    } else {
        format!("{key:?}")
    };
    let (what, fix) = if map.contains_key(name) {
        (
            if assignment {
                "a whole NAME=value assignment"
            } else {
                "not a bare variable name"
            },
            format!("Remove {shown}: the block also sets \"{name}\", which is the entry Claude Code reads."),
        )
    } else if assignment {
        (
            "a whole NAME=value assignment",
            format!("Write it as \"{name}\": \"<the value>\" inside \"env\" (the name as the key, the value as its string)."),
        )
    } else if key.trim_start().starts_with("export") {
        (
            "a shell `export` line",
            format!("Rename {shown} to \"{name}\": settings env keys are bare variable names."),
        )
    } else {
        (
            "a name with spaces around it",
            format!("Rename {shown} to \"{name}\" (no spaces inside the quotes)."),
        )
    };
    problems.push(
        Problem::new(
            Code::SettingsEnvKeyInvalid,
            ignored_severity(name),
            format!("The env key {shown} in the {scope} settings file is {what}: Claude Code sets a variable with that exact name, so {name} is not set from this file."),
            fix,
        )
        .with_var(if assignment { name } else { key })
        .with_file(layer.path.as_deref()),
    );
}

/// The names people give the `env` block that Claude Code does not read (lowercase).
const ENV_BLOCK_NAMES: [&str; 9] = [
    "envs",
    "environment",
    "environments",
    "environmentvariables",
    "environment_variables",
    "env_vars",
    "envvars",
    "env_variables",
    "variables",
];

/// SETTINGS_VAR_OUTSIDE_ENV: variables Claude Code reads written as top-level settings keys,
/// and a block of variables named other than `env` (`environment`, `Env`, `ENV`…). Claude
/// Code copies only `env` into its environment. Other top-level keys (`model`,
/// `apiKeyHelper`, `permissions`…) are settings of their own and are left alone.
fn vars_outside_env(
    layer: &SettingsLayer,
    obj: &serde_json::Map<String, serde_json::Value>,
    env_map: Option<&serde_json::Map<String, serde_json::Value>>,
    problems: &mut Vec<Problem>,
) {
    let scope = layer.scope.as_str();
    let file = layer.path.as_deref();
    for (k, v) in obj {
        if k == "env" {
            continue;
        }
        if let Some(block) = v.as_object() {
            let lower = k.to_ascii_lowercase();
            let named_env = lower == "env" || ENV_BLOCK_NAMES.contains(&lower.as_str());
            // `variables` and the like only when they hold a variable Claude Code reads.
            let known: Vec<&str> = block
                .keys()
                .map(|n| intended_name(n).map_or(n.as_str(), |(n, _)| n))
                .filter(|n| vars::index_of(n).is_some())
                .collect();
            if !named_env || (lower == "variables" && known.is_empty()) {
                continue;
            }
            let severity = known
                .iter()
                .map(|n| ignored_severity(n))
                .max()
                .unwrap_or(Severity::Warning);
            let listed = if known.is_empty() {
                "its variables are".to_owned()
            } else {
                format!(
                    "{} {}",
                    known.join(", "),
                    if known.len() == 1 { "is" } else { "are" }
                )
            };
            let fix = if obj.contains_key("env") {
                format!("Move the entries of \"{k}\" into the \"env\" block, then remove \"{k}\".")
            } else {
                format!("Rename \"{k}\" to \"env\" (lower case, exactly).")
            };
            problems.push(
                Problem::new(
                    Code::SettingsVarOutsideEnv,
                    severity,
                    format!("\"{k}\" in the {scope} settings file is not read: Claude Code takes variables only from the block named \"env\", so {listed} not set from this file."),
                    fix,
                )
                .with_var(k.as_str())
                .with_file(file),
            );
            continue;
        }
        // Only a variable Claude Code reads: other top-level keys (`model`, `permissions`…)
        // are settings of their own (and fail `index_of`'s first-byte filter, no hashing).
        if vars::index_of(k).is_none() {
            continue;
        }
        if layer.scope == crate::env::SettingsScope::Project {
            secret_in_project(layer, k, v, problems);
        }
        let in_env = env_map.is_some_and(|m| m.contains_key(k.as_str()));
        let fix = if in_env {
            format!("Remove the top-level \"{k}\": the \"env\" block already sets it (and that value is the one used).")
        } else if env_map.is_some() {
            format!("Move \"{k}\" into the existing \"env\" block: \"env\": {{ \"{k}\": … }}.")
        } else {
            format!("Move \"{k}\" into an \"env\" block: {{ \"env\": {{ \"{k}\": … }} }}.")
        };
        problems.push(
            Problem::new(
                Code::SettingsVarOutsideEnv,
                ignored_severity(k),
                format!("{k} is a top-level key in the {scope} settings file, outside \"env\": Claude Code reads variables only from the \"env\" block, so it ignores this one."),
                fix,
            )
            .with_var(k.as_str())
            .with_file(file),
        );
    }
}

/// SECRET_IN_PROJECT_SETTINGS: a secret in `<project>/.claude/settings.json`, the settings file
/// that is shared with the repository. A known secret variable with a value, or any variable
/// whose name looks secret and whose value has a provider credential's shape. The value is
/// never shown.
fn secret_in_project(
    layer: &SettingsLayer,
    name: &str,
    value: &serde_json::Value,
    problems: &mut Vec<Problem>,
) {
    let Some(value) = value.as_str().filter(|v| !v.trim().is_empty()) else {
        return;
    };
    let secret = match vars::index_of(name) {
        // Custom headers are often plain (`X-Team: …`, `x-portkey-provider: anthropic`): only
        // a credential header's name or a credential-shaped value counts.
        Some(_) if name == "ANTHROPIC_CUSTOM_HEADERS" => value.lines().any(|line| {
            let (header, v) = line.split_once(':').unwrap_or((line, ""));
            crate::headers::is_credential_header_name(header)
                || crate::secret::credential_shape(v.trim()).is_some()
        }),
        Some(_) => vars::kind(name) == vars::Kind::Secret,
        None => {
            vars::kind(name) == vars::Kind::Secret
                && crate::secret::credential_shape(value).is_some()
        }
    };
    let file = layer.path.as_deref();
    // Set both in `env` and as a top-level key: one problem for the variable.
    let reported = || {
        problems.iter().any(|p| {
            p.code == Code::SecretInProjectSettings
                && p.env_var.as_deref() == Some(name)
                && p.file.as_deref() == file
        })
    };
    if !secret || reported() {
        return;
    }
    problems.push(
        Problem::warning(
            Code::SecretInProjectSettings,
            format!("{name} holds a secret in the project settings file{}, which is meant to be committed and shared with everyone who clones the repository.", file.map(|f| format!(" ({f})")).unwrap_or_default()),
            format!("Move {name} to .claude/settings.local.json (git-ignored), to your user settings (~/.claude/settings.json) or to the shell, and remove it from .claude/settings.json. If the file was ever committed or pushed, rotate the secret: it is in the repository's history."),
        )
        .with_var(name)
        .with_file(file),
    );
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

/// When a credential command runs, in words.
fn runs_in_words(when: &str, ttl_ms: Option<u64>) -> Cow<'static, str> {
    match (when, ttl_ms) {
        ("start", _) => Cow::Borrowed("runs at start-up"),
        ("expired", _) => Cow::Borrowed("runs when credentials expire or are rejected"),
        ("ttl", Some(ms)) => format!(
            "runs at start-up and again each time its TTL ({}) expires",
            duration_in_words(ms)
        )
        .into(),
        _ => Cow::Borrowed("runs at start-up and again when its TTL expires"),
    }
}

/// `300000` -> `5 minutes`, `1500` -> `1500 ms`: the largest whole unit.
fn duration_in_words(ms: u64) -> String {
    let (n, unit) = match ms {
        0 => (0, "ms"),
        _ if ms % 3_600_000 == 0 => (ms / 3_600_000, "hour"),
        _ if ms % 60_000 == 0 => (ms / 60_000, "minute"),
        _ if ms % 1_000 == 0 => (ms / 1_000, "second"),
        _ => (ms, "ms"),
    };
    let s = if n != 1 && unit != "ms" { "s" } else { "" };
    format!("{n} {unit}{s}")
}

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
                let ttl_ms = if key == "apiKeyHelper" { ttl } else { None };
                out.push(CredentialStep {
                    key: Cow::Borrowed(key),
                    command: crate::auth::CommandLine(cmd.to_owned()),
                    source: layer.source(),
                    when: Cow::Borrowed(when),
                    ttl_ms,
                    runs: runs_in_words(when, ttl_ms),
                });
            }
        }
    }
    out
}

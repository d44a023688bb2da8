//! Configuration snippets for a resolved setup: the `~/.claude/settings.json` block and the
//! `devcontainer.json` fragment that reproduce it, without ever copying a secret value.
//!
//! * Settings: every variable that is set and matters for the chosen provider goes in `env`
//!   (the losing `CLAUDE_CODE_USE_*` selectors and the first-party variables a cloud provider
//!   ignores are left out), plus the credential commands (`awsAuthRefresh`, `apiKeyHelper`…).
//!   Secrets (keys, tokens, URLs with a password) are left out and listed in `secret_vars`.
//! * Devcontainer: the same variables in `containerEnv`; secrets are passed through from the
//!   host with `${localEnv:NAME}`; the credential directory the auth plan reads (`~/.aws`,
//!   `~/.config/gcloud`, `~/.azure`) is bind-mounted.

use crate::auth::{AuthMethod, AwsCredentialSource};
use crate::env::{ConfigInput, EnvOrder};
use crate::problem::Code;
use crate::provider::ProviderId;
use crate::resolve::{resolve_env, Resolution};
use crate::vars::{self, Kind};
use serde::{Deserialize, Serialize};

/// Snippets that reproduce a configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConfigSnippets {
    /// `~/.claude/settings.json` content (pretty JSON): `env` and the credential commands.
    pub settings_json: String,
    /// A `.devcontainer/devcontainer.json` fragment (pretty JSON): `containerEnv` and `mounts`.
    pub devcontainer_json: String,
    /// Variables left out of the settings block because their values are secret.
    pub secret_vars: Vec<String>,
    /// What to know when using the snippets.
    pub notes: Vec<String>,
}

/// Goes with a secret: never written into a file on its own.
const CREDENTIAL_COMPANIONS: &[&str] = &["AWS_ACCESS_KEY_ID"];
/// Variables that hold paths on the host.
const PATH_VARS: &[&str] = &[
    "NODE_EXTRA_CA_CERTS",
    "CLAUDE_CODE_CLIENT_CERT",
    "CLAUDE_CODE_CLIENT_KEY",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "GOOGLE_APPLICATION_CREDENTIALS",
];

/// The snippets for `input`.
pub fn config_snippets(input: &ConfigInput) -> ConfigSnippets {
    let order = EnvOrder::new(input);
    let env = order.env();
    let r = resolve_env(&env);
    let raw = |name: &str| env.var(name).map(|v| v.raw.trim().to_owned());
    snippets_with(&r, &raw)
}

fn snippets_with(r: &Resolution, raw: &dyn Fn(&str) -> Option<String>) -> ConfigSnippets {
    let selector = r.selected_by.as_ref().and_then(|s| s.env_var.as_deref());
    let first_party_ignored = r.provider != ProviderId::Anthropic
        && r.problems
            .iter()
            .any(|p| p.code == Code::FirstPartyVarsIgnored);
    let mut plain: Vec<(String, String)> = Vec::new();
    let mut secret_vars: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut host_paths: Vec<String> = Vec::new();
    for v in &r.vars {
        let name: &str = &v.name;
        if v.blank
            || (name.starts_with("CLAUDE_CODE_USE_") && Some(name) != selector)
            || (first_party_ignored && matches!(name, "ANTHROPIC_API_KEY" | "ANTHROPIC_BASE_URL"))
        {
            continue;
        }
        // None for a credential pasted into a plain variable (CREDENTIAL_IN_PLAIN_VARIABLE):
        // `Env::var` hides it, so it is left out rather than carried into a container.
        let Some(value) = raw(name) else { continue };
        let secret = match vars::kind(name) {
            Kind::Secret => true,
            Kind::UrlWithCredentials => vars::mask_url_credentials(&value) != value,
            Kind::ProxyUrl => vars::mask_proxy_url(&value) != value,
            Kind::Command => vars::command_hides_credential(&value),
            Kind::Plain => CREDENTIAL_COMPANIONS.contains(&name),
        };
        if secret {
            secret_vars.push(name.to_owned());
        } else {
            if PATH_VARS.contains(&name) {
                host_paths.push(name.to_owned());
            }
            plain.push((name.to_owned(), value));
        }
    }

    // settings.json
    let mut settings: Vec<(String, String)> = Vec::new();
    settings.push(("env".to_owned(), object(&plain, 1)));
    // A command that carries a secret (`echo sk-…`, `--token X`) stays out, like a secret
    // variable: the masked text would not run. One whose masking hid nothing credential-like
    // (a secret's name, `$TOKEN`, a `printf` format) goes in as written.
    let mut secret_commands: Vec<&str> = Vec::new();
    for step in &r.credential_steps {
        if !vars::command_hides_credential(&step.command) {
            settings.push((step.key.to_string(), json_str(&step.command)));
        } else {
            secret_commands.push(&step.key);
        }
    }
    let settings_json = object(&settings, 0);

    // devcontainer.json
    let mut container_env = plain.clone();
    for name in &secret_vars {
        container_env.push((name.clone(), format!("${{localEnv:{name}}}")));
    }
    // No credential at all on the Anthropic route: an empty `containerEnv` would say nothing.
    // Pass the key through from the host instead (never its value), and say what to set.
    if r.provider == ProviderId::Anthropic
        && r.auth.method == AuthMethod::None
        && secret_vars.is_empty()
    {
        let (name, what) = if r.gateway {
            ("ANTHROPIC_AUTH_TOKEN", "the gateway's key (ANTHROPIC_AUTH_TOKEN, sent as Authorization: Bearer; or ANTHROPIC_API_KEY if the gateway reads x-api-key)")
        } else {
            (
                "ANTHROPIC_API_KEY",
                "an API key from the Claude Console (ANTHROPIC_API_KEY)",
            )
        };
        container_env.push((name.to_owned(), format!("${{localEnv:{name}}}")));
        notes.push(format!(
            "No credential is configured: the devcontainer passes {name} through from the \
             host's environment (${{localEnv:{name}}}). Export {what} on the host before the \
             container starts; a /login sign-in does not reach the container."
        ));
    }
    // A loopback URL is the container itself inside it, not this machine.
    for (name, _) in &container_env {
        let Some(value) = raw(name) else { continue };
        let secret = secret_vars.contains(name);
        notes.extend(loopback_container_note(name, &value, !secret));
    }
    let mut mounts: Vec<String> = Vec::new();
    let mut mount = |dir: &str, writable: bool| {
        let m = format!(
            "source=${{localEnv:HOME}}/{dir},target=/root/{dir},type=bind{}",
            if writable { "" } else { ",readonly" }
        );
        if !mounts.contains(&m) {
            mounts.push(m);
        }
    };
    match &r.auth.method {
        AuthMethod::SigV4 { credentials, .. } => match credentials {
            AwsCredentialSource::EnvKeys => {}
            AwsCredentialSource::Profile { flow, .. } if flow == "sso" || flow == "login" => {
                notes.push(
                    "The AWS profile signs in through SSO: ~/.aws is mounted writable so the \
                     session cache can refresh."
                        .to_owned(),
                );
                mount(".aws", true);
            }
            _ => mount(".aws", false),
        },
        AuthMethod::GoogleOAuth => mount(".config/gcloud", false),
        AuthMethod::AzureEntraId { .. } => mount(".azure", false),
        _ => {}
    }
    let mut dev: Vec<(String, String)> =
        vec![("containerEnv".to_owned(), object(&container_env, 1))];
    if !mounts.is_empty() {
        let items: Vec<String> = mounts.iter().map(|m| json_str(m)).collect();
        dev.push(("mounts".to_owned(), array(&items, 1)));
    }
    let devcontainer_json = object(&dev, 0);

    if !secret_vars.is_empty() {
        notes.push(format!(
            "Left out of settings.json because they are secret: {}. Export them in the shell \
             (the devcontainer passes them through with ${{localEnv:…}}) or use a credential \
             helper such as apiKeyHelper.",
            secret_vars.join(", ")
        ));
    }
    if !secret_commands.is_empty() {
        notes.push(format!(
            "Left out of settings.json because their commands carry a secret: {}. Have the \
             command read the secret from a file or a secret manager instead.",
            secret_commands.join(", ")
        ));
    }
    if !host_paths.is_empty() {
        notes.push(format!(
            "{} point at files on this machine: inside a container, mount them and use the \
             container's paths.",
            host_paths.join(", ")
        ));
    }
    if !mounts.is_empty() {
        notes.push(
            "The mounts assume the container user is root (/root); change the target for \
             another user."
                .to_owned(),
        );
    }
    ConfigSnippets {
        settings_json,
        devcontainer_json,
        secret_vars,
        notes,
    }
}

/// The note for a variable whose URL is loopback (`localhost`, `127.0.0.1`, `[::1]`): inside
/// a container that is the container, not the host; the host is `host.docker.internal`.
/// `show_value`: the value may be shown (not a secret's, no password in it). A secret
/// variable (a key, a passphrase) is never a URL Claude Code connects to: no note.
pub(crate) fn loopback_container_note(name: &str, value: &str, show_value: bool) -> Option<String> {
    if vars::kind(name) == Kind::Secret {
        return None;
    }
    let on_host = loopback_on_host(value)?;
    let (shown, fix) = if show_value {
        (
            format!("{name}={} is", value.trim()),
            format!("set {name} to {on_host}"),
        )
    } else {
        (
            format!("{name} points at"),
            format!("write host.docker.internal as the host in {name}"),
        )
    };
    Some(format!(
        "{shown} a loopback address: inside the container that is the container itself, not \
         this machine. For a gateway or proxy running on the host, {fix} in containerEnv \
         (Docker Desktop resolves host.docker.internal; on Linux also add \"runArgs\": \
         [\"--add-host=host.docker.internal:host-gateway\"])."
    ))
}

/// A URL whose host is loopback (`localhost`, `127.0.0.1`, `[::1]`) with the host the Docker
/// host is reached at from a container instead, credentials masked; `None` for anything else.
fn loopback_on_host(value: &str) -> Option<String> {
    let mut u = url::Url::parse(value.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") || !crate::network::is_loopback(&u) {
        return None;
    }
    u.set_host(Some("host.docker.internal")).ok()?;
    let s = u.to_string();
    // No path given (`http://localhost:4000`): without the `/` the URL parser adds.
    let s = if value.trim().ends_with('/') || u.path() != "/" {
        s
    } else {
        s.trim_end_matches('/').to_owned()
    };
    Some(vars::mask_url_credentials(&s))
}

fn json_str(s: &str) -> String {
    // Not `Value::to_string`: its Display writer is a second JSON serializer in the .wasm.
    serde_json::to_string(s).unwrap_or_default()
}

/// A pretty JSON object whose members keep the given order. At depth 0 the values are JSON
/// text already (nested objects, arrays, quoted strings); at depth 1 they are plain strings.
fn object(members: &[(String, String)], depth: usize) -> String {
    if members.is_empty() {
        return "{}".to_owned();
    }
    let pad = "  ".repeat(depth + 1);
    let close = "  ".repeat(depth);
    let body: Vec<String> = members
        .iter()
        .map(|(k, v)| {
            let value = if depth == 0 { v.clone() } else { json_str(v) };
            format!("{pad}{}: {value}", json_str(k))
        })
        .collect();
    format!("{{\n{}\n{close}}}", body.join(",\n"))
}

fn array(items: &[String], depth: usize) -> String {
    let pad = "  ".repeat(depth + 1);
    let close = "  ".repeat(depth);
    let body: Vec<String> = items.iter().map(|i| format!("{pad}{i}")).collect();
    format!("[\n{}\n{close}]", body.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::{HomeFiles, SettingsLayer, SettingsScope, TextFile};
    use serde_json::{json, Value};

    fn input(env: &[(&str, &str)]) -> ConfigInput {
        let mut i = ConfigInput::default();
        for (k, v) in env {
            i.process_env.insert((*k).into(), (*v).into());
        }
        i
    }

    #[test]
    fn bedrock_keys_stay_out_of_files() {
        let s = config_snippets(&input(&[
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "CANARY-secret-key-value"),
            ("ANTHROPIC_API_KEY", "sk-ant-CANARY-key"),
            ("PATH", "/usr/bin"),
        ]));
        let settings: Value = serde_json::from_str(&s.settings_json).unwrap();
        assert_eq!(
            settings,
            json!({"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-west-1"}})
        );
        let dev: Value = serde_json::from_str(&s.devcontainer_json).unwrap();
        assert_eq!(dev["containerEnv"]["AWS_REGION"], "eu-west-1");
        assert_eq!(
            dev["containerEnv"]["AWS_SECRET_ACCESS_KEY"],
            "${localEnv:AWS_SECRET_ACCESS_KEY}"
        );
        assert_eq!(
            dev["containerEnv"]["AWS_ACCESS_KEY_ID"],
            "${localEnv:AWS_ACCESS_KEY_ID}"
        );
        assert!(dev.get("mounts").is_none(), "env keys need no ~/.aws");
        // ignored first-party variable is dropped, not passed through
        assert!(dev["containerEnv"].get("ANTHROPIC_API_KEY").is_none());
        assert_eq!(
            s.secret_vars,
            ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]
        );
        let all = format!("{s:?}");
        assert!(!all.contains("CANARY"), "{all}");
    }

    #[test]
    fn a_credential_pasted_into_a_plain_variable_stays_out_of_files() {
        let s = config_snippets(&input(&[
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            ("CLOUD_ML_REGION", "us-east5"),
            ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
            ("ANTHROPIC_MODEL", "sk-ant-api03-CANARYzzzzzzzzzz"),
        ]));
        let all = format!("{s:?}");
        assert!(!all.contains("CANARY"), "{all}");
        let dev: Value = serde_json::from_str(&s.devcontainer_json).unwrap();
        assert!(
            dev["containerEnv"].get("ANTHROPIC_MODEL").is_none(),
            "{dev}"
        );
        assert_eq!(dev["containerEnv"]["ANTHROPIC_VERTEX_PROJECT_ID"], "p");
    }

    #[test]
    fn order_follows_the_registry_and_profiles_mount_aws() {
        let mut i = input(&[("AWS_PROFILE", "dev"), ("CLAUDE_CODE_USE_BEDROCK", "1")]);
        i.home = HomeFiles {
            aws_config: Some(TextFile {
                path: "~/.aws/config".into(),
                text: "[profile dev]\nregion = us-west-2\n".into(),
            }),
            ..HomeFiles::default()
        };
        let s = config_snippets(&i);
        let use_at = s.settings_json.find("CLAUDE_CODE_USE_BEDROCK").unwrap();
        let profile_at = s.settings_json.find("AWS_PROFILE").unwrap();
        assert!(use_at < profile_at, "{}", s.settings_json);
        let dev: Value = serde_json::from_str(&s.devcontainer_json).unwrap();
        assert_eq!(
            dev["mounts"],
            json!(["source=${localEnv:HOME}/.aws,target=/root/.aws,type=bind,readonly"])
        );
    }

    #[test]
    fn losing_selectors_and_credential_commands() {
        let mut i = input(&[
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            ("CLAUDE_CODE_USE_BEDROCK", "1"),
            ("AWS_REGION", "us-east-1"),
        ]);
        i.settings.push(SettingsLayer {
            scope: SettingsScope::User,
            path: Some("~/.claude/settings.json".into()),
            settings: json!({"awsAuthRefresh": "aws sso login --profile dev"}),
        });
        let r = crate::resolve(&i);
        let s = config_snippets(&i);
        let settings: Value = serde_json::from_str(&s.settings_json).unwrap();
        let winner = r.selected_by.unwrap().env_var.unwrap();
        let env = settings["env"].as_object().unwrap();
        let selectors: Vec<&String> = env
            .keys()
            .filter(|k| k.starts_with("CLAUDE_CODE_USE_"))
            .collect();
        assert_eq!(selectors, [&winner]);
        assert_eq!(settings["awsAuthRefresh"], "aws sso login --profile dev");
    }

    #[test]
    fn credential_commands_with_a_secret_stay_out() {
        let mut i = input(&[("ANTHROPIC_BASE_URL", "https://gw.example")]);
        i.settings.push(SettingsLayer {
            scope: SettingsScope::User,
            path: Some("~/.claude/settings.json".into()),
            settings: json!({
                "apiKeyHelper": "echo --token CANARY-helper",
                "otelHeadersHelper": "/usr/local/bin/otel-headers"
            }),
        });
        let s = config_snippets(&i);
        assert!(!s.settings_json.contains("CANARY"), "{}", s.settings_json);
        assert!(!s.devcontainer_json.contains("CANARY"));
        let settings: Value = serde_json::from_str(&s.settings_json).unwrap();
        assert_eq!(settings["otelHeadersHelper"], "/usr/local/bin/otel-headers");
        assert!(settings.get("apiKeyHelper").is_none());
        assert!(
            s.notes
                .iter()
                .any(|n| n.contains("carry a secret: apiKeyHelper")),
            "{:?}",
            s.notes
        );
    }

    #[test]
    fn vertex_mounts_gcloud_and_urls_with_passwords_are_secret() {
        let s = config_snippets(&input(&[
            ("CLAUDE_CODE_USE_VERTEX", "1"),
            ("ANTHROPIC_VERTEX_PROJECT_ID", "p-1"),
            ("CLOUD_ML_REGION", "us-east5"),
            ("HTTPS_PROXY", "http://user:CANARY@proxy.corp:3128"),
            ("NODE_EXTRA_CA_CERTS", "/etc/corp-ca.pem"),
        ]));
        let dev: Value = serde_json::from_str(&s.devcontainer_json).unwrap();
        assert_eq!(
            dev["mounts"][0],
            "source=${localEnv:HOME}/.config/gcloud,target=/root/.config/gcloud,type=bind,readonly"
        );
        assert_eq!(
            dev["containerEnv"]["HTTPS_PROXY"],
            "${localEnv:HTTPS_PROXY}"
        );
        assert!(!s.settings_json.contains("CANARY"));
        assert!(s.notes.iter().any(|n| n.contains("NODE_EXTRA_CA_CERTS")));
    }

    #[test]
    fn empty_configuration() {
        let s = config_snippets(&ConfigInput::default());
        assert_eq!(s.settings_json, "{\n  \"env\": {}\n}");
        // Not an empty containerEnv: the key passed through from the host, and what to set.
        let dev: Value = serde_json::from_str(&s.devcontainer_json).unwrap();
        assert_eq!(
            dev,
            json!({"containerEnv": {"ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}"}})
        );
        assert!(
            s.notes
                .iter()
                .any(|n| n.starts_with("No credential is configured")
                    && n.contains(
                        "Export an API key from the Claude Console (ANTHROPIC_API_KEY) on the host"
                    )),
            "{:?}",
            s.notes
        );
        // A key set: passed through, no note.
        let s = config_snippets(&input(&[("ANTHROPIC_API_KEY", "sk-ant-CANARY")]));
        assert!(
            !s.notes.iter().any(|n| n.starts_with("No credential")),
            "{:?}",
            s.notes
        );
        assert!(!s.devcontainer_json.contains("CANARY"));
    }

    #[test]
    fn a_loopback_url_is_the_container_itself_inside_it() {
        for (url, on_host) in [
            ("http://localhost:4000", "http://host.docker.internal:4000"),
            (
                "http://127.0.0.1:4000/gw/",
                "http://host.docker.internal:4000/gw/",
            ),
            (
                "http://[::1]:8080/v1",
                "http://host.docker.internal:8080/v1",
            ),
        ] {
            let s = config_snippets(&input(&[("ANTHROPIC_BASE_URL", url)]));
            let note = s
                .notes
                .iter()
                .find(|n| n.contains("loopback address"))
                .unwrap_or_else(|| panic!("{url}: {:?}", s.notes));
            assert!(
                note.contains(&format!("ANTHROPIC_BASE_URL={url} is")),
                "{note}"
            );
            assert!(
                note.contains(&format!(
                    "set ANTHROPIC_BASE_URL to {on_host} in containerEnv"
                )),
                "{note}"
            );
            assert!(
                note.contains("--add-host=host.docker.internal:host-gateway"),
                "{note}"
            );
            // A gateway with no credential: its token is what is passed through.
            let dev: Value = serde_json::from_str(&s.devcontainer_json).unwrap();
            assert_eq!(
                dev["containerEnv"]["ANTHROPIC_AUTH_TOKEN"],
                "${localEnv:ANTHROPIC_AUTH_TOKEN}"
            );
        }
        // A proxy with a password (a secret variable): named, its password never shown.
        let s = config_snippets(&input(&[
            ("ANTHROPIC_API_KEY", "k"),
            ("HTTPS_PROXY", "http://me:CANARY@127.0.0.1:3128"),
        ]));
        let note = s.notes.iter().find(|n| n.contains("loopback")).unwrap();
        assert!(
            note.starts_with("HTTPS_PROXY points at a loopback address"),
            "{note}"
        );
        assert!(!format!("{s:?}").contains("CANARY"));
        // Another host: no note.
        let s = config_snippets(&input(&[("ANTHROPIC_BASE_URL", "https://gw.example")]));
        assert!(
            !s.notes.iter().any(|n| n.contains("loopback")),
            "{:?}",
            s.notes
        );
    }
}

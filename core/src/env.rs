//! The configuration a resolution starts from, and variable lookup with provenance.
//!
//! Claude Code copies each settings file's `env` object into `process.env` at start-up, so a
//! settings value wins over the shell, and higher settings scopes win over lower ones:
//! `managed > cli > local > project > user > process env`. An empty string in a settings `env`
//! block is the documented way to cancel a shell export: it counts as unset.
//! Nothing here reads the real process environment or any file; the caller passes them in.

use crate::env_index::EnvIndex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A Claude Code settings scope, in ascending order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SettingsScope {
    /// `~/.claude/settings.json` (or `$CLAUDE_CONFIG_DIR/settings.json`).
    User,
    /// `<project>/.claude/settings.json`.
    Project,
    /// `<project>/.claude/settings.local.json`.
    Local,
    /// `claude --settings FILE`.
    Cli,
    /// Managed (enterprise policy) settings.
    Managed,
}

impl SettingsScope {
    pub fn as_str(self) -> &'static str {
        match self {
            SettingsScope::User => "user",
            SettingsScope::Project => "project",
            SettingsScope::Local => "local",
            SettingsScope::Cli => "cli",
            SettingsScope::Managed => "managed",
        }
    }
}

/// One parsed settings file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SettingsLayer {
    pub scope: SettingsScope,
    /// Where the file was read from, for messages. Not read by the core.
    // Shared (`Arc`), not copied, by every `Source` that points at this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Arc<str>>,
    /// The parsed JSON document, its arrays and objects nested at most 128 levels deep: deeper,
    /// or a cyclic object, is a malformed argument (`TypeError`, code `ARGUMENT_INVALID`).
    // 128: `crate::de::MAX_DEPTH`.
    #[serde(with = "crate::de::settings_value")]
    #[cfg_attr(feature = "ts", ts(as = "serde_json::Value"))]
    pub settings: serde_json::Value,
}

impl SettingsLayer {
    /// This file as the source of a value.
    pub fn source(&self) -> Source {
        Source::Settings {
            scope: self.scope,
            path: self.path.clone(),
        }
    }
}

/// A text file from the user's home directory that Claude Code's credential chain reads.
/// `Debug` shows its length only: `~/.aws/credentials` holds secret keys.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TextFile {
    pub path: String,
    pub text: String,
}

impl fmt::Debug for TextFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextFile")
            .field("path", &self.path)
            .field("text_len", &self.text.len())
            .finish()
    }
}

/// A file the network plan names (`NODE_EXTRA_CA_CERTS`, `CLAUDE_CODE_CLIENT_CERT`,
/// `CLAUDE_CODE_CLIENT_KEY`) as the runtime read it, so validation can check it (PEM, a CA
/// certificate, an encrypted key without a passphrase, and what the runtime found loading the
/// key: [`KeyCheck`]). No `text`: missing or unreadable, and
/// `unreadable` says why when the runtime knows. The text is a `Secret` (a client key is a
/// private key): redacted in `Debug` and serialization.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PemFile {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub text: Option<crate::secret::Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub unreadable: Option<ReadFailure>,
    /// For the `CLAUDE_CODE_CLIENT_KEY` file: what the runtime's TLS library found loading the
    /// key with the configured passphrase and checking it against the `CLAUDE_CODE_CLIENT_CERT`
    /// certificate, which the core cannot do. Unset: nothing found (or not checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub key_check: Option<KeyCheck>,
}

/// A client key the runtime could not use as configured (see [`PemFile::key_check`]).
/// `passphraseWrong`: `CLAUDE_CODE_CLIENT_KEY_PASSPHRASE` is set and does not decrypt the
/// encrypted key. `certMismatch`: the key loads but is not the private key of the client
/// certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum KeyCheck {
    PassphraseWrong,
    CertMismatch,
}

/// Why the runtime could not read a file (Node's `ENOENT`, `EISDIR`, `EACCES`/`EPERM`).
/// `other`: any other reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ReadFailure {
    NotFound,
    IsDirectory,
    PermissionDenied,
    Other,
}

/// Home-directory files that change the resolution (the region of an AWS profile, for one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HomeFiles {
    /// `~/.aws/config` (or `$AWS_CONFIG_FILE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_config: Option<TextFile>,
    /// `~/.aws/credentials` (or `$AWS_SHARED_CREDENTIALS_FILE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_credentials: Option<TextFile>,
    /// The runtime looked for both files, so a missing one does not exist. Without this (the
    /// browser, a caller that passes no files) a missing file may just not have been read.
    #[serde(
        default,
        skip_serializing_if = "std::ops::Not::not",
        with = "crate::de::absent"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub aws_files_read: bool,
    /// Whether the runtime found the Google Application Default Credentials file: the one
    /// `GOOGLE_APPLICATION_CREDENTIALS` names, else gcloud's
    /// `application_default_credentials.json`. Absent when it did not look (the browser).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub google_adc_found: Option<bool>,
    /// Whether the runtime found the credentials `/login` stores (`.credentials.json` in
    /// `$CLAUDE_CONFIG_DIR` or `~/.claude`). Absent when it did not look, or cannot (the
    /// browser; macOS keeps them in the Keychain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub claude_login_found: Option<bool>,
    /// Whether the runtime found the sign-in of the Azure developer tools Microsoft Entra ID
    /// auth (`DefaultAzureCredential`) falls back on: the Azure CLI's directory (`~/.azure`, or
    /// `$AZURE_CONFIG_DIR`), the Azure Developer CLI's (`~/.azd`, or `$AZD_CONFIG_DIR`) or
    /// Azure PowerShell's (`~/.Azure`).
    /// Absent when it did not look (the browser).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub azure_login_found: Option<bool>,
}

/// Everything a resolution reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConfigInput {
    /// The process environment (`process.env`), as given by the caller.
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<BTreeMap<String, String>>", optional))]
    pub process_env: BTreeMap<String, String>,
    /// Settings layers in any order; lookups honour scope precedence. Within one scope,
    /// a later layer wins over an earlier one.
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<SettingsLayer>>", optional))]
    pub settings: Vec<SettingsLayer>,
    #[serde(default, with = "crate::de::absent")]
    #[cfg_attr(feature = "ts", ts(as = "Option<HomeFiles>", optional))]
    pub home: HomeFiles,
    /// The PEM files the network plan names, read by the runtime (files not given are not
    /// checked).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "crate::de::absent"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<PemFile>>", optional))]
    pub pem_files: Vec<PemFile>,
}

impl ConfigInput {
    /// Settings layers from the highest precedence to the lowest.
    pub fn layers_by_precedence(&self) -> impl Iterator<Item = &SettingsLayer> {
        let mut idx: Vec<usize> = (0..self.settings.len()).collect();
        // Stable sort by scope, then reverse: highest scope first, later files first.
        idx.sort_by_key(|&i| self.settings[i].scope);
        idx.into_iter().rev().map(move |i| &self.settings[i])
    }
}

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Source {
    /// The process environment.
    Process,
    /// A settings file's `env` block (or a settings key).
    Settings {
        scope: SettingsScope,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<Arc<str>>,
    },
    /// A home-directory file (e.g. an AWS profile's `region`).
    File { path: String },
    /// Claude Code's built-in default.
    Default,
    /// The runtime's credentials: what the auth library found (the project of a Google key
    /// file, gcloud's configuration or the metadata server).
    Credentials,
}

impl Source {
    /// The file to point a person at, if the value came from one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Source::Settings { path, .. } => path.as_deref(),
            Source::File { path } => Some(path),
            _ => None,
        }
    }

    /// A short human label: `process env`, `user settings (~/.claude/settings.json)`, …
    pub fn label(&self) -> String {
        match self {
            Source::Process => "process env".to_owned(),
            Source::Settings {
                scope,
                path: Some(p),
            } => format!("{} settings ({p})", scope.as_str()),
            Source::Settings { scope, path: None } => format!("{} settings", scope.as_str()),
            Source::File { path } => path.clone(),
            Source::Default => "default".to_owned(),
            Source::Credentials => "credentials".to_owned(),
        }
    }
}

/// A borrowed reference to where a variable was found; turned into [`Source`] only when kept.
#[derive(Clone, Copy, Debug)]
pub enum SourceRef<'a> {
    Process,
    Settings(&'a SettingsLayer),
}

impl PartialEq for SourceRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (SourceRef::Process, SourceRef::Process) => true,
            (SourceRef::Settings(a), SourceRef::Settings(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }
}

impl Eq for SourceRef<'_> {}

impl SourceRef<'_> {
    pub fn to_source(self) -> Source {
        match self {
            SourceRef::Process => Source::Process,
            SourceRef::Settings(l) => l.source(),
        }
    }
}

/// A variable as found, before blank-means-unset is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Var<'a> {
    pub name: &'a str,
    pub raw: &'a str,
    pub source: SourceRef<'a>,
}

impl<'a> Var<'a> {
    /// The value, trimmed-blank counting as unset.
    pub fn value(&self) -> Option<&'a str> {
        if self.raw.trim().is_empty() {
            None
        } else {
            Some(self.raw)
        }
    }

    /// The settings file that supplied the value, for pointing at the line at fault.
    pub fn file(&self) -> Option<&'a str> {
        match self.source {
            SourceRef::Settings(l) => l.path.as_deref(),
            SourceRef::Process => None,
        }
    }
}

/// A settings layer with its `env` object looked up once.
#[derive(Clone, Copy, Debug)]
pub struct LayerRef<'a> {
    pub layer: &'a SettingsLayer,
    pub env: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

/// Variable lookup over the layered input. Borrowing and allocation-free on the hot path.
#[derive(Clone, Copy, Debug)]
pub struct Env<'a> {
    input: &'a ConfigInput,
    /// Layers sorted highest precedence first, computed once.
    order: &'a [LayerRef<'a>],
    /// Each name's effective entry, computed once.
    index: &'a EnvIndex<'a>,
}

impl<'a> Env<'a> {
    /// `order` and `index` come from [`EnvOrder`].
    pub(crate) fn new(
        input: &'a ConfigInput,
        order: &'a [LayerRef<'a>],
        index: &'a EnvIndex<'a>,
    ) -> Self {
        Self {
            input,
            order,
            index,
        }
    }

    pub fn input(&self) -> &'a ConfigInput {
        self.input
    }

    /// Settings layers, highest precedence first.
    pub fn layers(&self) -> impl Iterator<Item = &'a SettingsLayer> {
        self.order.iter().map(|l| l.layer)
    }

    /// [`Env::layers`] with their `env` objects.
    pub(crate) fn layer_refs(&self) -> &'a [LayerRef<'a>] {
        self.order
    }

    /// The effective entry for `name`: the highest settings layer that sets it (even to ""),
    /// else the process env.
    #[inline]
    pub fn lookup(&self, name: &str) -> Option<Var<'a>> {
        // Inline down to the index's filter, which turns most names away; the scan is out of
        // line (inlined, its frame setup cost every lookup more than the filter check).
        if crate::vars::may_be_known(name) {
            self.index.get(name)
        } else {
            self.scan(name)
        }
    }

    /// [`Env::lookup`] of a name the index does not hold.
    #[inline(never)]
    fn scan(&self, name: &str) -> Option<Var<'a>> {
        self.values(name).next()
    }

    /// The effective non-blank value of `name`.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.var(name).map(|v| v.raw)
    }

    /// The effective non-blank entry of `name`. A credential pasted into a variable that is not
    /// for one (`ANTHROPIC_MODEL=sk-ant-…`) counts as unset: it is reported as
    /// `CREDENTIAL_IN_PLAIN_VARIABLE`, and nothing is built from it that would show it.
    pub fn var(&self, name: &str) -> Option<Var<'a>> {
        self.lookup(name).filter(|v| {
            v.value().is_some()
                && crate::resolve::pasted_credentials::pasted_shape(v.name, v.raw).is_none()
        })
    }

    /// Is `name` set to a truthy value (`1`, `true`, `yes`, `on`)?
    pub fn flag(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| truthy(v) == Some(true))
    }

    /// Every value `name` has in the layers, highest precedence first (for shadowing reports).
    pub fn all_values(&self, name: &str) -> Vec<Var<'a>> {
        self.values(name).collect()
    }

    /// [`Env::all_values`] without collecting them.
    pub fn values<'n>(&self, name: &'n str) -> impl Iterator<Item = Var<'a>> + 'n
    where
        'a: 'n,
    {
        let settings = self.order.iter().filter_map(move |l| {
            let (k, v) = l.env?.get_key_value(name)?;
            Some(Var {
                name: k.as_str(),
                raw: v.as_str()?,
                source: SourceRef::Settings(l.layer),
            })
        });
        let process = self
            .input
            .process_env
            .get_key_value(name)
            .map(|(k, v)| Var {
                name: k.as_str(),
                raw: v.as_str(),
                source: SourceRef::Process,
            });
        settings.chain(process)
    }

    /// Every variable set anywhere that may be in [`crate::vars::KNOWN`], once each, with its
    /// effective entry (unordered).
    pub fn known_candidates(&self) -> impl Iterator<Item = &'a Var<'a>> {
        self.index.vars()
    }

    /// The known variables set anywhere, with their position in [`crate::vars::KNOWN`], their
    /// effective entry, and whether it hides a lower value (unordered).
    pub(crate) fn known_vars(&self) -> impl Iterator<Item = (usize, &'a Var<'a>, bool)> {
        self.index.known()
    }

    /// The `env` objects of the settings layers, highest precedence first.
    pub fn layer_envs(
        &self,
    ) -> impl Iterator<Item = &'a serde_json::Map<String, serde_json::Value>> {
        self.order.iter().filter_map(|l| l.env)
    }

    /// A top-level settings key (not under `env`), highest precedence first.
    pub fn setting(&self, key: &str) -> Option<(&'a serde_json::Value, &'a SettingsLayer)> {
        self.order
            .iter()
            .find_map(|l| l.layer.settings.get(key).map(|v| (v, l.layer)))
    }

    /// The environment Claude Code's process runs with once it has copied every settings `env`
    /// block into `process.env`: each variable's effective raw value (blank values included, as
    /// they are set). Child processes (`apiKeyHelper`, `awsCredentialExport`) and the SDKs the
    /// runtime uses (AWS, Google, Azure, the proxy agent) see this environment.
    pub fn effective(&self) -> BTreeMap<String, String> {
        // Inserted one by one: `collect` would sort the (sorted, distinct) names again, with a
        // stable sort in the .wasm for this one call.
        let mut env = BTreeMap::new();
        for n in self.all_names() {
            if let Some(v) = self.lookup(n) {
                env.insert(n.to_owned(), v.raw.to_owned());
            }
        }
        env
    }

    /// Every variable name set anywhere, sorted and deduplicated.
    pub fn all_names(&self) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = self.input.process_env.keys().map(String::as_str).collect();
        for l in self.order {
            if let Some(obj) = l.env {
                names.extend(obj.keys().map(String::as_str));
            }
        }
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// Owns the precedence order and the name index so an [`Env`] can borrow them.
pub struct EnvOrder<'a> {
    input: &'a ConfigInput,
    order: Vec<LayerRef<'a>>,
    index: EnvIndex<'a>,
}

impl<'a> EnvOrder<'a> {
    pub fn new(input: &'a ConfigInput) -> Self {
        // As `layers_by_precedence`, without its index vector: stable sort by scope, then
        // reverse (highest scope first, later files first).
        let mut order: Vec<LayerRef<'a>> = input
            .settings
            .iter()
            .map(|layer| LayerRef {
                layer,
                env: layer.settings.get("env").and_then(|e| e.as_object()),
            })
            .collect();
        order.sort_by_key(|l| l.layer.scope);
        order.reverse();
        let index = EnvIndex::new(&input.process_env, &order);
        Self {
            input,
            order,
            index,
        }
    }

    pub fn env(&self) -> Env<'_> {
        Env::new(self.input, &self.order, &self.index)
    }
}

/// Claude Code's truthiness: `1|true|yes|on` → true, `0|false|no|off` → false (trimmed,
/// case-insensitive), anything else → `None` (treated as false, worth a warning).
pub fn truthy(v: &str) -> Option<bool> {
    let t = v.trim();
    const TRUE: [&str; 4] = ["1", "true", "yes", "on"];
    const FALSE: [&str; 4] = ["0", "false", "no", "off"];
    if TRUE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if FALSE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input(
        process: &[(&str, &str)],
        layers: Vec<(SettingsScope, serde_json::Value)>,
    ) -> ConfigInput {
        ConfigInput {
            process_env: process
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            settings: layers
                .into_iter()
                .map(|(scope, settings)| SettingsLayer {
                    scope,
                    path: Some(format!("{}.json", scope.as_str()).into()),
                    settings,
                })
                .collect(),
            ..ConfigInput::default()
        }
    }

    #[test]
    fn settings_env_overrides_process_and_scopes_stack() {
        let i = input(
            &[
                ("ANTHROPIC_MODEL", "from-shell"),
                ("AWS_REGION", "us-east-1"),
            ],
            vec![
                (
                    SettingsScope::Managed,
                    json!({"env": {"AWS_REGION": "eu-west-1"}}),
                ),
                (
                    SettingsScope::User,
                    json!({"env": {"ANTHROPIC_MODEL": "from-user", "AWS_REGION": "ap-south-1"}}),
                ),
                (
                    SettingsScope::Project,
                    json!({"env": {"ANTHROPIC_MODEL": "from-project"}}),
                ),
            ],
        );
        let order = EnvOrder::new(&i);
        let env = order.env();
        assert_eq!(env.get("ANTHROPIC_MODEL"), Some("from-project"));
        assert_eq!(env.get("AWS_REGION"), Some("eu-west-1"));
        assert_eq!(env.all_values("AWS_REGION").len(), 3);
        assert_eq!(
            env.lookup("AWS_REGION").unwrap().file(),
            Some("managed.json")
        );
    }

    #[test]
    fn empty_settings_value_unsets_shell_export() {
        let i = input(
            &[("CLAUDE_CODE_USE_VERTEX", "1")],
            vec![(
                SettingsScope::User,
                json!({"env": {"CLAUDE_CODE_USE_VERTEX": ""}}),
            )],
        );
        let order = EnvOrder::new(&i);
        assert_eq!(order.env().get("CLAUDE_CODE_USE_VERTEX"), None);
        assert!(!order.env().flag("CLAUDE_CODE_USE_VERTEX"));
    }

    #[test]
    fn truthiness_matches_claude_code() {
        for t in ["1", "true", "TRUE", " yes ", "On"] {
            assert_eq!(truthy(t), Some(true), "{t}");
        }
        for f in ["0", "false", "No", "off"] {
            assert_eq!(truthy(f), Some(false), "{f}");
        }
        for u in ["enabled", "2", "y", ""] {
            assert_eq!(truthy(u), None, "{u}");
        }
    }
}

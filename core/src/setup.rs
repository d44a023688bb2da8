//! What to set to use a provider: the variables (with the values a person chose, or an
//! example), the other providers' selectors to clear, and the credential directories a
//! container needs. The CLI's `env` and `switch` commands and the editor extension print or
//! write this; they do not decide it.

use crate::env::ConfigInput;
use crate::problem::Problem;
use crate::provider::{ProviderId, SELECTORS};
use crate::vars;
use serde::{Deserialize, Serialize};

/// The choices a person made (`claude-provider env PROVIDER --region … --project …`). `Debug`
/// hides the API key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SetupInput {
    pub provider: ProviderId,
    /// AWS region, Vertex location, or Google Cloud location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// AWS profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Google Cloud project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Foundry resource name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Workspace (Claude Platform on AWS / Google Cloud).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
    /// A base URL (gateway, private endpoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// An API key or bearer token for the provider's key-based auth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

impl SetupInput {
    /// The choice of `provider` alone, every option unset.
    pub fn new(provider: ProviderId) -> Self {
        SetupInput {
            provider,
            region: None,
            profile: None,
            project: None,
            resource: None,
            workspace_id: None,
            base_url: None,
            api_key: None,
        }
    }
}

impl std::fmt::Debug for SetupInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupInput")
            .field("provider", &self.provider)
            .field("region", &self.region)
            .field("profile", &self.profile)
            .field("project", &self.project)
            .field("resource", &self.resource)
            .field("workspace_id", &self.workspace_id)
            .field(
                "base_url",
                &self.base_url.as_deref().map(vars::mask_url_credentials),
            )
            .field(
                "api_key",
                &self.api_key.as_ref().map(|_| crate::secret::REDACTED),
            )
            .finish()
    }
}

/// One variable to set. `Debug` hides a secret value and masks URL credentials.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SetupVar {
    pub name: String,
    /// The value to set; an example when `given` is false. Shown only when `secret` is false.
    pub value: String,
    /// The value came from the person (else it is an example to replace).
    pub given: bool,
    /// The provider does not work without it.
    pub required: bool,
    pub secret: bool,
    /// What it is, for a comment next to it.
    pub description: String,
    /// The [`SetupInput`] field (camelCase) that supplies the value, if one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
}

impl std::fmt::Debug for SetupVar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.secret {
            crate::secret::REDACTED.to_owned()
        } else {
            vars::mask_url_credentials(&self.value)
        };
        f.debug_struct("SetupVar")
            .field("name", &self.name)
            .field("value", &value)
            .field("given", &self.given)
            .field("required", &self.required)
            .field("secret", &self.secret)
            .field("description", &self.description)
            .field("option", &self.option)
            .finish()
    }
}

/// A host directory a container needs read-only (credentials and CLI configuration).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SetupMount {
    /// Relative to the home directory (`.aws`).
    pub path: String,
    pub description: String,
}

/// Everything needed to switch to a provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProviderSetup {
    pub provider: ProviderId,
    pub display_name: String,
    pub vars: Vec<SetupVar>,
    /// The other providers' selectors: remove them from the file written, and set them to ""
    /// there when a lower layer (or the shell) sets them, so this provider wins.
    pub clear: Vec<String>,
    pub mounts: Vec<SetupMount>,
    /// How credentials are obtained when no key is given.
    pub auth_hint: String,
    /// The [`SetupInput`] fields (camelCase) that were given but that this provider does not
    /// use (`apiKey` for Vertex, `resource` next to Foundry's `baseUrl`…): say so, never drop
    /// them silently.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub unused: Vec<String>,
    /// What is wrong with the values given (a region not shaped like one, a Foundry resource
    /// given as a URL…), as the resolution reports it for the variables they fill.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<Problem>>", optional))]
    pub problems: Vec<Problem>,
    /// What to know when these values go into a container (a devcontainer's `containerEnv`):
    /// a loopback base URL is the container itself there; a secret is referenced as
    /// `${localEnv:NAME}` rather than written into devcontainer.json (usually committed); with
    /// no credential given, what to pass through.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub container_notes: Vec<String>,
}

struct Builder<'a> {
    input: &'a SetupInput,
    vars: Vec<SetupVar>,
}

impl Builder<'_> {
    /// A variable filled from the `option` field of the input: the chosen value, else (when
    /// required) an example.
    fn var(&mut self, name: &str, option: &str, example: &str, required: bool, description: &str) {
        let i = self.input;
        let chosen = match option {
            "region" => i.region.as_ref(),
            "profile" => i.profile.as_ref(),
            "project" => i.project.as_ref(),
            "resource" => i.resource.as_ref(),
            "workspaceId" => i.workspace_id.as_ref(),
            "baseUrl" => i.base_url.as_ref(),
            _ => i.api_key.as_ref(),
        };
        let chosen = chosen.map(|v| v.trim()).filter(|v| !v.is_empty());
        if chosen.is_none() && !required {
            return;
        }
        let value = chosen.unwrap_or(example);
        self.vars.push(SetupVar {
            name: name.to_owned(),
            value: value.to_owned(),
            given: chosen.is_some(),
            required,
            secret: carries_credential(name, value),
            description: description.to_owned(),
            option: Some(option.to_owned()),
        });
    }

    fn selector(&mut self, p: ProviderId) {
        if let Some(sel) = p.selector() {
            self.vars.push(SetupVar {
                name: sel.to_owned(),
                value: "1".to_owned(),
                given: true,
                required: true,
                secret: false,
                description: format!("use {}", p.display_name()),
                option: None,
            });
        }
    }

    fn aws(&mut self) {
        self.var("AWS_REGION", "region", "us-east-1", true, "AWS region");
        self.var(
            "AWS_PROFILE",
            "profile",
            "",
            false,
            "AWS profile in ~/.aws/config",
        );
    }
}

/// A value not to show as it is: a secret variable's, or one the core masks when it shares it
/// (a URL with `user:password@` or a secret query parameter, a credential typed into a plain
/// variable), as the resolution's `vars[]` flags them.
fn carries_credential(name: &str, value: &str) -> bool {
    vars::kind(name) == vars::Kind::Secret || crate::api::shareable_value(name, value) != value
}

fn mount(path: &str, description: &str) -> SetupMount {
    SetupMount {
        path: path.to_owned(),
        description: description.to_owned(),
    }
}

/// The variables, selectors to clear and mounts for `input.provider`.
pub fn provider_setup(input: &SetupInput) -> ProviderSetup {
    let p = input.provider;
    let mut b = Builder {
        input,
        vars: Vec::new(),
    };
    b.selector(p);
    let (mounts, auth_hint) = match p {
        ProviderId::Anthropic => {
            b.var(
                "ANTHROPIC_BASE_URL",
                "baseUrl",
                "",
                false,
                "LLM gateway base URL (without /v1)",
            );
            // Not required: Claude Code also signs in with `/login`, a gateway's
            // ANTHROPIC_AUTH_TOKEN, or an apiKeyHelper; validation says when none is there.
            b.var(
                "ANTHROPIC_API_KEY",
                "apiKey",
                "sk-ant-…",
                false,
                "Anthropic API key (or the gateway's key)",
            );
            (
                vec![],
                "Your Claude.ai or Console sign-in (`/login` in Claude Code), an API key from the Claude Console (ANTHROPIC_API_KEY or `apiKeyHelper` in settings), or a gateway's token (ANTHROPIC_AUTH_TOKEN).",
            )
        }
        ProviderId::Bedrock => {
            b.aws();
            b.var(
                "AWS_BEARER_TOKEN_BEDROCK",
                "apiKey",
                "",
                false,
                "Bedrock API key",
            );
            b.var(
                "ANTHROPIC_BEDROCK_BASE_URL",
                "baseUrl",
                "",
                false,
                "Bedrock endpoint or gateway URL",
            );
            (vec![mount(".aws", "AWS config, credentials and SSO cache")], "The AWS default chain: AWS_PROFILE (SSO, credential_process…), access keys, or instance/container roles; or a Bedrock API key.")
        }
        ProviderId::Mantle => {
            b.aws();
            b.var(
                "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
                "baseUrl",
                "",
                false,
                "Mantle endpoint or gateway URL",
            );
            (
                vec![mount(".aws", "AWS config, credentials and SSO cache")],
                "The AWS default chain (SigV4, service bedrock-mantle).",
            )
        }
        ProviderId::AnthropicAws => {
            b.aws();
            b.var(
                "ANTHROPIC_AWS_WORKSPACE_ID",
                "workspaceId",
                "wrkspc_…",
                true,
                "Claude Platform workspace ID",
            );
            b.var(
                "ANTHROPIC_AWS_API_KEY",
                "apiKey",
                "",
                false,
                "Claude Platform API key",
            );
            b.var(
                "ANTHROPIC_AWS_BASE_URL",
                "baseUrl",
                "",
                false,
                "endpoint or gateway URL",
            );
            (
                vec![mount(".aws", "AWS config, credentials and SSO cache")],
                "The AWS default chain (SigV4, service aws-external-anthropic), or an API key.",
            )
        }
        ProviderId::Vertex => {
            b.var(
                "CLOUD_ML_REGION",
                "region",
                "global",
                true,
                "Vertex AI location (global or a region)",
            );
            b.var(
                "ANTHROPIC_VERTEX_PROJECT_ID",
                "project",
                "my-gcp-project",
                true,
                "Google Cloud project ID",
            );
            b.var(
                "ANTHROPIC_VERTEX_BASE_URL",
                "baseUrl",
                "",
                false,
                "Vertex endpoint or gateway URL (ends with /v1)",
            );
            (vec![mount(".config/gcloud", "gcloud configuration and application-default credentials")], "Google Application Default Credentials: `gcloud auth application-default login` or GOOGLE_APPLICATION_CREDENTIALS.")
        }
        ProviderId::AnthropicGoogleCloud => {
            b.var(
                "ANTHROPIC_GOOGLE_CLOUD_PROJECT",
                "project",
                "my-gcp-project",
                true,
                "Google Cloud project ID",
            );
            b.var(
                "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID",
                "workspaceId",
                "wrkspc_…",
                true,
                "Claude Platform workspace ID",
            );
            b.var(
                "ANTHROPIC_GOOGLE_CLOUD_LOCATION",
                "region",
                "",
                false,
                "location (default global)",
            );
            (
                vec![mount(
                    ".config/gcloud",
                    "gcloud configuration and application-default credentials",
                )],
                "Google Application Default Credentials.",
            )
        }
        ProviderId::Foundry => {
            if input
                .base_url
                .as_deref()
                .is_some_and(|u| !u.trim().is_empty())
            {
                b.var(
                    "ANTHROPIC_FOUNDRY_BASE_URL",
                    "baseUrl",
                    "",
                    true,
                    "Foundry base URL (…/anthropic)",
                );
            } else {
                b.var(
                    "ANTHROPIC_FOUNDRY_RESOURCE",
                    "resource",
                    "my-resource",
                    true,
                    "Azure AI Foundry resource name",
                );
            }
            b.var(
                "ANTHROPIC_FOUNDRY_API_KEY",
                "apiKey",
                "",
                false,
                "Foundry API key",
            );
            (vec![mount(".azure", "Azure CLI login")], "Microsoft Entra ID (`az login`, a managed identity or a service principal), or an API key.")
        }
    };
    let clear = SELECTORS
        .iter()
        .filter(|(_, q)| *q != p)
        .map(|(v, _)| (*v).to_owned())
        .collect();
    let given = [
        ("region", &input.region),
        ("profile", &input.profile),
        ("project", &input.project),
        ("resource", &input.resource),
        ("workspaceId", &input.workspace_id),
        ("baseUrl", &input.base_url),
        ("apiKey", &input.api_key),
    ];
    let unused = given
        .iter()
        .filter(|(_, v)| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
        .filter(|(option, _)| !b.vars.iter().any(|v| v.option.as_deref() == Some(option)))
        .map(|(option, _)| (*option).to_owned())
        .collect();
    let problems = given_value_problems(&b.vars);
    let container_notes = container_notes(p, &b.vars);
    ProviderSetup {
        provider: p,
        display_name: p.display_name().to_owned(),
        vars: b.vars,
        clear,
        mounts,
        auth_hint: auth_hint.to_owned(),
        unused,
        problems,
        container_notes,
    }
}

/// What to know when `vars` go into a devcontainer's `containerEnv` (see
/// [`ProviderSetup::container_notes`]).
fn container_notes(p: ProviderId, vars: &[SetupVar]) -> Vec<String> {
    let mut notes: Vec<String> = vars
        .iter()
        .filter(|v| v.given)
        .filter_map(|v| {
            let show = !v.secret && vars::mask_url_credentials(&v.value) == v.value;
            crate::snippets::loopback_container_note(&v.name, &v.value, show)
        })
        .collect();
    // What carries a credential (a key, a URL with a password, a credential pasted into a
    // plain variable) is passed through from the host, as `env --format devcontainer` writes it.
    let secrets: Vec<&str> = vars
        .iter()
        .filter(|v| v.secret)
        .map(|v| v.name.as_str())
        .collect();
    if !secrets.is_empty() {
        let refs: Vec<String> = secrets
            .iter()
            .map(|n| format!("\"{n}\": \"${{localEnv:{n}}}\""))
            .collect();
        notes.push(format!(
            "In containerEnv, reference {} from the host's environment ({}) rather than writing \
             the value: devcontainer.json is usually committed.",
            secrets.join(", "),
            refs.join(", ")
        ));
    }
    // A key: a secret variable (a base URL with a password is `secret` too, and no key).
    if p == ProviderId::Anthropic
        && !vars
            .iter()
            .any(|v| vars::kind(&v.name) == vars::Kind::Secret)
    {
        let gateway = vars.iter().any(|v| v.name == "ANTHROPIC_BASE_URL");
        let name = if gateway {
            "ANTHROPIC_AUTH_TOKEN"
        } else {
            "ANTHROPIC_API_KEY"
        };
        notes.push(format!(
            "No key was given: pass one through from the host's environment with \
             \"{name}\": \"${{localEnv:{name}}}\" in containerEnv{}, and export it on the host; \
             a /login sign-in does not reach the container.",
            if gateway {
                " (or ANTHROPIC_API_KEY if the gateway reads x-api-key)"
            } else {
                ""
            }
        ));
    }
    notes
}

/// The problems validation finds in the given values: it validates an environment of just
/// these variables (examples included, so that required ones are there; credentials not looked
/// for) and keeps what it says about a variable whose value was given (a malformed key too).
fn given_value_problems(vars: &[SetupVar]) -> Vec<Problem> {
    if !vars.iter().any(|v| v.given) {
        return Vec::new();
    }
    let mut input = ConfigInput::default();
    for v in vars {
        input.process_env.insert(v.name.clone(), v.value.clone());
    }
    let given = |name: &str| vars.iter().any(|v| v.given && v.name == name);
    crate::validate::validate(&input, &crate::validate::ValidateOptions::default())
        .problems
        .into_iter()
        .filter(|p| p.env_var.as_deref().is_some_and(given))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_key_given_is_a_problem_of_the_setup() {
        for key in ["Bearer sk-ant-api03-CANARY", "\"sk-ant-api03-CANARY\""] {
            let s = provider_setup(&SetupInput {
                api_key: Some(key.into()),
                ..SetupInput::new(ProviderId::Anthropic)
            });
            assert!(
                s.problems
                    .iter()
                    .any(|p| p.code == crate::problem::Code::CredentialValueMalformed
                        && p.env_var.as_deref() == Some("ANTHROPIC_API_KEY")),
                "{:?}",
                s.problems
            );
            assert!(!format!("{:?}", s.problems).contains("CANARY"));
        }
    }

    #[test]
    fn options_a_provider_does_not_use_are_listed() {
        let s = provider_setup(&SetupInput {
            provider: ProviderId::Vertex,
            region: Some("global".into()),
            project: Some("p".into()),
            api_key: Some("k".into()),
            workspace_id: Some("w".into()),
            profile: Some(" ".into()),
            ..input(ProviderId::Vertex)
        });
        assert!(!format!(
            "{:?}",
            SetupInput {
                api_key: Some("CANARY-31f".into()),
                ..input(ProviderId::Anthropic)
            }
        )
        .contains("CANARY"));
        assert_eq!(s.unused, ["workspaceId", "apiKey"]);
        let s = provider_setup(&SetupInput {
            provider: ProviderId::Foundry,
            resource: Some("res".into()),
            base_url: Some("https://gw.example.com/anthropic".into()),
            ..input(ProviderId::Foundry)
        });
        assert_eq!(s.unused, ["resource"]);
        let s = provider_setup(&SetupInput {
            provider: ProviderId::Bedrock,
            region: Some("us-east-1".into()),
            profile: Some("dev".into()),
            ..input(ProviderId::Bedrock)
        });
        assert!(s.unused.is_empty(), "{:?}", s.unused);
    }

    #[test]
    fn container_notes_say_what_a_devcontainer_needs() {
        // A loopback gateway: the container is not the host.
        let s = provider_setup(&SetupInput {
            base_url: Some("http://localhost:4000".into()),
            ..input(ProviderId::Anthropic)
        });
        let loopback = s
            .container_notes
            .iter()
            .find(|n| n.contains("loopback"))
            .unwrap();
        assert!(
            loopback.contains("ANTHROPIC_BASE_URL=http://localhost:4000 is a loopback address"),
            "{loopback}"
        );
        assert!(
            loopback.contains("http://host.docker.internal:4000"),
            "{loopback}"
        );
        assert!(
            loopback.contains("--add-host=host.docker.internal:host-gateway"),
            "{loopback}"
        );
        // No key given: what to pass through (the gateway's token here).
        assert!(
            s.container_notes
                .iter()
                .any(|n| n.starts_with("No key was given")
                    && n.contains(
                        "\"ANTHROPIC_AUTH_TOKEN\": \"${localEnv:ANTHROPIC_AUTH_TOKEN}\""
                    )),
            "{:?}",
            s.container_notes
        );
        let s = provider_setup(&input(ProviderId::Anthropic));
        assert!(
            s.container_notes[0].contains("${localEnv:ANTHROPIC_API_KEY}"),
            "{:?}",
            s.container_notes
        );
        // A gateway URL with a password is passed through too; a key is still missing.
        let s = provider_setup(&SetupInput {
            base_url: Some("https://u:CANARY@gw.example.com".into()),
            ..input(ProviderId::Anthropic)
        });
        assert!(
            s.container_notes
                .iter()
                .any(|n| n
                    .starts_with("In containerEnv, reference ANTHROPIC_BASE_URL from the host's")),
            "{:?}",
            s.container_notes
        );
        assert!(
            s.container_notes
                .iter()
                .any(|n| n.starts_with("No key was given")),
            "{:?}",
            s.container_notes
        );
        assert!(!format!("{:?}", s.container_notes).contains("CANARY"));
        // A key given: referenced from the host, never written; the value is in no note.
        let s = provider_setup(&SetupInput {
            api_key: Some("sk-ant-CANARY".into()),
            ..input(ProviderId::Anthropic)
        });
        assert_eq!(s.container_notes.len(), 1, "{:?}", s.container_notes);
        assert!(s.container_notes[0]
            .contains("\"ANTHROPIC_API_KEY\": \"${localEnv:ANTHROPIC_API_KEY}\""));
        assert!(!format!("{:?}", s.container_notes).contains("CANARY"));
        // Bedrock on its own host with no key: nothing to add (the mounts say the rest).
        let s = provider_setup(&SetupInput {
            region: Some("us-east-1".into()),
            ..input(ProviderId::Bedrock)
        });
        assert!(s.container_notes.is_empty(), "{:?}", s.container_notes);
    }

    #[test]
    fn given_values_are_checked_as_the_resolution_checks_them() {
        let codes = |i: SetupInput| -> Vec<(String, String)> {
            provider_setup(&i)
                .problems
                .iter()
                .map(|p| {
                    (
                        p.code.as_str().to_owned(),
                        p.env_var.clone().unwrap_or_default(),
                    )
                })
                .collect()
        };
        let region = codes(SetupInput {
            region: Some("notaregion".into()),
            ..input(ProviderId::Bedrock)
        });
        assert!(
            region.contains(&("BEDROCK_REGION_INVALID".into(), "AWS_REGION".into())),
            "{region:?}"
        );
        let resource = codes(SetupInput {
            resource: Some("bad name!".into()),
            ..input(ProviderId::Foundry)
        });
        assert!(
            resource
                .iter()
                .any(|(c, v)| c == "FOUNDRY_RESOURCE_INVALID" && v == "ANTHROPIC_FOUNDRY_RESOURCE"),
            "{resource:?}"
        );
        let v1 = codes(SetupInput {
            base_url: Some("https://gw.example.com/v1".into()),
            ..input(ProviderId::Anthropic)
        });
        assert!(
            v1.contains(&("BASE_URL_ENDS_WITH_V1".into(), "ANTHROPIC_BASE_URL".into())),
            "{v1:?}"
        );
        // Good values, and examples (never given), say nothing.
        for good in [
            SetupInput {
                region: Some("eu-west-1".into()),
                profile: Some("dev".into()),
                ..input(ProviderId::Bedrock)
            },
            SetupInput {
                region: Some("global".into()),
                project: Some("my-proj".into()),
                ..input(ProviderId::Vertex)
            },
            input(ProviderId::Foundry),
            input(ProviderId::Anthropic),
        ] {
            let provider = good.provider;
            assert_eq!(codes(good), vec![], "{provider:?}");
        }
    }

    #[test]
    fn debug_hides_the_api_key() {
        let s = provider_setup(&SetupInput {
            api_key: Some("sk-ant-CANARY-SETUP".into()),
            base_url: Some("https://user:CANARY-PASS@gw.example.com".into()),
            ..input(ProviderId::Anthropic)
        });
        let text = format!("{s:?}");
        assert!(!text.contains("CANARY"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }

    fn input(p: ProviderId) -> SetupInput {
        SetupInput::new(p)
    }

    fn names(s: &ProviderSetup) -> Vec<&str> {
        s.vars.iter().map(|v| v.name.as_str()).collect()
    }

    #[test]
    fn every_provider_sets_its_selector_and_clears_the_others() {
        for p in ProviderId::ALL {
            let s = provider_setup(&input(p));
            if let Some(sel) = p.selector() {
                assert_eq!(s.vars[0].name, sel);
                assert!(!s.clear.iter().any(|c| c == sel));
            }
            assert_eq!(
                s.clear.len(),
                SELECTORS.len() - usize::from(p.selector().is_some())
            );
            // Every variable is one the core reads.
            for v in &s.vars {
                assert!(vars::index_of(&v.name).is_some(), "{}", v.name);
            }
        }
    }

    #[test]
    fn chosen_values_replace_examples_and_optional_vars_appear_only_when_chosen() {
        let s = provider_setup(&input(ProviderId::Bedrock));
        assert_eq!(names(&s), ["CLAUDE_CODE_USE_BEDROCK", "AWS_REGION"]);
        assert!(!s.vars[1].given);
        let s = provider_setup(&SetupInput {
            region: Some("eu-west-1".into()),
            profile: Some("dev".into()),
            api_key: Some("CANARY-KEY".into()),
            ..input(ProviderId::Bedrock)
        });
        assert_eq!(
            names(&s),
            [
                "CLAUDE_CODE_USE_BEDROCK",
                "AWS_REGION",
                "AWS_PROFILE",
                "AWS_BEARER_TOKEN_BEDROCK"
            ]
        );
        assert!(s.vars.iter().all(|v| v.given));
        assert!(s.vars[3].secret && !s.vars[1].secret);
        assert_eq!(s.mounts[0].path, ".aws");
    }

    #[test]
    fn foundry_takes_a_base_url_instead_of_a_resource() {
        let s = provider_setup(&SetupInput {
            base_url: Some("https://gw.example.com/anthropic".into()),
            ..input(ProviderId::Foundry)
        });
        assert_eq!(
            names(&s),
            ["CLAUDE_CODE_USE_FOUNDRY", "ANTHROPIC_FOUNDRY_BASE_URL"]
        );
        let s = provider_setup(&input(ProviderId::Vertex));
        assert_eq!(
            names(&s),
            [
                "CLAUDE_CODE_USE_VERTEX",
                "CLOUD_ML_REGION",
                "ANTHROPIC_VERTEX_PROJECT_ID"
            ]
        );
    }
}

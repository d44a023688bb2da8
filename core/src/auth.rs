//! The auth plan: how each request will be authenticated, and what the runtime must fetch.
//! Credentials themselves are inputs ([`Credentials`]); the core never runs a command or
//! calls a token endpoint.

use crate::env::Source;
use crate::secret::Secret;
use crate::sigv4::AwsCredentials;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Where SigV4 credentials come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AwsCredentialSource {
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`).
    EnvKeys,
    /// A named profile in `~/.aws/{config,credentials}`; `flow` is `static`, `sso`,
    /// `credential_process`, `assume_role`, `web_identity`, `login` or `unknown`.
    Profile { profile: String, flow: String },
    /// The `awsCredentialExport` settings command (run by the runtime).
    CredentialExport {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        command: CommandLine,
    },
    /// The rest of the AWS default chain (container/instance metadata, …), run by the runtime.
    DefaultChain,
}

/// How requests are authenticated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AuthMethod {
    /// `x-api-key: <value of env_var>`.
    ApiKey { env_var: String },
    /// `Authorization: Bearer <value of env_var>`.
    Bearer { env_var: String },
    /// Both `x-api-key` (from `key_var`) and `Authorization: Bearer` (from `token_var`).
    ApiKeyAndBearer { key_var: String, token_var: String },
    /// `apiKeyHelper` output in both headers; `x-api-key` takes `ANTHROPIC_API_KEY` when set.
    ApiKeyHelper {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        command: CommandLine,
        api_key_var: Option<String>,
    },
    /// AWS SigV4.
    SigV4 {
        // Borrowed: it is one of the fixed service names.
        service: Cow<'static, str>,
        region: String,
        credentials: AwsCredentialSource,
    },
    /// Google OAuth access token from Application Default Credentials.
    GoogleOAuth,
    /// Microsoft Entra ID token (`DefaultAzureCredential`, scope below).
    AzureEntraId { scope: String },
    /// No credential from the client; a gateway authenticates. `bearer_var` is
    /// `ANTHROPIC_AUTH_TOKEN` when set; `placeholder` is Foundry's `skip-foundry-auth`.
    Skip {
        skip_var: String,
        bearer_var: Option<String>,
        placeholder: Option<String>,
    },
    /// Nothing is configured: Claude Code would fail.
    None,
}

/// The plan, with the source of the variable that decided it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AuthPlan {
    pub method: AuthMethod,
    /// A one-line description for people: `SigV4 (AWS_PROFILE=dev, sso)`.
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A command line from settings that the runtime runs (never the core): the command as given in
/// serialization (the runtime needs it), with the secrets a command line may carry masked in
/// `Debug` and `Display` ([`crate::vars::mask_command`]).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CommandLine(pub String);

impl std::ops::Deref for CommandLine {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for CommandLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&crate::vars::mask_command(&self.0), f)
    }
}

impl std::fmt::Display for CommandLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::vars::mask_command(&self.0))
    }
}

/// A credential command from settings that the runtime runs (never the core).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CredentialStep {
    /// `apiKeyHelper`, `awsAuthRefresh`, `awsCredentialExport`, `gcpAuthRefresh` or `otelHeadersHelper`.
    pub key: Cow<'static, str>,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub command: CommandLine,
    pub source: Source,
    /// When to run it: `start` (each session), `expired` (when credentials expire or fail),
    /// `ttl` (cached for `ttl_ms`).
    pub when: Cow<'static, str>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::uint::js_number_opt"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<u64>"))]
    pub ttl_ms: Option<u64>,
    /// When it runs, in words (`runs at start-up`), for every UI to show the same.
    pub runs: Cow<'static, str>,
}

/// Credentials obtained by the runtime (auth libraries, helper commands). Everything the core
/// can read from the env itself (API keys, tokens, env AWS keys) need not be repeated here.
/// A key this does not know is refused (`googleToken` would be ignored, and the request go out
/// without it); `aws` takes the AWS SDK's credential objects as they are, extra keys and all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// AWS credentials from a profile, SSO, `awsCredentialExport`, metadata…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws: Option<AwsCredentials>,
    /// A Google OAuth access token (ADC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google_access_token: Option<Secret>,
    /// The project ADC resolved (service-account `project_id`, `gcloud` config…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google_project_id: Option<String>,
    /// A Microsoft Entra ID access token for `https://cognitiveservices.azure.com/.default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_access_token: Option<Secret>,
    /// The output of `apiKeyHelper`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_helper: Option<Secret>,
}

const CREDENTIALS_FIELDS: &[&str] = &[
    "aws",
    "googleAccessToken",
    "googleProjectId",
    "azureAccessToken",
    "apiKeyHelper",
];

/// Read as a map, not as a struct: serde-wasm-bindgen looks up only a struct's own fields, so a
/// derived `deny_unknown_fields` would refuse a misspelled key in the native build alone.
impl<'de> Deserialize<'de> for Credentials {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = Credentials;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("struct Credentials")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Credentials, A::Error> {
                let mut c = Credentials::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "aws" => c.aws = map.next_value()?,
                        "googleAccessToken" => c.google_access_token = map.next_value()?,
                        "googleProjectId" => c.google_project_id = map.next_value()?,
                        "azureAccessToken" => c.azure_access_token = map.next_value()?,
                        "apiKeyHelper" => c.api_key_helper = map.next_value()?,
                        other => {
                            return Err(serde::de::Error::unknown_field(other, CREDENTIALS_FIELDS))
                        }
                    }
                }
                Ok(c)
            }
        }
        d.deserialize_map(Keys)
    }
}

/// What the runtime found when it looked for credentials; lets validation say
/// "no credentials" as an error instead of "not checked".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CredentialCheck {
    /// The runtime did not look (offline use, the browser).
    #[default]
    NotChecked,
    /// The runtime looked and found credentials.
    Found,
    /// The runtime looked and found none.
    NotFound,
}

/// The Azure scope Claude Code asks Entra ID for.
pub const AZURE_SCOPE: &str = "https://cognitiveservices.azure.com/.default";
/// Foundry's placeholder bearer under `CLAUDE_CODE_SKIP_FOUNDRY_AUTH`.
pub const FOUNDRY_SKIP_PLACEHOLDER: &str = "skip-foundry-auth";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_refuse_an_unknown_key_and_take_aws_sdk_objects_as_they_are() {
        let c: Credentials = serde_json::from_str(
            r#"{"aws": {"accessKeyId": "AKID", "secretAccessKey": "s", "expiration": "2026-01-01T00:00:00Z", "$source": {}},
                "googleAccessToken": null, "apiKeyHelper": "k"}"#,
        )
        .unwrap();
        assert_eq!(c.aws.unwrap().access_key_id, "AKID");
        assert_eq!(c.google_access_token, None);
        assert_eq!(c.api_key_helper.unwrap().expose(), "k");
        let e = serde_json::from_str::<Credentials>(r#"{"googleToken": "CANARY"}"#).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "unknown field `googleToken`, expected one of `aws`, `googleAccessToken`"
            ),
            "{e}"
        );
        assert!(!e.to_string().contains("CANARY"));
        assert!(serde_json::from_str::<Credentials>("[]").is_err());
        assert_eq!(
            serde_json::from_str::<Credentials>("{}").unwrap(),
            Credentials::default()
        );
    }
}

//! Diagnostics: every misconfiguration is a [`Problem`] with a stable [`Code`], a severity,
//! a message, the fix, and the variable or file at fault. [`Error`] carries one problem for
//! the operations that must stop (building a request, decoding a stream).
//!
//! Codes are part of the public contract (JS `.code`, CLI `--json`, docs): never rename or reuse one.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing will fail because of it.
    Info,
    /// Probably not what was meant, or fails in some setups.
    Warning,
    /// Claude Code would fail (or refuses to start) with this configuration.
    Error,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $wire:literal,)*) => {
        /// Stable problem codes. Serialized as the SCREAMING_SNAKE_CASE name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[non_exhaustive]
        pub enum Code { $($(#[$doc])* #[serde(rename = $wire)] $name,)* }

        // By hand: the same string as the derive's unit variant, through `as_str`'s one
        // table lookup instead of a match per code (-2.9 KB raw, -1.6 KB gzipped of .wasm).
        impl Serialize for Code {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl Code {
            /// Every code, for documentation and exhaustive tests.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The stable string form, e.g. `BEDROCK_REGION_INVALID`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $wire,)* }
            }

            /// Parses the stable string form.
            pub fn parse(s: &str) -> Option<Code> {
                match s { $($wire => Some(Code::$name),)* _ => None }
            }
        }
    };
}

codes! {
    // --- settings and env layering
    /// A settings layer is not a JSON object, or its `env` is not an object of strings.
    SettingsInvalid = "SETTINGS_INVALID",
    /// A settings `env` value overrides a different value exported in the shell.
    SettingsShadowsShell = "SETTINGS_SHADOWS_SHELL",
    /// A project/local settings file sets a variable Claude Code ignores from such files.
    SettingsEnvIgnored = "SETTINGS_ENV_IGNORED",
    /// A settings `env` key Claude Code would set under a name it never reads: a shell
    /// `export ` prefix, or spaces around the name (`"export AWS_REGION"`, `" AWS_REGION"`).
    SettingsEnvKeyInvalid = "SETTINGS_ENV_KEY_INVALID",
    /// Variables outside the `env` block, which is the only place Claude Code reads them from: a
    /// variable it reads as a top-level settings key, or a block named `environment`, `Env`…
    SettingsVarOutsideEnv = "SETTINGS_VAR_OUTSIDE_ENV",
    /// A secret (key, token, passphrase) in the project's shared `.claude/settings.json`, the
    /// settings file meant to be committed to the repository.
    SecretInProjectSettings = "SECRET_IN_PROJECT_SETTINGS",
    /// A variable name that is one typo away from a variable Claude Code reads, or a known
    /// wrong name for a provider selector (`CLAUDE_CODE_USE_AWS`, `CLAUDE_USE_BEDROCK`…).
    EnvNameNearMiss = "ENV_NAME_NEAR_MISS",
    /// A value that would inject into a URL host or path (`/`, `@`, `?`, `#`, spaces, CR/LF…).
    ValueUnsafe = "VALUE_UNSAFE",
    // --- provider selection
    /// More than one provider selector is on.
    ProviderConflict = "PROVIDER_CONFLICT",
    /// A `CLAUDE_CODE_USE_*` value that is neither truthy nor falsy.
    ProviderFlagUnrecognized = "PROVIDER_FLAG_UNRECOGNIZED",
    /// First-party variables (`ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`) set while a cloud provider is selected.
    FirstPartyVarsIgnored = "FIRST_PARTY_VARS_IGNORED",
    // --- endpoints
    /// A `*_BASE_URL` / endpoint variable is not an absolute http(s) URL.
    BaseUrlInvalid = "BASE_URL_INVALID",
    /// `ANTHROPIC_BASE_URL` ends in `/v1`, so requests go to `/v1/v1/messages`.
    BaseUrlEndsWithV1 = "BASE_URL_ENDS_WITH_V1",
    /// A base URL variable ends in the endpoint path Claude Code appends to it (`/v1/messages`,
    /// an OpenAI-style `/chat/completions`, Bedrock's `/model/{id}/invoke`, Vertex's
    /// `/projects/…/locations/…`): a request URL copied whole.
    BaseUrlHasEndpointPath = "BASE_URL_HAS_ENDPOINT_PATH",
    /// Plain `http://` to a host that is not loopback, or to an official provider host.
    BaseUrlInsecure = "BASE_URL_INSECURE",
    // --- first party / gateway auth
    /// No API key, auth token or `apiKeyHelper`: Claude Code says `Not logged in`.
    AnthropicNoCredentials = "ANTHROPIC_NO_CREDENTIALS",
    /// Both `ANTHROPIC_API_KEY` and `ANTHROPIC_AUTH_TOKEN` are set: both headers are sent.
    AnthropicKeyAndToken = "ANTHROPIC_KEY_AND_TOKEN",
    /// A credential in the variable meant for another kind (an OAuth token in
    /// `ANTHROPIC_API_KEY`, an API key in `ANTHROPIC_AUTH_TOKEN`, a Bedrock API key for
    /// Anthropic or the other way round): the server answers 401. Also a secret access key in
    /// `AWS_ACCESS_KEY_ID` (the AWS keys swapped): an error when requests are signed with it.
    CredentialWrongVariable = "CREDENTIAL_WRONG_VARIABLE",
    /// A credential in a variable that is not for credentials (an API key in
    /// `ANTHROPIC_MODEL`, a secret key in `AWS_PROFILE`): sent or shown as a plain value.
    CredentialInPlainVariable = "CREDENTIAL_IN_PLAIN_VARIABLE",
    /// A credential value Claude Code would send malformed: with a `Bearer ` prefix it adds
    /// again, or wrapped in quotes that are part of the value; or an `AWS_ACCESS_KEY_ID` the
    /// signer refuses (a space, `/` or `,`): an error.
    CredentialValueMalformed = "CREDENTIAL_VALUE_MALFORMED",
    /// A skip-auth variable with the provider's own host: requests go there unauthenticated.
    SkipAuthOnProviderHost = "SKIP_AUTH_ON_PROVIDER_HOST",
    /// `CLAUDE_CODE_OAUTH_TOKEN` (a Claude subscription token) is the only credential: Claude
    /// Code uses it, but its requests are not modelled here.
    OauthTokenNotModelled = "OAUTH_TOKEN_NOT_MODELLED",
    /// No key or token, but the runtime found Claude Code's `/login` credentials: Claude Code
    /// signs in with them, but its requests are not modelled here.
    ClaudeLoginNotModelled = "CLAUDE_LOGIN_NOT_MODELLED",
    /// `apiKeyHelper` and `ANTHROPIC_API_KEY` are both set: the headers get mixed values.
    ApiKeyHelperAndKey = "API_KEY_HELPER_AND_KEY",
    /// A gateway may reject Claude Code's newest betas and body fields.
    GatewayExperimentalBetas = "GATEWAY_EXPERIMENTAL_BETAS",
    // --- Bedrock and the other AWS routes
    /// No usable region source: `us-east-1` is used.
    BedrockRegionDefaulted = "BEDROCK_REGION_DEFAULTED",
    /// A region value that is not shaped like an AWS region is ignored.
    BedrockRegionInvalid = "BEDROCK_REGION_INVALID",
    /// `ANTHROPIC_BEDROCK_REGION_PREFIX` is not one of `us|eu|apac|jp|au|global`.
    BedrockRegionPrefixInvalid = "BEDROCK_REGION_PREFIX_INVALID",
    /// `ANTHROPIC_BEDROCK_SERVICE_TIER` is not one of `default|flex|priority`.
    BedrockServiceTierInvalid = "BEDROCK_SERVICE_TIER_INVALID",
    /// A bare foundation-model ID for a model that needs an inference profile.
    BedrockModelNeedsInferenceProfile = "BEDROCK_MODEL_NEEDS_INFERENCE_PROFILE",
    /// A pinned model's geo prefix does not match the region.
    BedrockModelPrefixRegionMismatch = "BEDROCK_MODEL_PREFIX_REGION_MISMATCH",
    /// The region in an ARN differs from the signing region.
    BedrockArnRegionMismatch = "BEDROCK_ARN_REGION_MISMATCH",
    /// `ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION` has no effect without a Haiku pin.
    BedrockSmallFastRegionUnused = "BEDROCK_SMALL_FAST_REGION_UNUSED",
    /// `AWS_ENDPOINT_URL_BEDROCK` is set: it moves the AWS SDK's Bedrock control-plane client,
    /// not the runtime host inference requests go to.
    BedrockControlPlaneEndpoint = "BEDROCK_CONTROL_PLANE_ENDPOINT",
    /// `ANTHROPIC_BEDROCK_BASE_URL` (or an AWS endpoint variable) is the Bedrock control-plane
    /// host `bedrock.<region>…`, which has no InvokeModel.
    BedrockBaseUrlControlPlane = "BEDROCK_BASE_URL_CONTROL_PLANE",
    /// A base URL on an AWS host in another region than the SigV4 signing region.
    AwsEndpointRegionMismatch = "AWS_ENDPOINT_REGION_MISMATCH",
    /// `ANTHROPIC_BETAS` values are dropped on this provider.
    BetasDropped = "BETAS_DROPPED",
    /// No AWS credentials could be found.
    AwsNoCredentials = "AWS_NO_CREDENTIALS",
    /// Only one of `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` is set.
    AwsKeysIncomplete = "AWS_KEYS_INCOMPLETE",
    /// Temporary (`ASIA…`) keys without `AWS_SESSION_TOKEN`.
    AwsSessionTokenMissing = "AWS_SESSION_TOKEN_MISSING",
    /// `AWS_BEARER_TOKEN_BEDROCK` wins over the IAM keys that are also set.
    AwsBearerOverridesKeys = "AWS_BEARER_OVERRIDES_KEYS",
    /// An SSO profile without `awsAuthRefresh`: expired sessions need a manual login.
    AwsSsoRefreshMissing = "AWS_SSO_REFRESH_MISSING",
    /// `AWS_BEARER_TOKEN_BEDROCK` is set but skip-auth means it is not sent.
    AwsBearerIgnored = "AWS_BEARER_IGNORED",
    /// The named AWS profile is not in `~/.aws/config` or `~/.aws/credentials`.
    AwsProfileNotFound = "AWS_PROFILE_NOT_FOUND",
    /// Claude Platform on AWS needs `ANTHROPIC_AWS_WORKSPACE_ID`.
    AnthropicAwsWorkspaceMissing = "ANTHROPIC_AWS_WORKSPACE_MISSING",
    // --- Vertex
    /// `ANTHROPIC_VERTEX_PROJECT_ID` is missing (required even with skip-auth).
    VertexProjectMissing = "VERTEX_PROJECT_MISSING",
    /// A Vertex location value that is not region-shaped is ignored.
    VertexRegionInvalid = "VERTEX_REGION_INVALID",
    /// No `CLOUD_ML_REGION`: requests go to `us-east5` (a warning when the location is in a
    /// variable other Google tools read, which Claude Code does not).
    VertexRegionDefaulted = "VERTEX_REGION_DEFAULTED",
    /// `ANTHROPIC_VERTEX_BASE_URL` does not end with `/v1`.
    VertexBaseUrlNoV1 = "VERTEX_BASE_URL_NO_V1",
    /// The model is not offered in the chosen Vertex location.
    VertexModelLocation = "VERTEX_MODEL_LOCATION",
    /// A Vertex model ID written with `-DATE` instead of `@DATE`.
    VertexModelIdDateForm = "VERTEX_MODEL_ID_DATE_FORM",
    /// No Google credentials could be found.
    VertexNoCredentials = "VERTEX_NO_CREDENTIALS",
    // --- Foundry
    /// Both `ANTHROPIC_FOUNDRY_RESOURCE` and `ANTHROPIC_FOUNDRY_BASE_URL` are set.
    FoundryTargetConflict = "FOUNDRY_TARGET_CONFLICT",
    /// Neither `ANTHROPIC_FOUNDRY_RESOURCE` nor `ANTHROPIC_FOUNDRY_BASE_URL` is set.
    FoundryTargetMissing = "FOUNDRY_TARGET_MISSING",
    /// `ANTHROPIC_FOUNDRY_RESOURCE` is not a bare resource name.
    FoundryResourceInvalid = "FOUNDRY_RESOURCE_INVALID",
    /// `ANTHROPIC_FOUNDRY_BASE_URL` on an Azure host lacks `/anthropic`.
    FoundryBaseUrlNoAnthropic = "FOUNDRY_BASE_URL_NO_ANTHROPIC",
    /// No Foundry key or token and no Azure identity.
    FoundryNoCredentials = "FOUNDRY_NO_CREDENTIALS",
    // --- Claude Platform on Google Cloud
    /// A required `ANTHROPIC_GOOGLE_CLOUD_*` variable is missing.
    GoogleCloudConfigMissing = "GOOGLE_CLOUD_CONFIG_MISSING",
    /// Claude Platform on Google Cloud: no Google credentials could be found (the Vertex AI
    /// route's is `VERTEX_NO_CREDENTIALS`; this one has no skip-auth variable).
    GoogleCloudNoCredentials = "GOOGLE_CLOUD_NO_CREDENTIALS",
    // --- models
    /// A model ID Claude Code does not recognize (it assumes defaults for it); a warning when
    /// it is a near miss of a known ID (a dotted version such as `claude-sonnet-4.6`, a typo)
    /// or wrapped in quotes that are part of the value, which the provider rejects.
    ModelUnrecognized = "MODEL_UNRECOGNIZED",
    /// A model ID in another provider's form (e.g. a Bedrock ID on Vertex).
    ModelIdWrongProvider = "MODEL_ID_WRONG_PROVIDER",
    /// `CLAUDE_CODE_MAX_OUTPUT_TOKENS` is not a positive integer.
    MaxOutputTokensInvalid = "MAX_OUTPUT_TOKENS_INVALID",
    /// A deprecated variable that still works (e.g. `ANTHROPIC_SMALL_FAST_MODEL`).
    VarDeprecated = "VAR_DEPRECATED",
    // --- request shaping
    /// `ANTHROPIC_CUSTOM_HEADERS` has a value Claude Code refuses to send.
    CustomHeadersInvalid = "CUSTOM_HEADERS_INVALID",
    /// A line of `ANTHROPIC_CUSTOM_HEADERS` is not sent as written: it has no `Name: value`, it
    /// repeats a name, it joins several headers; or it sets a header the HTTP client (`Host`,
    /// `Content-Length`, hop-by-hop headers) or the SigV4 signer (`X-Amz-Date`,
    /// `X-Amz-Security-Token`) sets itself, which is left out of the request.
    CustomHeaderDropped = "CUSTOM_HEADER_DROPPED",
    /// `ANTHROPIC_CUSTOM_HEADERS` sets an auth header, or a header the SigV4 signature depends
    /// on (`X-Amz-Content-Sha256`, signed as the payload hash).
    CustomHeadersAuth = "CUSTOM_HEADERS_AUTH",
    /// `CLAUDE_CODE_EXTRA_BODY` is not a JSON object.
    ExtraBodyInvalid = "EXTRA_BODY_INVALID",
    /// The request body is not a JSON object.
    BodyInvalid = "BODY_INVALID",
    /// The provider does not offer this request (e.g. token counting).
    RequestUnsupported = "REQUEST_UNSUPPORTED",
    /// A credential the request needs was not supplied by the runtime.
    CredentialsMissing = "CREDENTIALS_MISSING",
    /// A header value Claude Code refuses to send (line break, NUL, non-Latin-1).
    HeaderValueInvalid = "HEADER_VALUE_INVALID",
    /// The SigV4 signer got a malformed method, region, service, date or payload hash (a caller bug).
    SigningInputInvalid = "SIGNING_INPUT_INVALID",
    // --- network
    /// A proxy URL without a scheme or otherwise unparsable.
    ProxyUrlInvalid = "PROXY_URL_INVALID",
    /// Proxy variables (`https_proxy`/`HTTPS_PROXY`/`HTTP_PROXY`…) set to different proxies:
    /// Claude Code uses only the first.
    ProxyVarsConflict = "PROXY_VARS_CONFLICT",
    /// A proxy scheme Claude Code does not support (SOCKS).
    ProxySchemeUnsupported = "PROXY_SCHEME_UNSUPPORTED",
    /// `NO_PROXY` does not cover a loopback or plain-http endpoint that goes through the proxy.
    NoProxyMissesEndpoint = "NO_PROXY_MISSES_ENDPOINT",
    /// Only one of `CLAUDE_CODE_CLIENT_CERT` / `CLAUDE_CODE_CLIENT_KEY` is set.
    MtlsIncomplete = "MTLS_INCOMPLETE",
    /// The client key is encrypted but no passphrase is set.
    MtlsPassphraseMissing = "MTLS_PASSPHRASE_MISSING",
    /// `CLAUDE_CODE_CLIENT_KEY_PASSPHRASE` does not decrypt the client key (found by the
    /// runtime, which holds the key file).
    MtlsPassphraseWrong = "MTLS_PASSPHRASE_WRONG",
    /// A certificate file variable points at a file that does not exist or is not PEM, or (found
    /// by the runtime) a client key that is not the client certificate's.
    CertFileInvalid = "CERT_FILE_INVALID",
    /// `CLAUDE_CODE_CERT_STORE` is not `bundled`, `system` or both, or (from the Node
    /// transport) the stores it names hold no CA on this machine.
    CertStoreInvalid = "CERT_STORE_INVALID",
    /// A numeric variable (timeouts, retries) is not a valid number.
    NumberInvalid = "NUMBER_INVALID",
    // --- network, as the runtime found it (reported by the runtime's HTTP client)
    /// The endpoint could not be reached (refused, DNS, reset or connect timeout before it answered).
    NetworkUnreachable = "NETWORK_UNREACHABLE",
    /// The proxy could not be reached, or refused the `CONNECT`.
    ProxyUnreachable = "PROXY_UNREACHABLE",
    /// The proxy answered `407 Proxy Authentication Required`.
    ProxyAuthFailed = "PROXY_AUTH_FAILED",
    /// The server's certificate is not trusted (unknown CA, self-signed, expired, wrong host).
    TlsUntrusted = "TLS_UNTRUSTED",
    /// The server asked for a client certificate and got none, or rejected the one sent.
    TlsClientCertRejected = "TLS_CLIENT_CERT_REJECTED",
    /// The endpoint was reached but sent no response, or stopped sending it, within `API_TIMEOUT_MS`.
    RequestTimeout = "REQUEST_TIMEOUT",
    // --- streams
    /// The response content type does not match the provider's stream format.
    StreamContentType = "STREAM_CONTENT_TYPE",
    /// An event-stream prelude checksum does not match.
    StreamPreludeCrc = "STREAM_PRELUDE_CRC",
    /// An event-stream message checksum does not match.
    StreamMessageCrc = "STREAM_MESSAGE_CRC",
    /// An event-stream frame is malformed (length, headers).
    StreamFrameInvalid = "STREAM_FRAME_INVALID",
    /// A frame or line is larger than the configured limit.
    StreamTooLarge = "STREAM_TOO_LARGE",
    /// The stream ended in the middle of a frame or event, or the connection closed before the
    /// response body was complete.
    StreamTruncated = "STREAM_TRUNCATED",
    /// An event payload is not the JSON it should be.
    StreamPayloadInvalid = "STREAM_PAYLOAD_INVALID",
    /// Bytes were pushed into a stream decoder after `finish()`.
    StreamFinished = "STREAM_FINISHED",
    /// The provider reported an error inside the stream or as an HTTP error.
    ProviderError = "PROVIDER_ERROR",
    // --- settings edits (`claude-provider switch`, the editor's provider switcher)
    /// Switching provider needs values that were not given (region, project, resource…).
    SwitchValuesMissing = "SWITCH_VALUES_MISSING",
    /// After the edit, a higher-precedence layer would still select another provider, or
    /// would override a value the edit writes (a region, a base URL, a key…).
    SwitchOverridden = "SWITCH_OVERRIDDEN",
    /// The edited configuration would still have errors, so nothing was written.
    SwitchLeavesErrors = "SWITCH_LEAVES_ERRORS",
    /// A secret value would be written into a file that git tracks.
    SecretInTrackedFile = "SECRET_IN_TRACKED_FILE",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, with everything a person needs to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// The variable at fault, if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_var: Option<String>,
    /// The settings or home file at fault (or that supplied the variable), if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl Problem {
    /// Not inlined: its ~120 call sites then pass the strings instead of each building the
    /// struct (-1477 B raw, -263 B gzipped of .wasm).
    #[inline(never)]
    pub fn new(
        code: Code,
        severity: Severity,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            help: help.into(),
            env_var: None,
            file: None,
        }
    }

    pub fn error(code: Code, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message, help)
    }

    pub fn warning(code: Code, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message, help)
    }

    pub fn info(code: Code, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(code, Severity::Info, message, help)
    }

    pub fn with_var(mut self, var: impl Into<String>) -> Self {
        self.env_var = Some(var.into());
        self
    }

    pub fn with_file(mut self, file: Option<impl Into<String>>) -> Self {
        self.file = file.map(Into::into);
        self
    }
}

/// The one error type of the core: a problem that stops an operation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", .0.code, .0.message)]
pub struct Error(pub Box<Problem>);

impl Error {
    pub fn code(&self) -> Code {
        self.0.code
    }
    pub fn message(&self) -> &str {
        &self.0.message
    }
    pub fn help(&self) -> &str {
        &self.0.help
    }
    pub fn env_var(&self) -> Option<&str> {
        self.0.env_var.as_deref()
    }
    pub fn problem(&self) -> &Problem {
        &self.0
    }
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Self {
        Self(Box::new(p))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

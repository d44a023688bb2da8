//! Validation: every problem at once. Resolution already reports what it meets on the way;
//! this adds the checks that need facts from the runtime (did it find credentials?) and the
//! whole-environment checks (near-miss variable names).

use crate::auth::{AuthMethod, AwsCredentialSource, CredentialCheck};
use crate::env::{ConfigInput, Env, EnvOrder};
use crate::problem::{Code, Problem, Severity};
use crate::provider::ProviderId;
use crate::resolve::{resolve_env, Resolution};
use crate::vars;
use serde::{Deserialize, Serialize};

/// Facts the runtime learned that the core cannot know offline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidateOptions {
    /// Whether the runtime looked for the provider's credentials (AWS chain, ADC, Azure).
    pub credentials: CredentialCheck,
    /// The project the runtime's Google credentials resolved (`GoogleAuth.getProjectId()`):
    /// Vertex uses it when no variable names a project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google_project_id: Option<String>,
}

/// The resolution with every problem, including the runtime-dependent ones.
pub fn validate(input: &ConfigInput, opts: &ValidateOptions) -> Resolution {
    let order = EnvOrder::new(input);
    let env = order.env();
    let mut r = resolve_env(&env);
    let mut extra = Vec::new();
    let project = opts.google_project_id.as_deref();
    if let Some(p) = crate::resolve::vertex_credentials_project(&r, project, &mut extra) {
        r.details.project = Some(p);
        r.problems.retain(|p| p.code != Code::VertexProjectMissing);
    }
    credential_problems(&r, opts.credentials, &mut extra);
    if opts.credentials == CredentialCheck::NotChecked {
        offline_aws_chain_note(&env, &r, &mut extra);
        offline_google_adc_problem(&env, &r, &mut extra);
        offline_azure_note(&env, &r, &mut extra);
    }
    credential_value_problems(&env, &r, &mut extra);
    wrong_variable_problems(&env, &r, &mut extra);
    aws_key_id_problems(&env, &r, &mut extra);
    skip_auth_problems(&r, &mut extra);
    extra.extend(crate::network::check_pem_files(
        &r.network,
        &input.pem_files,
    ));
    near_misses(&env, &r.problems, &mut extra);
    r.problems.extend(extra);
    crate::resolve::scrub_pasted_credentials(&env, &mut r.problems);
    r.problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
    r
}

/// The checks Claude Code makes before sending a credential from the environment as a header
/// (a line break, a typographic quote…), made here too so that `validate` reports what only a
/// request would otherwise show.
fn credential_value_problems(env: &Env<'_>, r: &Resolution, out: &mut Vec<Problem>) {
    let vars: [(Option<&str>, &str); 2] = match &r.auth.method {
        AuthMethod::ApiKey { env_var } => [(Some(env_var), "x-api-key"), (None, "")],
        AuthMethod::Bearer { env_var } => [(Some(env_var), "authorization"), (None, "")],
        AuthMethod::ApiKeyAndBearer { key_var, token_var } => [
            (Some(key_var), "x-api-key"),
            (Some(token_var), "authorization"),
        ],
        AuthMethod::ApiKeyHelper {
            api_key_var: Some(var),
            ..
        } => [(Some(var), "x-api-key"), (None, "")],
        AuthMethod::Skip {
            bearer_var: Some(var),
            ..
        } => [(Some(var), "authorization"), (None, "")],
        _ => [(None, ""), (None, "")],
    };
    // AWS_SESSION_TOKEN goes out as `x-amz-security-token` when the env keys sign.
    if let AuthMethod::SigV4 {
        credentials: AwsCredentialSource::EnvKeys,
        ..
    } = &r.auth.method
    {
        if let Some(v) = env.var("AWS_SESSION_TOKEN") {
            if let Err(p) = crate::headers::check_env_header_value(
                "x-amz-security-token",
                v.raw.trim(),
                "AWS_SESSION_TOKEN",
            ) {
                out.push(p.with_file(v.file()));
            }
        }
    }
    for (var, header) in vars {
        let Some(var) = var else { continue };
        let Some(v) = env.var(var) else { continue };
        let value = v.raw.trim();
        if let Err(p) = crate::headers::check_env_header_value(header, value, var) {
            out.push(p.with_file(v.file()));
            continue;
        }
        // Names only: the value is a secret.
        let bearer = value.len() > 7 && value.as_bytes()[..7].eq_ignore_ascii_case(b"bearer ");
        let malformed = if bearer && header == "authorization" {
            Some((
                format!("{var} starts with \"Bearer \": Claude Code adds that itself, so the server gets \"Authorization: Bearer Bearer …\" and answers 401."),
                format!("Set {var} to the token alone, without the \"Bearer \" prefix."),
            ))
        } else if bearer {
            Some((
                format!("{var} starts with \"Bearer \": it is sent as the x-api-key header's whole value, prefix included, and the server answers 401."),
                format!("Set {var} to the key alone, without the \"Bearer \" prefix (a gateway that wants \"Authorization: Bearer …\" takes the token in ANTHROPIC_AUTH_TOKEN)."),
            ))
        } else if crate::vars::inside_quotes(value).is_some() {
            Some((
                format!("{var}'s value is {}, so they are sent with the credential and the server answers 401.", crate::vars::QUOTED),
                format!("Remove the inner quotes from {var}'s value."),
            ))
        } else {
            None
        };
        if let Some((message, help)) = malformed {
            out.push(
                Problem::warning(Code::CredentialValueMalformed, message, help)
                    .with_var(var)
                    .with_file(v.file()),
            );
        }
    }
}

/// A skip-auth variable with the provider's own host (no gateway URL): requests reach AWS,
/// Google or Azure with no credential at all, and they answer 401/403. A bearer token or a
/// custom `authorization` header is still sent, so those are left alone (a Bedrock API key
/// works as a bearer token there).
fn skip_auth_problems(r: &Resolution, out: &mut Vec<Problem>) {
    let AuthMethod::Skip {
        skip_var,
        bearer_var: None,
        ..
    } = &r.auth.method
    else {
        return;
    };
    let Some(ep) = &r.endpoint else { return };
    if ep.host_class != crate::resolve::HostClass::Own || r.knobs.custom_auth_header {
        return;
    }
    let base_var = r.provider.base_url_var();
    out.push(
        Problem::warning(
            Code::SkipAuthOnProviderHost,
            format!("{skip_var} is set, but requests go to the provider's own host ({}) without any credential, which it answers with 401/403.", crate::vars::mask_url_credentials(&ep.base_url)),
            format!("{skip_var} is for a gateway that authenticates: set {base_var} to the gateway's URL, or unset {skip_var} to authenticate directly."),
        )
        .with_var(skip_var.as_str()),
    );
}

/// SPEC §10.6: a credential in the variable meant for another kind, told by its shape
/// (Anthropic API keys `sk-ant-api…`, OAuth tokens `sk-ant-oat…`, Bedrock API keys `ABSK…`).
/// Gateways take what they like, so the Anthropic variables are checked against
/// api.anthropic.com only.
fn wrong_variable_problems(env: &Env<'_>, r: &Resolution, out: &mut Vec<Problem>) {
    // What each credential variable holds, by the shapes the providers issue (the same rules
    // that keep a credential pasted elsewhere out of output).
    let shape = |name: &str| {
        env.var(name).and_then(|v| {
            let shape = crate::secret::credential_shape(v.raw)?;
            Some((shape, v.file().map(str::to_owned)))
        })
    };
    let first_party = r.provider == ProviderId::Anthropic && !r.gateway;
    let mut flag = |var: &str, file: Option<String>, message: &str, help: &str| {
        out.push(
            Problem::warning(Code::CredentialWrongVariable, message, help)
                .with_var(var)
                .with_file(file.as_deref()),
        );
    };
    if first_party {
        match shape("ANTHROPIC_API_KEY") {
            Some(("an Anthropic OAuth token", file)) => flag("ANTHROPIC_API_KEY", file, "ANTHROPIC_API_KEY holds an OAuth token (sk-ant-oat…): Claude Code sends it as x-api-key, and the API answers 401 (invalid x-api-key).", "Move it to ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer), or set ANTHROPIC_API_KEY to an API key (sk-ant-api…) from the Claude Console."),
            Some(("an Amazon Bedrock API key", file)) => flag("ANTHROPIC_API_KEY", file, "ANTHROPIC_API_KEY holds an Amazon Bedrock API key (ABSK…), which api.anthropic.com does not accept (401).", "For Bedrock set CLAUDE_CODE_USE_BEDROCK=1 and AWS_BEARER_TOKEN_BEDROCK to that key; for the Anthropic API use a key from the Claude Console."),
            _ => {}
        }
        if let Some(("an Anthropic API key", file)) = shape("ANTHROPIC_AUTH_TOKEN") {
            flag("ANTHROPIC_AUTH_TOKEN", file, "ANTHROPIC_AUTH_TOKEN holds an Anthropic API key (sk-ant-api…): Claude Code sends it as Authorization: Bearer, and api.anthropic.com answers 401 for an API key there.", "Move the key to ANTHROPIC_API_KEY (sent as x-api-key); ANTHROPIC_AUTH_TOKEN is for gateway tokens.");
        }
    }
    if r.provider == ProviderId::Bedrock {
        if let Some(("an Anthropic API key" | "an Anthropic OAuth token", file)) =
            shape("AWS_BEARER_TOKEN_BEDROCK")
        {
            flag("AWS_BEARER_TOKEN_BEDROCK", file, "AWS_BEARER_TOKEN_BEDROCK holds an Anthropic key (sk-ant-…), which Bedrock does not accept (403).", "Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key (ABSK…, from the Bedrock console), or unset it to sign with AWS credentials.");
        }
    }
}

/// `AWS_ACCESS_KEY_ID` when requests are signed with the env keys or not: a secret access key
/// there (the two keys swapped, which status must not show either), a character Claude Code's
/// header check refuses, or one the signer refuses. The request builder checks a key ID from
/// the env itself and, when it refuses one, returns [`aws_key_id_problem`]'s problem, the
/// one reported here (the header check is the builder's own, `headers::check_env_header_value`).
fn aws_key_id_problems(env: &Env<'_>, r: &Resolution, out: &mut Vec<Problem>) {
    if !matches!(
        r.provider,
        ProviderId::Bedrock | ProviderId::Mantle | ProviderId::AnthropicAws
    ) {
        return;
    }
    let Some(id) = env.var("AWS_ACCESS_KEY_ID") else {
        return;
    };
    // Signed with the env keys: a bad ID fails every request. Else (a Bedrock API key wins, a
    // skip-auth gateway) it is only in the wrong place.
    let signs = matches!(
        &r.auth.method,
        AuthMethod::SigV4 {
            credentials: AwsCredentialSource::EnvKeys,
            ..
        }
    );
    let value = id.raw.trim();
    let secret = env.var("AWS_SECRET_ACCESS_KEY").map(|s| s.raw.trim());
    if crate::secret::secret_key_as_key_id(value) || !signs {
        out.extend(aws_key_id_problem(value, secret, signs).map(|p| p.with_file(id.file())));
        return;
    }
    // What the builder checks, in its order: the header-value check, then the signer's.
    match crate::headers::check_env_header_value("x-amz-credential", value, "AWS_ACCESS_KEY_ID") {
        Err(p) => out.push(p.with_file(id.file())),
        Ok(()) => {
            out.extend(aws_key_id_problem(value, secret, signs).map(|p| p.with_file(id.file())))
        }
    }
}

/// The problem with `AWS_ACCESS_KEY_ID`'s (trimmed) `value`, `secret` being
/// `AWS_SECRET_ACCESS_KEY`'s, when requests are signed with them (`signs`) or not:
/// `CREDENTIAL_WRONG_VARIABLE` for a secret access key there, `CREDENTIAL_VALUE_MALFORMED`
/// for a key ID the signer refuses ([`crate::sigv4::access_key_id_is_malformed`]; only when it
/// `signs`). Names the variables, never the values. `validate` reports it, and the request
/// builder returns it when it refuses the env's key ID, so both say the same.
pub(crate) fn aws_key_id_problem(
    value: &str,
    secret: Option<&str>,
    signs: bool,
) -> Option<Problem> {
    if crate::secret::secret_key_as_key_id(value) {
        return Some(key_id_looks_secret(KeysAt::Env, value, secret, signs));
    }
    let malformed = crate::sigv4::access_key_id_is_malformed(value);
    (signs && malformed).then(|| {
        Problem::error(
            Code::CredentialValueMalformed,
            "AWS_ACCESS_KEY_ID is malformed: it has a space, a '/' or ',', or a character that is not printable ASCII, which no access key ID has (AKIA… or ASIA… and 16 letters or digits), so requests cannot be signed with it.",
            "Check AWS_ACCESS_KEY_ID for stray characters (quotes, a comma, text pasted with the key) and set it to the access key ID alone.",
        )
        .with_var("AWS_ACCESS_KEY_ID")
    })
}

/// Where an AWS key pair was found.
pub(crate) enum KeysAt<'a> {
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    Env,
    /// A profile's `aws_access_key_id` and `aws_secret_access_key`, in `file`; `named`: by
    /// AWS_PROFILE (else it is the `default` profile).
    Profile {
        name: &'a str,
        file: Option<&'a str>,
        named: bool,
    },
    /// Credentials the runtime obtained (from a profile, credential_process, awsCredentialExport).
    Runtime,
}

/// `CREDENTIAL_WRONG_VARIABLE`: the access key ID `id` found `at` looks like a secret access key
/// (the keys swapped when `secret`, found with it, is an access key ID). An error when requests
/// are signed with it (`signs`), else a warning. Names where the keys are (the variable, the
/// profile's file and AWS_PROFILE when it is set), never the values.
pub(crate) fn key_id_looks_secret(
    at: KeysAt<'_>,
    id: &str,
    secret: Option<&str>,
    signs: bool,
) -> Problem {
    let swapped = secret.is_some_and(|s| crate::secret::is_aws_access_key_id(s.trim()));
    let (place, id_name, secret_name) = match at {
        KeysAt::Env => (String::new(), "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
        KeysAt::Profile { name, .. } => (
            format!("In AWS profile {name:?}, "),
            "aws_access_key_id",
            "aws_secret_access_key",
        ),
        KeysAt::Runtime => (
            "In the AWS credentials found at run time, ".to_owned(),
            "the access key ID",
            "the secret access key",
        ),
    };
    let what = if swapped {
        format!("{id_name} and {secret_name} look swapped: {id_name} holds what looks like a secret access key (letters, digits, / and +) and {secret_name} an access key ID (AKIA… or ASIA…, 20 characters)")
    } else {
        format!("{id_name} holds what looks like a secret access key (letters, digits, / and +), not an access key ID (AKIA… or ASIA… and 16 letters or digits)")
    };
    let consequence = if !signs {
        format!("It is not used by this route, but {id_name} is a plain variable that tools print.")
    } else if crate::sigv4::access_key_id_is_malformed(id) {
        "Requests cannot be signed with it: an access key ID has no '/'.".to_owned()
    } else {
        "AWS answers 403 (InvalidClientTokenId) to requests signed with it.".to_owned()
    };
    // As a sentence ("Swap …") and after a semicolon ("swap …").
    let (verb, lower, fix) = if swapped {
        ("Swap", "swap", format!("the two values: {id_name} takes the AKIA…/ASIA… key ID, {secret_name} the 40-character secret"))
    } else {
        (
            "Set",
            "set",
            format!("{id_name} to the access key ID and {secret_name} to the secret access key"),
        )
    };
    let fix = match &at {
        KeysAt::Env if swapped => format!("{verb} {fix}."),
        KeysAt::Env => format!("{verb} {fix} (`aws configure export-credentials --format env` prints both)."),
        KeysAt::Profile { name, file, .. } => format!("Run `aws configure --profile {name}` and enter the access key ID, then the secret access key; or, in {}, {lower} {fix}.", file.unwrap_or("the file")),
        KeysAt::Runtime => "Check where the credentials come from (a profile's aws_access_key_id and aws_secret_access_key, or what awsCredentialExport or credential_process prints).".to_owned(),
    };
    let message = format!("{place}{what}. {consequence}");
    let help = format!("{fix} If the secret was shown or shared while it was in the key ID's place, rotate the key pair.");
    let p = if signs {
        Problem::error(Code::CredentialWrongVariable, message, help)
    } else {
        Problem::warning(Code::CredentialWrongVariable, message, help)
    };
    match at {
        KeysAt::Env => p.with_var("AWS_ACCESS_KEY_ID"),
        KeysAt::Profile { file, named, .. } => {
            let p = p.with_file(file);
            if named {
                p.with_var("AWS_PROFILE")
            } else {
                p
            }
        }
        KeysAt::Runtime => p,
    }
}

/// Does this auth plan depend on credentials only the runtime can find?
pub fn needs_runtime_credentials(method: &AuthMethod) -> bool {
    match method {
        AuthMethod::SigV4 { credentials, .. } => *credentials != AwsCredentialSource::EnvKeys,
        AuthMethod::GoogleOAuth
        | AuthMethod::AzureEntraId { .. }
        | AuthMethod::ApiKeyHelper { .. } => true,
        _ => false,
    }
}

/// The code for Google credentials not found on `provider` (Vertex AI or Claude Platform on
/// Google Cloud), and the end of its fix: Vertex's skip-auth variable for a gateway (the other
/// route has none).
fn google_no_credentials(provider: ProviderId) -> (Code, &'static str) {
    if provider == ProviderId::Vertex {
        (
            Code::VertexNoCredentials,
            "; behind a gateway that authenticates, set CLAUDE_CODE_SKIP_VERTEX_AUTH=1",
        )
    } else {
        (Code::GoogleCloudNoCredentials, "")
    }
}

fn credential_problems(r: &Resolution, check: CredentialCheck, out: &mut Vec<Problem>) {
    if check != CredentialCheck::NotFound || !needs_runtime_credentials(&r.auth.method) {
        return;
    }
    let p = match (&r.auth.method, r.provider) {
        (AuthMethod::SigV4 { .. }, _) => Problem::error(
            Code::AwsNoCredentials,
            "Could not load AWS credentials · Could not load credentials from any providers.",
            "Set AWS_PROFILE to a configured profile and run `aws sso login --profile <name>`, export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or set AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key).",
        )
        .with_var("AWS_PROFILE"),
        // `auth.source` is GOOGLE_APPLICATION_CREDENTIALS's when it is set (Vertex AI).
        (AuthMethod::GoogleOAuth, provider) => {
            let (code, gateway) = google_no_credentials(provider);
            let help = if r.auth.source.is_some() {
                format!("Check the key file GOOGLE_APPLICATION_CREDENTIALS names: it must exist, be readable and hold a service-account or external-account key. Or unset it and run `gcloud auth application-default login`{gateway}.")
            } else {
                format!("Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file{gateway}.")
            };
            Problem::error(
                code,
                "Could not load Google Cloud credentials · Could not load the default credentials.",
                help,
            )
            .with_var("GOOGLE_APPLICATION_CREDENTIALS")
            .with_file(r.auth.source.as_ref().and_then(|s| s.file()))
        }
        (AuthMethod::AzureEntraId { .. }, _) => Problem::error(
            Code::FoundryNoCredentials,
            // Claude Code's text (capture err_foundry_no_credentials), then what it tried.
            "Could not load Azure credentials · Failed to get token from azureADTokenProvider: ChainedTokenCredential authentication failed (no identity from the environment, a managed identity or the Azure CLI).",
            "Set ANTHROPIC_FOUNDRY_API_KEY, or run `az login`, or set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET.",
        )
        .with_var("ANTHROPIC_FOUNDRY_API_KEY"),
        (AuthMethod::ApiKeyHelper { .. }, ProviderId::Anthropic) => Problem::error(
            Code::AnthropicNoCredentials,
            "The apiKeyHelper command produced no key.",
            "Run the apiKeyHelper command by hand to see its error; it must print the key on stdout.",
        ),
        _ => return,
    };
    out.push(p);
}

/// Variables through which the AWS default chain may find credentials without a file (web
/// identity, ECS/EKS container credentials) or which mean the process runs where the platform
/// provides them (ECS, Lambda).
const AWS_CHAIN_ENV_SOURCES: [&str; 11] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "ECS_CONTAINER_METADATA_URI_V4",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_EXECUTION_ENV",
];

/// Offline, an AWS default chain with nothing to find: no keys, no web-identity or container
/// variables, no `awsAuthRefresh` that could write credentials, and either no `~/.aws` file
/// (the runtime looked for both) or a profile in use (`AWS_PROFILE`, else `default`) that has
/// no credentials in them (a `[default]` with only a region). Only the EC2 instance metadata
/// service is left, which cannot be checked offline: a note (the runtime's check, `request` or
/// `doctor`, gives the error when it finds nothing).
fn offline_aws_chain_note(env: &Env<'_>, r: &Resolution, out: &mut Vec<Problem>) {
    let AuthMethod::SigV4 { credentials, .. } = &r.auth.method else {
        return;
    };
    let home = &env.input().home;
    let config = home.aws_config.as_ref().map(|f| f.text.as_str());
    let creds = home.aws_credentials.as_ref().map(|f| f.text.as_str());
    let files = config.is_some() || creds.is_some();
    if *credentials != AwsCredentialSource::DefaultChain
        || !(home.aws_files_read || files)
        || AWS_CHAIN_ENV_SOURCES
            .iter()
            .any(|n| *n != "AWS_PROFILE" && env.get(n).is_some())
        || env.setting("awsAuthRefresh").is_some()
    {
        return;
    }
    let profile_var = env.var("AWS_PROFILE").map(|v| v.raw.trim());
    if profile_var.is_some() && !files {
        // AWS_PROFILE_NOT_FOUND says it: no file holds the profile.
        return;
    }
    let imds = if env
        .get("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        "and AWS_EC2_METADATA_DISABLED turns off the EC2 instance metadata service, so Claude Code will fail with \"Could not load AWS credentials\""
    } else {
        "so only the EC2 instance metadata service is left: on an EC2 instance with a role that works, anywhere else Claude Code fails with \"Could not load AWS credentials\""
    };
    let problem = if !files {
        Problem::info(
            Code::AwsNoCredentials,
            format!("No AWS credential source is set up here: no AWS_ACCESS_KEY_ID, no AWS_PROFILE, no ~/.aws/config or ~/.aws/credentials, no web-identity or container credential variables, no awsCredentialExport; {imds}."),
            "Run `aws configure sso` then `aws sso login` (and set AWS_PROFILE), export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, add an awsCredentialExport command to your Claude Code settings, or for Bedrock set AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key). `claude-provider doctor` checks what the chain finds.",
        )
    } else {
        let profile = profile_var.unwrap_or("default");
        if profile_var.is_some() && !crate::aws_files::profile_exists(config, creds, profile) {
            // AWS_PROFILE_NOT_FOUND says it.
            return;
        }
        let which = match profile_var {
            Some(_) => format!("AWS profile {profile:?} (AWS_PROFILE)"),
            None => "the default AWS profile (no AWS_PROFILE is set)".to_owned(),
        };
        Problem::info(
            Code::AwsNoCredentials,
            format!("{which} has no credentials in ~/.aws/config or ~/.aws/credentials (no keys, SSO, role, credential_process or web identity), and no other AWS credential source is set; {imds}."),
            format!("Give the profile credentials (`aws configure sso --profile {profile}` then `aws sso login --profile {profile}`, or `aws configure --profile {profile}` for keys), or set AWS_PROFILE to a profile that has them. `claude-provider doctor` checks what the chain finds."),
        )
    };
    out.push(problem.with_var("AWS_PROFILE"));
}

/// Offline, Google auth with no credentials file where the runtime looked for one
/// (`HomeFiles::google_adc_found`): the file `GOOGLE_APPLICATION_CREDENTIALS` names does not
/// exist (google-auth-library stops there: an error), or, with no such variable, gcloud's
/// Application Default Credentials file does not (only the metadata server is left, which
/// works on Google Cloud: a note). A `gcpAuthRefresh` command may write the file: nothing then.
fn offline_google_adc_problem(env: &Env<'_>, r: &Resolution, out: &mut Vec<Problem>) {
    let named = env.var("GOOGLE_APPLICATION_CREDENTIALS");
    if r.auth.method != AuthMethod::GoogleOAuth
        || env.input().home.google_adc_found != Some(false)
        || env.setting("gcpAuthRefresh").is_some()
        // Set, but to a pasted credential (CREDENTIAL_IN_PLAIN_VARIABLE says so): not "unset".
        || (named.is_none()
            && env
                .lookup("GOOGLE_APPLICATION_CREDENTIALS")
                .is_some_and(|v| v.value().is_some()))
    {
        return;
    }
    let (code, skip) = google_no_credentials(r.provider);
    let problem = match named {
        Some(v) => Problem::error(
            code,
            format!("GOOGLE_APPLICATION_CREDENTIALS={:?} names a file that does not exist: Google auth stops there, and every request fails with \"Could not load the default credentials\".", v.raw.trim()),
            format!("Point GOOGLE_APPLICATION_CREDENTIALS at the service-account or external-account key file (an absolute path; a relative one is taken from the directory Claude Code runs in), or unset it and run `gcloud auth application-default login`{skip}."),
        )
        .with_file(v.file()),
        None => Problem::info(
            code,
            "No Google credentials file: GOOGLE_APPLICATION_CREDENTIALS is not set and gcloud's Application Default Credentials file (~/.config/gcloud/application_default_credentials.json, or under CLOUDSDK_CONFIG) does not exist, so only the metadata server is left: on Google Cloud (Compute Engine, GKE, Cloud Run) with a service account that works, anywhere else Claude Code fails with \"Could not load the default credentials\".",
            format!("Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file{skip}. `claude-provider doctor` checks what Google auth finds."),
        ),
    };
    out.push(problem.with_var("GOOGLE_APPLICATION_CREDENTIALS"));
}

/// The variables through which `DefaultAzureCredential` finds an identity without a sign-in
/// directory: a service principal (secret, certificate, user), workload identity, and the
/// managed-identity endpoints of App Service, Functions and Arc.
const AZURE_ENV_SOURCES: [&str; 9] = [
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_CLIENT_CERTIFICATE_PATH",
    "AZURE_FEDERATED_TOKEN_FILE",
    "AZURE_USERNAME",
    "IDENTITY_ENDPOINT",
    "MSI_ENDPOINT",
    "IMDS_ENDPOINT",
];

/// Offline, Foundry's Entra ID auth with nothing it could sign in with where the runtime
/// looked (`HomeFiles::azure_login_found`): no Azure variables and no Azure CLI, Azure
/// Developer CLI or Azure PowerShell sign-in, so only a managed identity is left (which works on Azure): a note,
/// as for AWS and Google.
fn offline_azure_note(env: &Env<'_>, r: &Resolution, out: &mut Vec<Problem>) {
    if !matches!(r.auth.method, AuthMethod::AzureEntraId { .. })
        || env.input().home.azure_login_found != Some(false)
        || AZURE_ENV_SOURCES.iter().any(|n| env.get(n).is_some())
    {
        return;
    }
    out.push(
        Problem::info(
            Code::FoundryNoCredentials,
            "No Azure credential source is set up here: no ANTHROPIC_FOUNDRY_API_KEY or ANTHROPIC_FOUNDRY_AUTH_TOKEN, no AZURE_TENANT_ID/AZURE_CLIENT_ID (service principal or workload identity) variables, no Azure CLI sign-in (~/.azure), Azure Developer CLI sign-in (~/.azd) or Azure PowerShell sign-in (~/.Azure); so only a managed identity is left: on Azure with a managed identity that has access to the resource, anywhere else Claude Code fails with \"Could not load Azure credentials\".",
            "Set ANTHROPIC_FOUNDRY_API_KEY (a key of the Foundry resource), run `az login`, or set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET for a service principal. `claude-provider doctor` checks what the chain finds.",
        )
        .with_var("ANTHROPIC_FOUNDRY_API_KEY"),
    );
}

/// Edit distance with adjacent transpositions (optimal string alignment: `REGOIN` is one edit
/// from `REGION`, the commonest slip, not two), ASCII case ignored, capped: returns `cap + 1`
/// as soon as it is exceeded.
pub(crate) fn distance(a: &str, b: &str, cap: usize) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let eq = |x: u8, y: u8| x.eq_ignore_ascii_case(&y);
    // Rows i-2, i-1 and i of the table.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(!eq(ca, cb));
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && eq(ca, b[j - 1]) && eq(a[i - 1], cb) {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
            row_min = row_min.min(d);
        }
        // Each row's minimum is at most one more than the row before's, so once a row is past
        // the cap, a transposition from two rows back cannot bring the next one under it.
        if row_min > cap {
            return cap + 1;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(cap + 1)
}

const WATCHED_PREFIXES: [&str; 9] = [
    "CLAUDE_",
    "ANTHROPIC_",
    "AWS_",
    "VERTEX_",
    "CLOUD_ML",
    "GOOGLE_",
    "GCLOUD_",
    "AZURE_",
    "NODE_EXTRA",
];

/// Whether a name is one a person meant for Claude Code or its providers: it starts with one
/// of their prefixes, or its first word is one slip from `ANTHROPIC` or `CLAUDE`
/// (`ANTROPIC_MODEL`).
fn watched(upper: &str) -> bool {
    if WATCHED_PREFIXES.iter().any(|p| upper.starts_with(p)) {
        return true;
    }
    let first = upper.split('_').next().unwrap_or_default();
    ["ANTHROPIC", "CLAUDE"]
        .iter()
        .any(|w| distance(first, w, 1) <= 1)
}

/// The prefixes people put before `USE_<PROVIDER>` ([`SELECTOR_ALIASES`]), longest first.
const SELECTOR_PREFIXES: [&str; 5] = ["CLAUDE_CODE_", "CLAUDECODE_", "ANTHROPIC_", "CLAUDE_", ""];

/// Provider words people write after `USE_` that are not Claude Code's, with the selector
/// meant and the other selectors for the same cloud. Deliberate, not by distance: `AWS` is not
/// near `BEDROCK`, and `CLAUDE_USE_BEDROCK` is five edits from `CLAUDE_CODE_USE_BEDROCK`.
const SELECTOR_ALIASES: [(&str, ProviderId); 23] = [
    ("BEDROCK", ProviderId::Bedrock),
    ("AWS", ProviderId::Bedrock),
    ("AWS_BEDROCK", ProviderId::Bedrock),
    ("AMAZON", ProviderId::Bedrock),
    ("AMAZON_BEDROCK", ProviderId::Bedrock),
    ("VERTEX", ProviderId::Vertex),
    ("VERTEX_AI", ProviderId::Vertex),
    ("VERTEXAI", ProviderId::Vertex),
    ("GCP", ProviderId::Vertex),
    ("GOOGLE", ProviderId::Vertex),
    ("GOOGLE_VERTEX", ProviderId::Vertex),
    ("GOOGLE_VERTEX_AI", ProviderId::Vertex),
    ("GOOGLE_CLOUD", ProviderId::Vertex),
    ("FOUNDRY", ProviderId::Foundry),
    ("AZURE", ProviderId::Foundry),
    ("AZURE_FOUNDRY", ProviderId::Foundry),
    ("AZURE_AI", ProviderId::Foundry),
    ("AZURE_AI_FOUNDRY", ProviderId::Foundry),
    ("AI_FOUNDRY", ProviderId::Foundry),
    ("MICROSOFT_FOUNDRY", ProviderId::Foundry),
    ("MANTLE", ProviderId::Mantle),
    ("BEDROCK_MANTLE", ProviderId::Mantle),
    ("ANTHROPIC", ProviderId::Anthropic),
];

/// A name that is a known wrong spelling of a provider selector (`CLAUDE_CODE_USE_AWS`,
/// `CLAUDE_USE_BEDROCK`, `USE_VERTEX`…): the provider meant, and whether the name is a bare
/// `USE_<WORD>` (which other tools' `.env` files use for switches of their own).
fn selector_alias(name: &str) -> Option<(ProviderId, bool)> {
    let upper = name.to_ascii_uppercase();
    let (prefix, word) = SELECTOR_PREFIXES.iter().find_map(|p| {
        let word = upper.strip_prefix(p)?.strip_prefix("USE_")?;
        Some((*p, word))
    })?;
    // Bare `USE_<WORD>` only with Claude Code's own provider words: `USE_AWS`, `USE_GOOGLE`…
    // may well be another tool's switches.
    if prefix.is_empty() && !["BEDROCK", "VERTEX", "FOUNDRY", "MANTLE"].contains(&word) {
        return None;
    }
    SELECTOR_ALIASES
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, p)| (*p, prefix.is_empty()))
}

/// ENV_NAME_NEAR_MISS for `name`, a wrong name for the selector of `meant`, set to `raw`, with
/// `on` the real `CLAUDE_CODE_USE_*` selectors that are on. A mistake worth an error (a
/// warning for `…_USE_ANTHROPIC`) only when its value is truthy and no real selector is on:
/// the person meant to choose a provider and Claude Code uses the Anthropic API instead; then
/// `meant_problem` is the problem. Off, blank, or beside a real selector, it changes nothing:
/// info that says to remove it (renaming it would turn on a second selector, a
/// PROVIDER_CONFLICT), and nothing at all for a bare `USE_<WORD>`, likely another tool's.
fn selector_slip(
    name: &str,
    raw: &str,
    meant: ProviderId,
    bare: bool,
    on: &[(&str, ProviderId)],
    meant_problem: impl FnOnce() -> Problem,
) -> Option<Problem> {
    let truthy = crate::env::truthy(raw) == Some(true);
    if truthy && on.is_empty() {
        return Some(meant_problem());
    }
    if bare {
        return None;
    }
    let (message, help) = match (on.first(), meant.selector()) {
        (Some(&(first, current)), selector) => (
            format!("{name} is not a variable Claude Code reads, so it has no effect: {first} is on, so Claude Code uses {}.", current.display_name()),
            match selector {
                Some(s) if on.iter().any(|(o, _)| *o == s) => {
                    format!("Remove {name}: {s} already selects {}.", meant.display_name())
                }
                Some(s) => format!("Remove {name}. Do not rename it to {s}: with {first} on, that would turn on a second provider selector (PROVIDER_CONFLICT)."),
                None => format!("Remove {name}: the Anthropic API has no selector; Claude Code uses it only when no CLAUDE_CODE_USE_* variable is on."),
            },
        ),
        (None, selector) => (
            format!("{name} is not a variable Claude Code reads, so it has no effect (it is not set to a true value: 1, true, yes or on)."),
            match selector {
                Some(s) => format!("Remove {name}. To use {}, set {s}=1 instead.", meant.display_name()),
                None => format!("Remove {name}: Claude Code uses the Anthropic API when no CLAUDE_CODE_USE_* selector is on."),
            },
        ),
    };
    Some(Problem::info(Code::EnvNameNearMiss, message, help))
}

/// The problem for a truthy `name` that is a known wrong name of the selector for `provider`
/// while no real selector is on.
fn selector_alias_problem(name: &str, provider: ProviderId) -> Problem {
    let Some(selector) = provider.selector() else {
        // `CLAUDE_CODE_USE_ANTHROPIC`: the Anthropic API needs no selector.
        return Problem::warning(
            Code::EnvNameNearMiss,
            format!("{name} is not a variable Claude Code reads; the Anthropic API has no selector: it is used when no CLAUDE_CODE_USE_* variable is on."),
            format!("Remove {name}: Claude Code uses the Anthropic API when no CLAUDE_CODE_USE_* selector is on. For Claude Platform on AWS or Google Cloud, set CLAUDE_CODE_USE_ANTHROPIC_AWS=1 or CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD=1 instead."),
        );
    };
    let also = match provider {
        ProviderId::Bedrock => " For Amazon Bedrock Mantle use CLAUDE_CODE_USE_MANTLE; for Claude Platform on AWS, CLAUDE_CODE_USE_ANTHROPIC_AWS.",
        ProviderId::Vertex => " For Claude Platform on Google Cloud use CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD.",
        _ => "",
    };
    Problem::error(
        Code::EnvNameNearMiss,
        format!("{name} is not a variable Claude Code reads; did you mean {selector}?"),
        format!(
            "Rename {name} to {selector} (for {}).{also}",
            provider.display_name()
        ),
    )
}

/// Flags variable names one or two edits away from one Claude Code reads, or the same words
/// in another order (`VERTEX_REGION_CLAUDE_4_5_HAIKU` for `…_HAIKU_4_5`), which beats a
/// closer spelling, and the known wrong names of provider selectors ([`SELECTOR_ALIASES`]).
/// A name `reported` already has a near-miss problem for (the resolution's Vertex per-model
/// region check), or a settings key problem for (`"export AWS_REGION"`), gets no second one.
pub fn near_misses(env: &Env<'_>, reported: &[Problem], out: &mut Vec<Problem>) {
    // The real selectors that are on, in Claude Code's order (the first one wins).
    let on: Vec<(&str, ProviderId)> = crate::provider::SELECTORS
        .into_iter()
        .filter(|(s, _)| env.flag(s))
        .collect();
    for name in env.all_names() {
        if vars::KNOWN.iter().any(|(k, _)| *k == name)
            || reported.iter().any(|p| {
                matches!(p.code, Code::EnvNameNearMiss | Code::SettingsEnvKeyInvalid)
                    && p.env_var.as_deref() == Some(name)
            })
        {
            continue;
        }
        let var = env.lookup(name);
        let file = var.and_then(|v| v.file());
        let raw = var.map_or("", |v| v.raw);
        if let Some((provider, bare)) = selector_alias(name) {
            let slip = selector_slip(name, raw, provider, bare, &on, || {
                selector_alias_problem(name, provider)
            });
            if let Some(p) = slip {
                out.push(p.with_var(name).with_file(file));
            }
            continue;
        }
        if !watched(&name.to_ascii_uppercase()) {
            continue;
        }
        let cap = if name.len() >= 12 { 2 } else { 1 };
        let mut words: Vec<&str> = name.split('_').collect();
        words.sort_unstable();
        let reordered = vars::KNOWN.iter().map(|(k, _)| *k).find(|k| {
            if k.len() != name.len() {
                return false;
            }
            let mut w: Vec<&str> = k.split('_').collect();
            w.sort_unstable();
            w == words
        });
        let best = reordered.or_else(|| {
            vars::KNOWN
                .iter()
                .map(|(k, _)| (distance(name, k, cap), *k))
                .filter(|(d, _)| *d <= cap)
                .min_by_key(|(d, _)| *d)
                .map(|(_, k)| k)
        });
        if let Some(known) = best {
            let meant = || {
                Problem::new(
                    Code::EnvNameNearMiss,
                    if known.starts_with("CLAUDE_CODE_USE_") {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    format!("{name} is not a variable Claude Code reads; did you mean {known}?"),
                    format!("Rename {name} to {known}."),
                )
            };
            // A misspelt selector (`CLAUDE_CODE_USE_VERTX`) as the known wrong names above.
            let p = match crate::provider::SELECTORS.iter().find(|(s, _)| *s == known) {
                Some(&(_, provider)) => selector_slip(name, raw, provider, false, &on, meant),
                None => Some(meant()),
            };
            if let Some(p) = p {
                out.push(p.with_var(name).with_file(file));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The configuration with `env` as the process environment, validated offline.
    fn validated(env: &[(&str, &str)]) -> Resolution {
        let mut input = ConfigInput::default();
        for (k, v) in env {
            input.process_env.insert((*k).into(), (*v).into());
        }
        validate(&input, &ValidateOptions::default())
    }

    #[test]
    fn near_miss_names_are_flagged_with_the_fix() {
        let r = validated(&[
            ("CLAUDE_CODE_USE_BEDROK", "1"),
            ("ANTHROPIC_VERTEX__BASE_URL", "x"),
            ("AWS_REGION", "us-east-1"),
            ("ANTHROPIC_MODEL_NAME_X", "y"),
        ]);
        let near: Vec<&Problem> = r
            .problems
            .iter()
            .filter(|p| p.code == Code::EnvNameNearMiss)
            .collect();
        assert_eq!(near.len(), 2, "{near:?}");
        assert!(near
            .iter()
            .any(|p| p.env_var.as_deref() == Some("CLAUDE_CODE_USE_BEDROK")
                && p.help.contains("CLAUDE_CODE_USE_BEDROCK")
                && p.severity == Severity::Error));
        assert!(near
            .iter()
            .any(|p| p.help.contains("ANTHROPIC_VERTEX_BASE_URL")));
    }

    #[test]
    fn swapped_letters_and_a_misspelt_prefix_are_near_misses() {
        let r = validated(&[
            ("AWS_REGOIN", "us-east-1"),
            ("ANTROPIC_MODEL", "opus"),
            ("CLUADE_CODE_USE_BEDROCK", "1"),
            // Not meant for Claude Code: left alone.
            ("ANTHEM_TOKEN", "x"),
            ("CLOUD_REGION", "x"),
        ]);
        let mut near: Vec<(&str, &str)> = r
            .problems
            .iter()
            .filter(|p| p.code == Code::EnvNameNearMiss)
            .map(|p| (p.env_var.as_deref().unwrap_or(""), p.help.as_str()))
            .collect();
        near.sort();
        assert_eq!(
            near,
            [
                (
                    "ANTROPIC_MODEL",
                    "Rename ANTROPIC_MODEL to ANTHROPIC_MODEL."
                ),
                ("AWS_REGOIN", "Rename AWS_REGOIN to AWS_REGION."),
                (
                    "CLUADE_CODE_USE_BEDROCK",
                    "Rename CLUADE_CODE_USE_BEDROCK to CLAUDE_CODE_USE_BEDROCK."
                ),
            ]
        );
    }

    #[test]
    fn distance_counts_a_transposition_as_one_edit_and_stops_past_the_cap() {
        assert_eq!(distance("REGOIN", "REGION", 2), 1);
        assert_eq!(distance("region", "REGION", 2), 0);
        assert_eq!(distance("ABCDEF", "BADCFE", 3), 3);
        assert_eq!(distance("kitten", "sitting", 3), 3);
        assert_eq!(distance("kitten", "sitting", 2), 3);
        assert_eq!(distance("", "abc", 5), 3);
    }

    #[test]
    fn missing_runtime_credentials_is_an_error_only_when_checked() {
        let mut input = ConfigInput::default();
        input
            .process_env
            .insert("CLAUDE_CODE_USE_BEDROCK".into(), "1".into());
        let unchecked = validate(&input, &ValidateOptions::default());
        assert!(!unchecked
            .problems
            .iter()
            .any(|p| p.code == Code::AwsNoCredentials));
        let checked = validate(
            &input,
            &ValidateOptions {
                credentials: CredentialCheck::NotFound,
                ..Default::default()
            },
        );
        let p = checked
            .problems
            .iter()
            .find(|p| p.code == Code::AwsNoCredentials)
            .expect("error");
        assert_eq!(p.severity, Severity::Error);
        assert!(p.help.contains("aws sso login"));
    }
}

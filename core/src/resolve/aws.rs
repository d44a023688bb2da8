//! Amazon Bedrock (Invoke API), Bedrock Mantle and Claude Platform on AWS: region, endpoint
//! and auth, which share the AWS region and credential chain.

use super::urls::{base_url_from_var, check_url_safe, default_endpoint};
use super::{Endpoint, HostClass, ProviderDetails, Sourced};
use crate::auth::{AuthMethod, AuthPlan, AwsCredentialSource};
use crate::aws_files::{
    config_section_without_prefix, profile_credentials, profile_exists, profile_region,
    ProfileCredentials,
};
use crate::env::{Env, Source};
use crate::problem::{Code, Problem};
use crate::provider::ProviderId;
use std::borrow::Cow;

pub struct AwsResolution {
    pub region: Sourced,
    pub endpoint: Option<Endpoint>,
    pub auth: AuthPlan,
}

pub const DEFAULT_REGION: &str = "us-east-1";

pub(crate) use crate::models::region_shaped;

/// The DNS suffix of the AWS partition a region is in.
pub fn partition_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else if region.starts_with("eusc-") {
        "amazonaws.eu"
    } else if region.starts_with("us-isob-") {
        "sc2s.sgov.gov"
    } else if region.starts_with("us-iso-") {
        "c2s.ic.gov"
    } else {
        "amazonaws.com"
    }
}

/// `AWS_REGION` → `AWS_DEFAULT_REGION` → the active profile's `region` → `us-east-1`.
/// Values not shaped like a region are ignored, with a warning.
pub fn region(env: &Env<'_>, problems: &mut Vec<Problem>) -> Sourced {
    // What was set but ignored, for the message when none is left.
    let mut ignored: Vec<String> = Vec::new();
    for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(var) = env.var(name) {
            let v = var.raw.trim();
            if region_shaped(v) {
                return Sourced::named(name, &var);
            }
            problems.push(
                region_invalid(name, v, "Claude Code ignores it", "us-east-1 or eu-west-1")
                    .with_var(name)
                    .with_file(var.file()),
            );
            ignored.push(name.to_owned());
        }
    }
    let profile = env.get("AWS_PROFILE").map(str::trim).unwrap_or("default");
    let home = &env.input().home;
    let config = home.aws_config.as_ref();
    let creds = home.aws_credentials.as_ref();
    if let Some((r, from_creds)) = profile_region(
        config.map(|f| f.text.as_str()),
        creds.map(|f| f.text.as_str()),
        profile,
    ) {
        let file = if from_creds { creds } else { config }
            .map(|f| f.path.clone())
            .unwrap_or_default();
        if region_shaped(r) {
            return Sourced {
                value: r.to_owned(),
                source: Source::File { path: file },
                env_var: None,
            };
        }
        problems.push(
            Problem::warning(
                Code::BedrockRegionInvalid,
                format!("The region {r:?} of AWS profile {profile:?} is not shaped like an AWS region, so it is ignored."),
                "Fix the profile's `region =` line, or set AWS_REGION.",
            )
            .with_file(Some(file)),
        );
        ignored.push(format!("the region of profile {profile:?}"));
    }
    if ignored.is_empty() {
        problems.push(
            Problem::info(
                Code::BedrockRegionDefaulted,
                "No AWS region is set (AWS_REGION, AWS_DEFAULT_REGION, profile region), so us-east-1 is used.",
                "Set AWS_REGION to the region where your models are enabled.",
            )
            .with_var("AWS_REGION"),
        );
    } else if let Some(last) = problems
        .iter_mut()
        .rev()
        .find(|p| p.code == Code::BedrockRegionInvalid)
    {
        // One mistake, one problem: the warning about the ignored value says where requests
        // go instead (a second note, BEDROCK_REGION_DEFAULTED, only repeated it).
        last.message
            .push_str(" No other region is set, so us-east-1 is used.");
    }
    Sourced::default(DEFAULT_REGION)
}

/// `BEDROCK_REGION_INVALID` for a region variable: its value, or the quotes around it (a JSON
/// or dotenv value quoted twice), is why.
pub(crate) fn region_invalid(name: &str, v: &str, consequence: &str, example: &str) -> Problem {
    match crate::vars::inside_quotes(v).map(str::trim) {
        Some(inner) if region_shaped(inner) => Problem::warning(
            Code::BedrockRegionInvalid,
            format!("{name} is {v}, {}: with them it is not shaped like an AWS region, so {consequence}.", crate::vars::QUOTED),
            format!("Remove the quotes: {name}={inner}."),
        ),
        _ => Problem::warning(
            Code::BedrockRegionInvalid,
            format!("{name}={v:?} is not shaped like an AWS region, so {consequence}."),
            match missing_hyphen(v) {
                Some(meant) => format!("Set {name}={meant} (AWS region codes have a hyphen before the number)."),
                None => format!("Set {name} to a region code such as {example}."),
            },
        ),
    }
}

/// `us-east1` (Vertex's form of a region, or a slip) as the AWS region `us-east-1`.
fn missing_hyphen(v: &str) -> Option<String> {
    let digits = v.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (head, num) = v.split_at(v.len() - digits);
    let meant = format!("{head}-{num}");
    (digits > 0 && !head.ends_with('-') && region_shaped(&meant)).then_some(meant)
}

pub fn resolve(
    env: &Env<'_>,
    provider: ProviderId,
    mantle_alongside: bool,
    details: &mut ProviderDetails,
    problems: &mut Vec<Problem>,
) -> AwsResolution {
    let region = region(env, problems);
    let endpoint = match provider {
        ProviderId::Bedrock => bedrock_endpoint(env, &region.value, problems),
        ProviderId::Mantle => mantle_endpoint(env, &region.value, problems),
        _ => anthropic_aws_endpoint(env, &region.value, details, problems),
    };
    let endpoint = endpoint.map(|ep| from_region(ep, &region));
    if mantle_alongside {
        details.mantle_endpoint =
            mantle_endpoint(env, &region.value, problems).map(|ep| from_region(ep, &region));
    }
    if provider == ProviderId::Bedrock {
        bedrock_knobs(env, details, problems);
    }
    let auth = auth(env, provider, &region.value, problems);
    for ep in endpoint.iter().chain(details.mantle_endpoint.as_ref()) {
        check_endpoint_host(ep, provider, &auth.method, &region, problems);
    }
    AwsResolution {
        region,
        endpoint,
        auth,
    }
}

/// The region's host: where it comes from is where the region does (`AWS_REGION`, a
/// profile's file, or the default), as for Vertex's location.
pub(super) fn from_region(mut ep: Endpoint, region: &Sourced) -> Endpoint {
    if ep.env_var.is_none() {
        ep.source = region.source.clone();
        ep.env_var = region.env_var.as_deref().map(str::to_owned);
    }
    ep
}

/// A base URL on an AWS host Claude Code cannot use as given: the Bedrock control-plane host
/// (`bedrock.…`), which has no InvokeModel, or a host in another region than the one requests
/// are signed for, which AWS refuses (the signature's scope names the wrong region).
fn check_endpoint_host(
    ep: &Endpoint,
    provider: ProviderId,
    auth: &AuthMethod,
    region: &Sourced,
    problems: &mut Vec<Problem>,
) {
    let Some(var) = ep.base_url_var() else {
        return;
    };
    if ep.host_class == HostClass::Foreign {
        return;
    }
    let host = ep
        .base_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .unwrap_or_default();
    // `vpce-….` (an interface endpoint's DNS name) comes before the service label.
    let vpce = host
        .split('.')
        .take_while(|l| l.starts_with("vpce-"))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let mut labels = host[vpce..].split('.');
    let (Some(service), Some(host_region)) = (labels.next(), labels.next()) else {
        return;
    };
    let file = ep.source.file();
    if provider == ProviderId::Bedrock && matches!(service, "bedrock" | "bedrock-fips") {
        // The same host with the runtime's service label: same region, FIPS and PrivateLink.
        let runtime_host = format!(
            "{}{}{}",
            &host[..vpce],
            service.replacen("bedrock", "bedrock-runtime", 1),
            &host[vpce + service.len()..]
        );
        let runtime = ep.base_url.replacen(host, &runtime_host, 1);
        problems.push(
            Problem::error(
                Code::BedrockBaseUrlControlPlane,
                format!("{var} is the Bedrock control-plane host ({host}), which does not serve InvokeModel: requests get 400 (ValidationException: \"The requested operation is not recognized by the service\")."),
                format!("Set {var}={runtime} (the runtime host), or unset it to use the region's runtime host."),
            )
            .with_var(var)
            .with_file(file),
        );
    }
    let AuthMethod::SigV4 {
        region: signing, ..
    } = auth
    else {
        return;
    };
    if host_region != signing {
        let from = match (&region.env_var, &region.source) {
            (Some(name), _) => name.to_string(),
            (None, Source::File { .. }) => "the AWS profile's region".to_owned(),
            _ => "the default region".to_owned(),
        };
        problems.push(
            Problem::error(
                Code::AwsEndpointRegionMismatch,
                format!("{var} is a host in {host_region}, but requests are signed for {signing} ({from}): AWS answers 403 (InvalidSignatureException: \"Credential should be scoped to a valid region\")."),
                format!("Set AWS_REGION={host_region} to match the host, or point {var} at the {signing} host."),
            )
            .with_var(var)
            .with_file(file),
        );
    }
}

/// The variables that move Bedrock's runtime endpoint, first set wins.
pub(crate) const BEDROCK_BASE_URL_VARS: [&str; 3] = [
    "ANTHROPIC_BEDROCK_BASE_URL",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_ENDPOINT_URL",
];

fn bedrock_endpoint(env: &Env<'_>, region: &str, problems: &mut Vec<Problem>) -> Option<Endpoint> {
    // The AWS SDK's endpoint variables by service ID: `BEDROCK_RUNTIME` is the runtime API
    // (InvokeModel); `BEDROCK` is the control plane (the inference-profile lookups).
    if let Some(var) = env.var("AWS_ENDPOINT_URL_BEDROCK") {
        problems.push(
            Problem::info(
                Code::BedrockControlPlaneEndpoint,
                "AWS_ENDPOINT_URL_BEDROCK moves the Bedrock control-plane client (inference-profile lookups), not the host inference requests go to.",
                "To send inference requests elsewhere, set ANTHROPIC_BEDROCK_BASE_URL (or AWS_ENDPOINT_URL_BEDROCK_RUNTIME).",
            )
            .with_var("AWS_ENDPOINT_URL_BEDROCK")
            .with_file(var.file()),
        );
    }
    for name in BEDROCK_BASE_URL_VARS {
        if let Some(var) = env.var(name) {
            return base_url_from_var(&var, ProviderId::Bedrock, problems);
        }
    }
    // `concat`, not `format!`, on the common path: one exact allocation, no formatting.
    Some(default_endpoint(
        [
            "https://bedrock-runtime.",
            region,
            ".",
            partition_suffix(region),
        ]
        .concat(),
    ))
}

fn mantle_endpoint(env: &Env<'_>, region: &str, problems: &mut Vec<Problem>) -> Option<Endpoint> {
    match env.var("ANTHROPIC_BEDROCK_MANTLE_BASE_URL") {
        Some(var) => base_url_from_var(&var, ProviderId::Mantle, problems),
        None => Some(default_endpoint(
            ["https://bedrock-mantle.", region, ".api.aws/anthropic"].concat(),
        )),
    }
}

fn anthropic_aws_endpoint(
    env: &Env<'_>,
    region: &str,
    details: &mut ProviderDetails,
    problems: &mut Vec<Problem>,
) -> Option<Endpoint> {
    match env.var("ANTHROPIC_AWS_WORKSPACE_ID") {
        Some(var) => {
            let s = Sourced::from_var(&var);
            if check_url_safe(&s.value, "workspace ID", Some(var.name), var.file(), problems) {
                details.workspace_id = Some(s);
            }
        }
        None => problems.push(
            Problem::error(
                Code::AnthropicAwsWorkspaceMissing,
                "Claude Platform on AWS needs ANTHROPIC_AWS_WORKSPACE_ID; it is sent as the anthropic-workspace-id header.",
                "Set ANTHROPIC_AWS_WORKSPACE_ID to your workspace ID (wrkspc_…) from the Claude Console.",
            )
            .with_var("ANTHROPIC_AWS_WORKSPACE_ID"),
        ),
    }
    match env.var("ANTHROPIC_AWS_BASE_URL") {
        Some(var) => base_url_from_var(&var, ProviderId::AnthropicAws, problems),
        None => Some(default_endpoint(
            ["https://aws-external-anthropic.", region, ".api.aws"].concat(),
        )),
    }
}

fn bedrock_knobs(env: &Env<'_>, details: &mut ProviderDetails, problems: &mut Vec<Problem>) {
    if let Some(var) = env.var("ANTHROPIC_BEDROCK_SERVICE_TIER") {
        let v = var.raw.trim();
        if ["default", "flex", "priority"].contains(&v) {
            details.service_tier = Some(Sourced::from_var(&var));
        } else {
            problems.push(
                Problem::error(
                    Code::BedrockServiceTierInvalid,
                    format!("ANTHROPIC_BEDROCK_SERVICE_TIER={v:?} is not a Bedrock service tier; Bedrock rejects the request."),
                    "Set ANTHROPIC_BEDROCK_SERVICE_TIER to default, flex or priority, or unset it.",
                )
                .with_var("ANTHROPIC_BEDROCK_SERVICE_TIER")
                .with_file(var.file()),
            );
        }
    }
}

fn auth(
    env: &Env<'_>,
    provider: ProviderId,
    region: &str,
    problems: &mut Vec<Problem>,
) -> AuthPlan {
    let (skip_var, service) = match provider {
        ProviderId::Bedrock => ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "bedrock"),
        ProviderId::Mantle => ("CLAUDE_CODE_SKIP_MANTLE_AUTH", "bedrock-mantle"),
        _ => (
            "CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH",
            "aws-external-anthropic",
        ),
    };
    if env.flag(skip_var) {
        let bearer = env.var("ANTHROPIC_AUTH_TOKEN");
        if let Some(t) = env
            .var("AWS_BEARER_TOKEN_BEDROCK")
            .filter(|_| provider != ProviderId::AnthropicAws)
        {
            problems.push(
                Problem::warning(
                    Code::AwsBearerIgnored,
                    format!("AWS_BEARER_TOKEN_BEDROCK is set but {skip_var} is on, so the Bedrock API key is not sent."),
                    format!("Unset {skip_var} to authenticate with the Bedrock API key, or unset AWS_BEARER_TOKEN_BEDROCK if the gateway authenticates."),
                )
                .with_var(skip_var)
                .with_file(t.file()),
            );
        }
        return AuthPlan {
            method: AuthMethod::Skip { skip_var: skip_var.to_owned(), bearer_var: bearer.map(|v| v.name.to_owned()), placeholder: None },
            summary: match bearer {
                Some(_) => format!("no AWS signature ({skip_var}); Authorization: Bearer from ANTHROPIC_AUTH_TOKEN"),
                None => format!("no AWS signature ({skip_var}); the gateway authenticates"),
            },
            source: env.var(skip_var).map(|v| v.source.to_source()),
        };
    }
    if provider == ProviderId::AnthropicAws {
        if let Some(k) = env.var("ANTHROPIC_AWS_API_KEY") {
            return AuthPlan {
                method: AuthMethod::ApiKey {
                    env_var: k.name.to_owned(),
                },
                summary: "x-api-key from ANTHROPIC_AWS_API_KEY".to_owned(),
                source: Some(k.source.to_source()),
            };
        }
    }
    let key_id = env.var("AWS_ACCESS_KEY_ID");
    let secret = env.var("AWS_SECRET_ACCESS_KEY");
    if provider != ProviderId::AnthropicAws {
        if let Some(t) = env.var("AWS_BEARER_TOKEN_BEDROCK") {
            if key_id.is_some() {
                problems.push(
                    Problem::info(
                        Code::AwsBearerOverridesKeys,
                        "AWS_BEARER_TOKEN_BEDROCK is set, so Claude Code sends it as Authorization: Bearer and does not sign with the IAM keys that are also set.",
                        "Unset AWS_BEARER_TOKEN_BEDROCK to sign with IAM credentials instead.",
                    )
                    .with_var("AWS_BEARER_TOKEN_BEDROCK")
                    .with_file(t.file()),
                );
            }
            return AuthPlan {
                method: AuthMethod::Bearer {
                    env_var: t.name.to_owned(),
                },
                summary: "Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) as Authorization: Bearer"
                    .to_owned(),
                source: Some(t.source.to_source()),
            };
        }
    }
    // `SigV4 (service, region) with …`, concatenated: `format!` cost more than the rest of
    // the plan.
    let summary = |with: &str| ["SigV4 (", service, ", ", region, ") ", with].concat();
    let sigv4 =
        |credentials: AwsCredentialSource, summary: String, source: Option<Source>| AuthPlan {
            method: AuthMethod::SigV4 {
                service: Cow::Borrowed(service),
                region: region.to_owned(),
                credentials,
            },
            summary,
            source,
        };
    if let Some((cmd, layer)) = env
        .setting("awsCredentialExport")
        .and_then(|(v, l)| v.as_str().map(|s| (s, l)))
    {
        return sigv4(
            AwsCredentialSource::CredentialExport {
                command: crate::auth::CommandLine(cmd.to_owned()),
            },
            summary("with credentials from awsCredentialExport"),
            Some(layer.source()),
        );
    }
    match (&key_id, &secret) {
        (Some(id), Some(_)) => {
            if id.raw.trim().starts_with("ASIA") && env.var("AWS_SESSION_TOKEN").is_none() {
                problems.push(
                    Problem::warning(
                        Code::AwsSessionTokenMissing,
                        "AWS_ACCESS_KEY_ID is a temporary key (ASIA…) but AWS_SESSION_TOKEN is not set; AWS answers 403 \"The security token included in the request is invalid\".",
                        "Export AWS_SESSION_TOKEN with the key, e.g. from `aws configure export-credentials --format env`.",
                    )
                    .with_var("AWS_SESSION_TOKEN"),
                );
            }
            return sigv4(
                AwsCredentialSource::EnvKeys,
                summary("with AWS_ACCESS_KEY_ID"),
                Some(id.source.to_source()),
            );
        }
        (Some(v), None) | (None, Some(v)) => {
            let missing = if key_id.is_some() {
                "AWS_SECRET_ACCESS_KEY"
            } else {
                "AWS_ACCESS_KEY_ID"
            };
            problems.push(
                Problem::error(
                    Code::AwsKeysIncomplete,
                    format!(
                        "{} is set but {missing} is not; the AWS SDK ignores half a key pair.",
                        v.name
                    ),
                    format!(
                        "Set {missing} too, or unset {} and use a profile (AWS_PROFILE) or SSO.",
                        v.name
                    ),
                )
                .with_var(missing)
                .with_file(v.file()),
            );
        }
        (None, None) => {}
    }
    let profile_var = env.var("AWS_PROFILE");
    let profile = profile_var.map(|v| v.raw.trim()).unwrap_or("default");
    let home = &env.input().home;
    let config = home.aws_config.as_ref().map(|f| f.text.as_str());
    let creds = home.aws_credentials.as_ref().map(|f| f.text.as_str());
    if profile_var.is_some()
        && (home.aws_files_read || config.is_some() || creds.is_some())
        && !profile_exists(config, creds, profile)
    {
        // Quotes that are part of the value (`'my-profile'`, a JSON or dotenv value quoted
        // twice): the AWS SDK looks for a profile with the quotes in its name. A shell would
        // strip them from the `aws configure` command, so only removing them helps.
        let inner = crate::vars::inside_quotes(profile).map(str::trim);
        // `[my-profile]` in ~/.aws/config: there, the SDK reads only `[profile my-profile]`.
        let bare = inner.is_none() && config_section_without_prefix(config, profile);
        let config_path = home
            .aws_config
            .as_ref()
            .map_or("~/.aws/config", |f| f.path.as_str());
        let fix = match inner {
            Some(inner) => {
                let exists = if profile_exists(config, creds, inner) {
                    format!(" (profile {inner} exists)")
                } else {
                    String::new()
                };
                format!("Remove the quotes, which are part of the value: AWS_PROFILE={inner}{exists}.")
            }
            None if bare => format!("Rename the section in {config_path} from [{profile}] to [profile {profile}]: the config file needs the `profile ` prefix for every profile but default (only ~/.aws/credentials names them bare)."),
            None => format!("Create it with `aws configure sso --profile {profile}` (or `aws configure --profile {profile}`), or fix AWS_PROFILE."),
        };
        let problem = if config.is_none() && creds.is_none() {
            // No file at all (a container, CI): the AWS SDK cannot use the profile and goes on
            // down its chain, so container or instance credentials may still work.
            Problem::warning(
                Code::AwsProfileNotFound,
                format!("AWS_PROFILE={profile:?} names a profile, but there is no AWS config or credentials file (~/.aws/config, ~/.aws/credentials, or where AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE point): the AWS SDK cannot use it, and only container or instance credentials can still sign."),
                fix,
            )
        } else {
            Problem::error(
                Code::AwsProfileNotFound,
                match inner {
                    Some(_) => format!("AWS_PROFILE is {profile}, with quotes that are part of the name: the AWS SDK looks for a profile called {profile:?}, which is not in ~/.aws/config or ~/.aws/credentials."),
                    None if bare => format!("AWS_PROFILE={profile:?}: {config_path} has a section [{profile}], but the AWS SDK reads profiles there only as [profile {profile}], so it skips that section and does not find the profile."),
                    None => format!("AWS_PROFILE={profile:?} is not in ~/.aws/config or ~/.aws/credentials."),
                },
                fix,
            )
        };
        // The section at fault is in the config file, not where AWS_PROFILE is set.
        let file = if bare {
            Some(config_path)
        } else {
            profile_var.and_then(|v| v.file())
        };
        problems.push(problem.with_var("AWS_PROFILE").with_file(file));
    }
    let flow = match profile_credentials(config, creds, profile) {
        ProfileCredentials::Static(c) => {
            if crate::secret::secret_key_as_key_id(&c.access_key_id) {
                // The file it came from: the credentials file is read first, as by the SDK.
                let from_creds = matches!(
                    profile_credentials(None, creds, profile),
                    ProfileCredentials::Static(_)
                );
                let file = if from_creds {
                    home.aws_credentials.as_ref()
                } else {
                    home.aws_config.as_ref()
                };
                let at = crate::validate::KeysAt::Profile {
                    name: profile,
                    file: file.map(|f| f.path.as_str()),
                    named: profile_var.is_some(),
                };
                problems.push(crate::validate::key_id_looks_secret(
                    at,
                    c.access_key_id.trim(),
                    Some(c.secret_access_key.expose()),
                    true,
                ));
            }
            Some("static")
        }
        ProfileCredentials::Dynamic(kind) => Some(kind),
        ProfileCredentials::None => None,
    };
    if flow == Some("sso") && env.setting("awsAuthRefresh").is_none() {
        let p = Problem::info(
            Code::AwsSsoRefreshMissing,
            format!("AWS profile {profile:?} uses SSO, whose credentials expire (often hourly); without awsAuthRefresh Claude Code fails with 403 until you log in again by hand."),
            format!("Add \"awsAuthRefresh\": \"aws sso login --profile {profile}\" to your Claude Code settings."),
        );
        // The `default` profile: no variable to point at (an editor would offer to set it).
        let p = match profile_var {
            Some(v) => p.with_var("AWS_PROFILE").with_file(v.file()),
            None => p,
        };
        problems.push(p);
    }
    match flow {
        Some(flow) => sigv4(
            AwsCredentialSource::Profile {
                profile: profile.to_owned(),
                flow: flow.to_owned(),
            },
            format!("SigV4 ({service}, {region}) with AWS profile {profile:?} ({flow})"),
            profile_var.map(|v| v.source.to_source()),
        ),
        None => sigv4(
            AwsCredentialSource::DefaultChain,
            summary("with the AWS default credential chain"),
            None,
        ),
    }
}

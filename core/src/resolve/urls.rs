//! Base-URL parsing and host classification, and the check that keeps values which end up
//! inside a URL (regions, projects, resources, model IDs) from changing its host or path.

use super::Endpoint;
use crate::env::{Source, Var};
use crate::problem::{Code, Problem};
use crate::provider::ProviderId;
use serde::{Deserialize, Serialize};

/// How Claude Code classifies an endpoint host (`own` hosts get the newest betas).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum HostClass {
    /// The provider's official host over https.
    Own,
    /// Any other host (a gateway, a proxy, a local fake).
    Foreign,
    /// The official host over plain http.
    Insecure,
}

/// Parses a base URL from `var`. Errors name the variable; the URL keeps its path prefix,
/// with trailing slashes removed (`…/gw/` → `…/gw`).
pub fn base_url_from_var(
    var: &Var<'_>,
    provider: ProviderId,
    problems: &mut Vec<Problem>,
) -> Option<Endpoint> {
    let raw = var.raw.trim();
    // `VAR='"https://…"'` in a shell, or `"\"https://…\""` in JSON: the quotes are part of the
    // value, and no URL starts with one.
    if let Some(inner) = crate::vars::inside_quotes(raw) {
        problems.push(
            Problem::error(
                Code::BaseUrlInvalid,
                format!("{} is wrapped in quotes, which are part of its value, so it is not a URL.", var.name),
                format!(
                    "Remove the quotes: {}={} (in a settings file the JSON string's own quotes are enough).",
                    var.name,
                    crate::vars::mask_url_credentials(inner.trim())
                ),
            )
            .with_var(var.name)
            .with_file(var.file()),
        );
        return None;
    }
    let url = match url::Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
        Ok(u) => {
            // `localhost:4000`, `gw.corp:8443`: the URL parser reads the host as a scheme.
            let (message, help) = if raw.contains("://") {
                (
                    format!(
                        "{} must be an http:// or https:// URL, not {:?}.",
                        var.name,
                        u.scheme()
                    ),
                    format!(
                        "Set {} to an absolute URL such as https://gateway.example.com.",
                        var.name
                    ),
                )
            } else {
                let local = ["localhost", "127.", "[::1]"]
                    .iter()
                    .any(|p| raw.starts_with(p));
                let fixed = crate::vars::mask_url_credentials(&format!(
                    "{}://{raw}",
                    if local { "http" } else { "https" }
                ));
                (
                    format!(
                        "{}={} has no scheme.",
                        var.name,
                        crate::vars::mask_url_credentials(raw)
                    ),
                    format!("Set {}={fixed}.", var.name),
                )
            };
            problems.push(
                Problem::error(Code::BaseUrlInvalid, message, help)
                    .with_var(var.name)
                    .with_file(var.file()),
            );
            return None;
        }
        Err(e) => {
            let (why, help) = if e == url::ParseError::IdnaError {
                bad_host(var.name, raw, "host")
            } else {
                (e.to_string(), format!("Set {} to an absolute URL with its scheme, such as https://gateway.example.com.", var.name))
            };
            problems.push(
                Problem::error(
                    Code::BaseUrlInvalid,
                    format!("{} is not a valid URL ({why}).", var.name),
                    help,
                )
                .with_var(var.name)
                .with_file(var.file()),
            );
            return None;
        }
    };
    if url.query().is_some() || url.fragment().is_some() {
        problems.push(
            Problem::warning(
                Code::BaseUrlInvalid,
                format!("{} has a query or fragment, which Claude Code does not carry into request URLs.", var.name),
                "Remove the `?…`/`#…` part; put gateway parameters in ANTHROPIC_CUSTOM_HEADERS instead.",
            )
            .with_var(var.name)
            .with_file(var.file()),
        );
    }
    let host_class = classify(&url, provider);
    let host = url.host_str().unwrap_or_default();
    if url.scheme() == "http" && !crate::network::is_loopback(&url) {
        problems.push(
            Problem::warning(
                Code::BaseUrlInsecure,
                format!(
                    "{} uses plain http:// to {host}: requests and credentials travel unencrypted.",
                    var.name
                ),
                format!(
                    "Use https:// for {}, unless the host is a local gateway on this machine.",
                    var.name
                ),
            )
            .with_var(var.name)
            .with_file(var.file()),
        );
    }
    let base_url = strip_base(&url);
    if let Some(at) = endpoint_path_start(&base_url, provider) {
        problems.push(endpoint_path_problem(var, &base_url, at, host, provider));
    }
    Some(Endpoint {
        base_url,
        source: var.source.to_source(),
        env_var: Some(var.name.to_owned()),
        host_class,
    })
}

/// The paths, longest first, that end a first-party-shaped base URL copied from a request URL
/// or an OpenAI client's setting.
const MESSAGES_PATHS: [&str; 8] = [
    "/v1/messages/count_tokens",
    "/v1/messages",
    "/v1/chat/completions",
    "/v1/complete",
    "/messages/count_tokens",
    "/messages",
    "/chat/completions",
    "/completions",
];

/// The last path segment of a Bedrock runtime call (`/model/{id}/{action}`).
const BEDROCK_ACTIONS: [&str; 5] = [
    "invoke",
    "invoke-with-response-stream",
    "converse",
    "converse-stream",
    "count-tokens",
];

/// Where the endpoint path starts in a base URL (as `strip_base` writes it) that already holds
/// the path Claude Code appends to it, as a request URL copied whole does: `…/v1/messages`,
/// Bedrock's `…/model/{id}/invoke`, Vertex's `…/projects/{p}/locations/{l}/…`. `None` for a
/// base without one. A gateway's own prefix (`/gw`, `/bedrock`, `/anthropic`) is not one.
pub(crate) fn endpoint_path_start(base_url: &str, provider: ProviderId) -> Option<usize> {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    let path_at = base_url[after_scheme..]
        .find('/')
        .map_or(base_url.len(), |i| after_scheme + i);
    let path = base_url[path_at..].to_ascii_lowercase();
    let at = match provider {
        ProviderId::Anthropic
        | ProviderId::Foundry
        | ProviderId::Mantle
        | ProviderId::AnthropicAws => MESSAGES_PATHS
            .iter()
            .find(|p| path.ends_with(*p))
            .map(|p| path.len() - p.len()),
        ProviderId::Bedrock => {
            let at = path.find("/model/")?;
            let (id, action) = path[at + "/model/".len()..].rsplit_once('/')?;
            (!id.is_empty() && BEDROCK_ACTIONS.contains(&action)).then_some(at)
        }
        ProviderId::Vertex | ProviderId::AnthropicGoogleCloud => {
            let projects = if provider == ProviderId::Vertex {
                "/projects/"
            } else {
                "/v1/projects/"
            };
            let at = path.find(projects)?;
            path[at..].contains("/locations/").then_some(at)
        }
    }?;
    Some(path_at + at)
}

/// `BASE_URL_HAS_ENDPOINT_PATH` for `base_url` whose endpoint path starts at `at`, with the
/// base to set (any password masked).
fn endpoint_path_problem(
    var: &Var<'_>,
    base_url: &str,
    at: usize,
    host: &str,
    provider: ProviderId,
) -> Problem {
    let mask = crate::vars::mask_url_credentials;
    // The base is cut from the URL as written, then each is masked on its own: masking may
    // hide a different stretch of each (an `@` in the path can read as the end of a password
    // with a `/` in it), so neither is cut by the other's length.
    let (written_base, path) = base_url.split_at(at);
    let shown = mask(base_url);
    let mut base = mask(written_base);
    // Foundry's Anthropic API lives under /anthropic on an Azure host; an OpenAI-style URL
    // (`…/openai/v1/chat/completions`) has the wrong prefix too.
    if provider == ProviderId::Foundry
        && is_official_host(&host.to_ascii_lowercase(), provider)
        && !written_base.ends_with("/anthropic")
    {
        let after_scheme = written_base.find("://").map_or(0, |i| i + 3);
        let origin = written_base[after_scheme..]
            .find('/')
            .map_or(written_base, |i| &written_base[..after_scheme + i]);
        base = format!("{}/anthropic", mask(origin));
    }
    // Masking that reaches into the endpoint path (`…/models/m@x`): the path is not shown, only
    // its first segment, and the fix says what to remove instead of writing the base out.
    let whole_path_shown = shown.ends_with(path);
    let shown_path = if whole_path_shown {
        path.to_owned()
    } else {
        let first = path[1..].find('/').map_or(path.len(), |i| i + 1);
        format!("{}/…", &path[..first])
    };
    let (appended, note) = match provider {
        ProviderId::Anthropic => ("/v1/messages", "; a LiteLLM proxy serves it at its root"),
        ProviderId::Foundry | ProviderId::Mantle | ProviderId::AnthropicAws => ("/v1/messages", ""),
        ProviderId::Bedrock => ("/model/<model ID>/invoke-with-response-stream", ""),
        ProviderId::Vertex => (
            "/projects/<project>/locations/<location>/publishers/anthropic/models/<model>:streamRawPredict",
            "",
        ),
        ProviderId::AnthropicGoogleCloud => (
            "/v1/projects/<project>/locations/<location>/workspaces/<workspace>/invoke/v1/messages",
            "",
        ),
    };
    let openai = path.to_ascii_lowercase().ends_with("/completions");
    let name = var.name;
    let help = if !whole_path_shown {
        format!("Set {name} to the base only: remove the endpoint path ({shown_path}) from the end of its value (Claude Code appends {appended}{note}).")
    } else if base.contains("***") && !written_base.contains("***") {
        format!("Set {name} to the base only: {name}={base} (keep what *** hides as you wrote it; Claude Code appends {appended}{note}).")
    } else {
        format!(
            "Set {name} to the base only: {name}={base} (Claude Code appends {appended}{note})."
        )
    };
    Problem::warning(
        Code::BaseUrlHasEndpointPath,
        format!(
            "{name} ends with the endpoint path {shown_path}, so Claude Code will call {shown}{appended}{}.",
            if openai {
                ": it speaks the Anthropic Messages API, not the OpenAI one"
            } else {
                ""
            }
        ),
        help,
    )
    .with_var(var.name)
    .with_file(var.file())
}

/// `url` without its trailing `/v1`s (`str::trim_end_matches("/v1")`, without a reverse
/// substring searcher in the .wasm for it).
pub(crate) fn trim_v1(url: &str) -> &str {
    let mut s = url;
    while let Some(rest) = s.strip_suffix("/v1") {
        s = rest;
    }
    s
}

/// The built-in endpoint for a provider.
pub fn default_endpoint(base_url: String) -> Endpoint {
    Endpoint {
        base_url,
        source: Source::Default,
        env_var: None,
        host_class: HostClass::Own,
    }
}

/// `scheme://authority/path` with no trailing slash, no query and no fragment.
fn strip_base(url: &url::Url) -> String {
    let mut s = format!(
        "{}://{}",
        url.scheme(),
        &url[url::Position::BeforeUsername..url::Position::AfterPort]
    );
    s.push_str(url.path().trim_end_matches('/'));
    s
}

fn classify(url: &url::Url, provider: ProviderId) -> HostClass {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if !is_official_host(&host, provider) {
        return HostClass::Foreign;
    }
    if url.scheme() == "https" {
        HostClass::Own
    } else {
        HostClass::Insecure
    }
}

/// Claude Code's "own host" patterns (SPEC §4.6), without regex.
pub fn is_official_host(host: &str, provider: ProviderId) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    match provider {
        ProviderId::Anthropic => host == "api.anthropic.com",
        ProviderId::Bedrock => aws_service_host(
            &labels,
            &[
                "bedrock",
                "bedrock-runtime",
                "bedrock-fips",
                "bedrock-runtime-fips",
            ],
        ),
        ProviderId::Mantle => aws_service_host(&labels, &["bedrock-mantle"]),
        ProviderId::AnthropicAws => aws_service_host(&labels, &["aws-external-anthropic"]),
        ProviderId::Vertex => {
            host.ends_with(".googleapis.com")
                && (host == "aiplatform.googleapis.com"
                    || labels.first().is_some_and(|l| l.ends_with("-aiplatform"))
                    || (labels.first() == Some(&"aiplatform") && labels.get(2) == Some(&"rep"))
                    || (labels.len() == 4 && labels[1] == "p"))
        }
        ProviderId::AnthropicGoogleCloud => {
            host == "claude.googleapis.com"
                || (host.starts_with("claude.") && host.ends_with(".rep.googleapis.com"))
        }
        ProviderId::Foundry => {
            let name_ok = labels.first().is_some_and(|l| {
                (2..=64).contains(&l.len())
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            let rest = labels.get(1..).map(|r| r.join(".")).unwrap_or_default();
            name_ok
                && ["services.ai", "cognitiveservices", "openai"]
                    .iter()
                    .any(|svc| {
                        ["com", "us", "cn"]
                            .iter()
                            .any(|tld| rest == format!("{svc}.azure.{tld}"))
                    })
        }
    }
}

fn aws_service_host(labels: &[&str], services: &[&str]) -> bool {
    // optional `vpce-….` prefix, then `<service>.<region>.[vpce.](amazonaws.com|api.aws|…)`
    let labels = if labels.first().is_some_and(|l| l.starts_with("vpce-")) {
        &labels[1..]
    } else {
        labels
    };
    labels.len() >= 4 && services.contains(&labels[0]) && super::aws::region_shaped(labels[1]) && {
        let rest = labels[2..].join(".");
        let rest = rest.strip_prefix("vpce.").unwrap_or(&rest);
        [
            "amazonaws.com",
            "api.aws",
            "amazonaws.com.cn",
            "amazonaws.eu",
            "c2s.ic.gov",
            "sc2s.sgov.gov",
        ]
        .contains(&rest)
    }
}

/// A value that is put into a URL host or path must not be able to change either.
/// Returns `false` (and pushes an error) for `/ @ ? # %`, whitespace, control characters or `..`.
pub fn check_url_safe(
    value: &str,
    what: &str,
    var_name: Option<&str>,
    file: Option<&str>,
    problems: &mut Vec<Problem>,
) -> bool {
    let bad = value.chars().find(|c| {
        matches!(
            c,
            '/' | '\\' | '@' | '?' | '#' | '%' | '&' | '=' | '<' | '>' | '"' | '\''
        ) || c.is_whitespace()
            || c.is_control()
    });
    let dots = value.split(['/', '.']).any(|seg| seg == "..");
    if bad.is_none() && !dots && !value.is_empty() {
        return true;
    }
    let shown = match bad {
        Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
        Some(c) if c.is_whitespace() => "whitespace".to_owned(),
        Some(c) => format!("{c:?}"),
        None => "\"..\"".to_owned(),
    };
    let name = var_name.unwrap_or(what);
    problems.push(
        Problem::error(
            Code::ValueUnsafe,
            format!("{name} contains {shown}, which would change the request URL; the {what} is not used."),
            format!("Set {name} to the bare {what} only (letters, digits, '-', '_', '.', ':')."),
        )
        .with_var(name)
        .with_file(file),
    );
    false
}

/// What is wrong with the host of `raw` (the value of `name`) when `url` reports an IDNA
/// error, and the fix: an ASCII character no host name has (a space…), or a host that is
/// not a valid international domain name, or (in the WebAssembly build, which has no IDNA
/// tables: bindings-wasm/README.md § Size) any non-ASCII host. `what`: "host", "proxy host".
pub(crate) fn bad_host(name: &str, raw: &str, what: &str) -> (String, String) {
    // After the scheme, with or without its slashes (`https:host` parses as `https://host`).
    let rest = raw
        .split_once(':')
        .map_or(raw, |(_, r)| r)
        .trim_start_matches(['/', '\\']);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let odd = host
        .chars()
        .find(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')));
    if let Some(c) = odd {
        let shown = match c {
            ' ' => "a space".to_owned(),
            c if c.is_ascii_control() => format!("a control character (U+{:04X})", c as u32),
            c => format!("`{c}`"),
        };
        return (
            format!("its {what} contains {shown}, which no host name can have"),
            format!(
                "Correct the {what} in {name}: a host name has only letters, digits, `-` and `.`."
            ),
        );
    }
    let ascii_form = "write it in its ASCII (Punycode, `xn--…`) form; `new URL(\"https://bücher.example\").host` gives `xn--bcher-kva.example`";
    if cfg!(target_arch = "wasm32") && !host.is_ascii() {
        return (
            format!("this WebAssembly build does not convert international domain names such as its {what}"),
            format!("In {name}, {ascii_form}."),
        );
    }
    (
        format!("its {what} is not a valid international domain name"),
        format!("Check the {what} in {name}, or {ascii_form}."),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn trim_v1_as_trim_end_matches() {
        for s in [
            "",
            "/v1",
            "v1",
            "https://h/v1",
            "https://h/v1/v1",
            "https://h/v1/",
            "https://h/v11",
            "https://h/v1x/v1",
            "https://h//v1",
        ] {
            assert_eq!(super::trim_v1(s), s.trim_end_matches("/v1"), "{s}");
        }
    }
}

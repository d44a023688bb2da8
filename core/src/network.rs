//! The network plan (proxy, `NO_PROXY`, extra CAs, cert store, mTLS) as data for the JS
//! transport, and the checks Claude Code itself skips.
//!
//! Claude Code 2.1.332 takes **one** proxy, the first set of `https_proxy`, `HTTPS_PROXY`,
//! `http_proxy`, `HTTP_PROXY`, and uses it for https targets (`CONNECT host:443`) and for
//! plain-http targets alike (absolute-form request), loopback included, unless `NO_PROXY`
//! matches. So `HTTP_PROXY` is not "the proxy for http URLs" as in curl: when `HTTPS_PROXY`
//! is set it is ignored everywhere. A proxy URL without a scheme makes Claude Code fail with
//! `ECONNREFUSED` instead of the startup error its docs promise, so we report it ourselves.
//!
//! The core reads no file: [`check_pem_files`] takes the contents the runtime read.

use crate::env::{Env, KeyCheck, ReadFailure, Var};
use crate::problem::{Code, Problem, Severity};
use crate::secret::Secret;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::net::IpAddr;
use std::sync::Arc;
use url::{Host, Url};

/// Proxy variables, in Claude Code's order of precedence.
pub const PROXY_VARS: [&str; 4] = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"];
/// `NO_PROXY` variables, in order of precedence.
pub const NO_PROXY_VARS: [&str; 2] = ["no_proxy", "NO_PROXY"];

/// A proxy setting, with any credentials in it kept secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProxySetting {
    /// The URL with `user:password@` replaced by `***@`, safe to show.
    pub display_url: String,
    /// The URL as configured (may hold credentials).
    pub url: Secret,
    /// The variable it came from (`HTTPS_PROXY`, `https_proxy`, …).
    pub env_var: Cow<'static, str>,
    /// `http` or `https` (TLS to the proxy itself).
    #[serde(default)]
    pub scheme: Cow<'static, str>,
    /// The proxy host, IPv6 without brackets; safe to show.
    #[serde(default)]
    pub host: String,
    /// The proxy port (the scheme's default when the URL has none).
    #[serde(default)]
    pub port: u16,
    /// The URL carries `user[:password]@`: see [`proxy_authorization`].
    #[serde(default)]
    pub has_credentials: bool,
    /// The settings file that supplied the variable, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A file path taken from a variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PathSetting {
    pub path: String,
    pub env_var: String,
    /// The settings file that supplied the variable, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// Which CA sets Claude Code trusts (`CLAUDE_CODE_CERT_STORE`, default `bundled,system`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CertStore {
    /// The Mozilla CA set shipped with Claude Code.
    pub bundled: bool,
    /// The operating system's trust store.
    pub system: bool,
}

impl Default for CertStore {
    fn default() -> Self {
        Self {
            bundled: true,
            system: true,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NetworkPlan {
    /// The proxy for https targets.
    // `Arc`: one setting shared by both fields (a copy was a measurable share of `resolve`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_proxy: Option<Arc<ProxySetting>>,
    /// The proxy for plain-http targets: the same one as for https in Claude Code 2.1.332.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_proxy: Option<Arc<ProxySetting>>,
    /// Proxy variables that are set but lose to an earlier one with a different value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored_proxy_vars: Vec<String>,
    /// `NO_PROXY` entries, as written (hosts, `.suffix`, IPs, CIDRs, `*`).
    #[serde(default)]
    pub no_proxy: Vec<String>,
    /// The variable the `NO_PROXY` entries came from (`no_proxy` or `NO_PROXY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_proxy_env_var: Option<Cow<'static, str>>,
    /// The settings file that supplied `NO_PROXY`, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_proxy_file: Option<String>,
    /// `CLAUDE_CODE_PROXY_RESOLVES_HOSTS`: the proxy does DNS.
    #[serde(default)]
    pub proxy_resolves_hosts: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_ca_certs: Option<PathSetting>,
    #[serde(default)]
    pub cert_store: CertStore,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert: Option<PathSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<PathSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key_passphrase: Option<Secret>,
}

/// How one URL is reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ProxyDecision {
    Direct,
    Proxy { proxy: ProxySetting },
}

/// Proxy variables set to different proxies: Claude Code uses only `used` (for every target),
/// while other programs pick by their own rules (Go programs read `HTTPS_PROXY` before
/// `https_proxy`; curl takes `http_proxy` for http:// URLs). A warning when the ignored one is the
/// other case of the same name (nothing tells which one a person meant), else a note.
fn proxy_conflict(
    used: &str,
    first: &Var<'_>,
    ignored: &[(&str, Var<'_>)],
    only_credentials: bool,
) -> Problem {
    let twin = ignored.iter().any(|(n, _)| n.eq_ignore_ascii_case(used));
    let list = ignored
        .iter()
        .map(|(n, v)| format!("{n}={}", crate::vars::mask_proxy_url(v.raw.trim())))
        .collect::<Vec<_>>()
        .join(", ");
    let names = ignored
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(" and ");
    Problem::new(
        Code::ProxyVarsConflict,
        if twin { Severity::Warning } else { Severity::Info },
        format!(
            "{used}={} and {list} {}; Claude Code uses only {used}, for https and http targets alike, while other programs choose by their own rules and may use another.",
            crate::vars::mask_proxy_url(first.raw.trim()),
            if only_credentials {
                "name the same proxy with different credentials"
            } else {
                "name different proxies"
            }
        ),
        format!("Set {names} to the same proxy as {used}, or unset {names}."),
    )
    .with_var(used)
    .with_file(first.file())
}

/// How another proxy variable compares with the one in use.
enum Same {
    Exactly,
    ButCredentials,
}

/// `Some` when `var` names the proxy in use (scheme, host in any case, port with the scheme's
/// default: `http://Proxy:80/` is `http://proxy`), telling whether the credentials match too.
fn same_proxy(used: Option<&ProxySetting>, name: &'static str, var: &Var<'_>) -> Option<Same> {
    let used = used?;
    let other = parse_proxy(name, var).ok()?;
    let at = |p: &ProxySetting| (p.scheme.clone(), p.host.to_ascii_lowercase(), p.port);
    if at(used) != at(&other) {
        return None;
    }
    let credentials = |p: &ProxySetting| proxy_authorization(p).map(|s| s.expose().to_owned());
    Some(if credentials(used) == credentials(&other) {
        Same::Exactly
    } else {
        Same::ButCredentials
    })
}

/// Reads the network variables.
pub fn plan(env: &Env<'_>, problems: &mut Vec<Problem>) -> NetworkPlan {
    let mut plan = NetworkPlan::default();

    // With the registry's `&'static` names, which the plan borrows instead of copying.
    let mut set = PROXY_VARS
        .iter()
        .filter_map(|n| env.var(n).map(|v| (*n, v)));
    if let Some((name, first)) = set.next() {
        let used = match parse_proxy(name, &first) {
            Ok(p) => {
                let p = Arc::new(p);
                plan.https_proxy = Some(Arc::clone(&p));
                plan.http_proxy = Some(Arc::clone(&p));
                Some(p)
            }
            Err(p) => {
                problems.push(*p);
                None
            }
        };
        let mut only_credentials = true;
        let differing: Vec<(&str, Var<'_>)> = set
            .filter(|(n, v)| match same_proxy(used.as_deref(), n, v) {
                Some(Same::Exactly) => false,
                Some(Same::ButCredentials) => true,
                None => {
                    only_credentials = false;
                    true
                }
            })
            .collect();
        if !differing.is_empty() {
            problems.push(proxy_conflict(name, &first, &differing, only_credentials));
        }
        plan.ignored_proxy_vars = differing.iter().map(|(n, _)| (*n).to_owned()).collect();
    }

    if let Some((name, var)) = NO_PROXY_VARS
        .iter()
        .find_map(|n| env.var(n).map(|v| (*n, v)))
    {
        plan.no_proxy = var
            .raw
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect();
        plan.no_proxy_env_var = Some(Cow::Borrowed(name));
        plan.no_proxy_file = var.file().map(str::to_owned);
    }
    plan.proxy_resolves_hosts = env.flag("CLAUDE_CODE_PROXY_RESOLVES_HOSTS");

    plan.extra_ca_certs = path_setting(env, "NODE_EXTRA_CA_CERTS", problems);
    if let Some(var) = env.var("CLAUDE_CODE_CERT_STORE") {
        plan.cert_store = parse_cert_store(&var, problems);
    }

    plan.client_cert = path_setting(env, "CLAUDE_CODE_CLIENT_CERT", problems);
    plan.client_key = path_setting(env, "CLAUDE_CODE_CLIENT_KEY", problems);
    // Not trimmed: a passphrase may start or end with a space.
    let passphrase = env.var("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE");
    plan.client_key_passphrase = passphrase.map(|v| Secret::new(v.raw));
    match (&plan.client_cert, &plan.client_key) {
        (Some(c), None) => problems.push(mtls_half(c, "CLAUDE_CODE_CLIENT_KEY", "private key")),
        (None, Some(k)) => problems.push(mtls_half(k, "CLAUDE_CODE_CLIENT_CERT", "certificate")),
        _ => {}
    }
    if let (Some(v), None) = (passphrase, &plan.client_key) {
        problems.push(
            Problem::warning(
                Code::MtlsIncomplete,
                "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE is set but CLAUDE_CODE_CLIENT_KEY is not, so the passphrase is not used.",
                "Set CLAUDE_CODE_CLIENT_KEY (and CLAUDE_CODE_CLIENT_CERT) to the PEM files, or unset the passphrase.",
            )
            .with_var("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE")
            .with_file(v.file()),
        );
    }
    plan
}

fn mtls_half(set: &PathSetting, missing: &str, what: &str) -> Problem {
    Problem::error(
        Code::MtlsIncomplete,
        format!(
            "{} is set but {missing} is not: a client certificate is only presented with its private key, so a server that requires mTLS fails the handshake (`API Error: Unable to connect to API (EPROTO)`).",
            set.env_var
        ),
        format!("Set {missing} to the PEM {what} file that goes with {}, or unset {} to connect without mTLS.", set.path, set.env_var),
    )
    .with_var(missing)
    .with_file(set.file.clone())
}

/// What in a path only a shell would expand: a leading `~`, or a `$NAME` / `${NAME}` variable.
/// Neither Node (NODE_EXTRA_CA_CERTS) nor Claude Code expands them; a shell does, but not
/// inside single quotes or a settings file.
enum Unexpanded<'a> {
    Tilde,
    /// `$HOME` / `${HOME}` at the start: the rest of the path after it.
    Home(&'a str),
    /// Another variable (or `$HOME` further in), as written.
    Var(&'a str),
}

fn unexpanded(path: &str) -> Option<Unexpanded<'_>> {
    if path.starts_with('~') {
        return Some(Unexpanded::Tilde);
    }
    for home in ["${HOME}", "$HOME"] {
        if let Some(rest) = path.strip_prefix(home) {
            if rest.is_empty() || rest.starts_with('/') {
                return Some(Unexpanded::Home(rest));
            }
        }
    }
    let at = path.find('$')?;
    let after = &path[at + 1..];
    let len = if let Some(inner) = after.strip_prefix('{') {
        let close = inner.find('}')?;
        let ok = close > 0
            && inner[..close]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !ok {
            return None;
        }
        close + 3
    } else {
        let n = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if n == 0 || after.as_bytes()[0].is_ascii_digit() {
            return None;
        }
        n + 1
    };
    Some(Unexpanded::Var(&path[at..at + len]))
}

fn path_setting(env: &Env<'_>, name: &str, problems: &mut Vec<Problem>) -> Option<PathSetting> {
    let var = env.var(name)?;
    let path = var.raw.trim().to_owned();
    if let Some(what) = unexpanded(&path) {
        // The file is then not found (its check is left out: this is the one problem), and the
        // consequence is the missing file's: a warning for the CA bundle, an error for mTLS.
        let severity = if name == "NODE_EXTRA_CA_CERTS" {
            Severity::Warning
        } else {
            Severity::Error
        };
        let (message, help) = match what {
            Unexpanded::Tilde => (
                format!("{name}={path} starts with `~`, which is not expanded here: the file is looked up in a directory literally named `~`."),
                format!("Set {name} to the absolute path (for example /home/<you>/{}).", path.trim_start_matches('~').trim_start_matches('/')),
            ),
            Unexpanded::Home(rest) => (
                format!("{name}={path} starts with {}, which is not expanded here (only a shell expands variables, and not in a settings file): the file is looked up in a directory literally named `{}`.", &path[..path.len() - rest.len()], &path[..path.len() - rest.len()]),
                format!("Set {name} to the absolute path (for example /home/<you>/{}).", rest.trim_start_matches('/')),
            ),
            Unexpanded::Var(v) => (
                format!("{name}={path} contains {v}, which is not expanded here (only a shell expands variables, and not in a settings file): the path is used with {v} as written."),
                format!("Set {name} to the absolute path, with {v} written out."),
            ),
        };
        problems.push(
            Problem::new(Code::CertFileInvalid, severity, message, help)
                .with_var(name)
                .with_file(var.file()),
        );
    }
    Some(PathSetting {
        path,
        env_var: var.name.to_owned(),
        file: var.file().map(str::to_owned),
    })
}

fn parse_cert_store(var: &Var<'_>, problems: &mut Vec<Problem>) -> CertStore {
    let mut store = CertStore {
        bundled: false,
        system: false,
    };
    let mut unknown = Vec::new();
    for part in var.raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.to_ascii_lowercase().as_str() {
            "bundled" => store.bundled = true,
            "system" => store.system = true,
            _ => unknown.push(part),
        }
    }
    let none_valid = !store.bundled && !store.system;
    if !unknown.is_empty() || none_valid {
        let what = if unknown.is_empty() {
            "names no CA source".to_owned()
        } else {
            format!(
                "has {}, which Claude Code does not recognize",
                unknown.join(", ")
            )
        };
        let outcome = if none_valid {
            // Unrecognized entries are ignored; with nothing left the default applies.
            "; the default `bundled,system` applies"
        } else {
            "; those entries are ignored"
        };
        problems.push(
            Problem::warning(
                Code::CertStoreInvalid,
                format!("CLAUDE_CODE_CERT_STORE={} {what}{outcome}.", var.raw.trim()),
                "Use `bundled` (the Mozilla CAs shipped with Claude Code), `system` (the OS trust store) or `bundled,system` (the default). A private or TLS-inspection CA goes in NODE_EXTRA_CA_CERTS or the OS store.",
            )
            .with_var(var.name)
            .with_file(var.file()),
        );
    }
    if none_valid {
        CertStore::default()
    } else {
        store
    }
}

/// `name` is `var`'s name as [`PROXY_VARS`] spells it.
fn parse_proxy(name: &'static str, var: &Var<'_>) -> Result<ProxySetting, Box<Problem>> {
    let raw = var.raw.trim();
    let shown = crate::vars::mask_proxy_url(raw);
    // `://` after a scheme, not in a password (`user:a://b@proxy:3128` has no scheme).
    let after_scheme = crate::vars::after_scheme(raw);
    let problem = |code, message: String, help: String| {
        Box::new(
            Problem::error(code, message, help)
                .with_var(name)
                .with_file(var.file()),
        )
    };
    if let Some((scheme, host, port)) = plain_proxy_url(raw) {
        return Ok(ProxySetting {
            display_url: shown,
            url: Secret::new(raw),
            env_var: Cow::Borrowed(name),
            scheme: Cow::Borrowed(scheme),
            host: host.to_owned(),
            port,
            has_credentials: false,
            file: var.file().map(str::to_owned),
        });
    }
    let parsed = Url::parse(raw);
    if let Ok(u) = &parsed {
        // A proxy URL has no path: an `@` after the host ends a user name or password with an
        // unencoded `/`, `?` or `#`, which ended the host early. `http://u:Xy@Zq/7P@proxy:3128`
        // parses with the host `zq`, `http://bob:2024/S3@proxy:3128` with the host `bob`, the
        // port 2024 and no credentials: either way the host is not the proxy, and may be a
        // piece of the password, so it is not shown.
        let has_credentials = !u.username().is_empty() || u.password().is_some();
        let after_host = [Some(u.path()), u.query(), u.fragment()];
        // Without `://`, `user:pass@host:port` parses as the scheme `user:`: the missing
        // scheme is the mistake (reported below), not the `@`.
        if after_scheme > 0 && after_host.iter().flatten().any(|p| p.contains('@')) {
            return Err(problem(
                Code::ProxyUrlInvalid,
                format!("{name}={shown} has an `@` after its host: a user name or password with an unencoded `/`, `?` or `#` ends the host there, so the proxy would be reached at a piece of the credentials."),
                format!("Percent-encode the user name and password in {name}: `/` is %2F, `?` is %3F, `#` is %23, `@` is %40, `:` is %3A."),
            ));
        }
        if matches!(u.scheme(), "http" | "https") {
            if let Some(host) = u.host() {
                let host = match host {
                    Host::Domain(d) => d.to_owned(),
                    // The text of std's `Ipv6Addr` Display, without its code in the .wasm:
                    // `url` serializes the host the same way (RFC 5952: the first longest run
                    // of two or more zero groups becomes `::`), except that std writes an
                    // IPv4-mapped address as `::ffff:a.b.c.d` (tested against std below).
                    Host::Ipv6(ip) => match ip.to_ipv4_mapped() {
                        Some(v4) => format!("::ffff:{v4}"),
                        None => {
                            let bracketed = u.host_str().unwrap_or_default();
                            bracketed[1..bracketed.len() - 1].to_owned()
                        }
                    },
                    h => h.to_string(),
                };
                return Ok(ProxySetting {
                    display_url: shown,
                    url: Secret::new(raw),
                    env_var: Cow::Borrowed(name),
                    scheme: Cow::Borrowed(if u.scheme() == "https" {
                        "https"
                    } else {
                        "http"
                    }),
                    host,
                    port: u.port_or_known_default().unwrap_or(80),
                    has_credentials,
                    file: var.file().map(str::to_owned),
                });
            }
        }
    }
    if after_scheme == 0 {
        // `127.0.0.1:3128`, `proxy.corp:8080`: the `url` crate (like WHATWG) reads some of
        // these as a scheme plus a path, so the missing `//` is the reliable sign.
        return Err(problem(
            Code::ProxyUrlInvalid,
            format!("{name}={shown} has no scheme. Claude Code does not stop at startup as its docs say: every request fails with `API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)`."),
            format!(
                "Set {name}={} (use https:// only if the proxy itself speaks TLS){}.",
                crate::vars::mask_proxy_url(&format!("http://{raw}")),
                if raw.contains('@') { ", with your user name and password in place of ***" } else { "" }
            ),
        ));
    }
    let scheme = raw[..after_scheme - 3].to_ascii_lowercase();
    if scheme.starts_with("socks") {
        return Err(problem(
            Code::ProxySchemeUnsupported,
            format!("{name}={shown} is a SOCKS proxy; Claude Code supports only HTTP and HTTPS proxies."),
            format!("Point {name} at an HTTP proxy (http://host:port), for example a local HTTP-to-SOCKS bridge."),
        ));
    }
    match parsed {
        Ok(_) => Err(problem(
            Code::ProxySchemeUnsupported,
            format!("{name}={shown} uses the scheme `{scheme}`; Claude Code supports only http:// and https:// proxies."),
            format!("Set {name} to http://host:port (or https:// if the proxy itself speaks TLS)."),
        )),
        Err(url::ParseError::IdnaError) => {
            let (why, help) = crate::resolve::urls::bad_host(name, raw, "proxy host");
            Err(problem(
                Code::ProxyUrlInvalid,
                format!("{name}={shown} is not a valid URL ({why})."),
                help,
            ))
        }
        Err(e) => Err(problem(
            Code::ProxyUrlInvalid,
            format!("{name}={shown} is not a valid URL ({e})."),
            format!("Set {name} to a URL such as http://proxy.example.com:8080; percent-encode `@`, `:` and `/` in a user name or password (`@` is %40)."),
        )),
    }
}

/// `http(s)://host[:port][/]` with a plain lowercase DNS name (the usual proxy setting): its
/// scheme, host and port exactly as `Url::parse` gives them, without building a `Url`. `None`
/// for anything else (credentials, IPs, upper case, IDNA, paths…), which takes the full parse.
fn plain_proxy_url(raw: &str) -> Option<(&'static str, &str, u16)> {
    let (scheme, rest, default_port) = if let Some(r) = raw.strip_prefix("http://") {
        ("http", r, 80)
    } else if let Some(r) = raw.strip_prefix("https://") {
        ("https", r, 443)
    } else {
        return None;
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = match rest.split_once(':') {
        Some((h, p)) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (h, crate::uint::parse_uint::<u16>(p)?)
        }
        None => (rest, default_port),
    };
    // Lowercase letters, digits, `-` and `.` only, no empty label, no `xn--` (IDNA checks
    // it), and a last label that starts with a letter (so not an IPv4 address).
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && host.split('.').all(|l| !l.is_empty())
        && !host.contains("xn--")
        && host
            .rsplit('.')
            .next()
            .is_some_and(|l| l.as_bytes()[0].is_ascii_lowercase());
    plain.then_some((scheme, host, port))
}

/// The `Proxy-Authorization` value for a proxy URL with credentials: `Basic
/// base64(user:password)`, both percent-decoded (`p%40ss` → `p@ss`), as Claude Code sends it
/// on `CONNECT`. `None` when the URL has no credentials.
pub fn proxy_authorization(proxy: &ProxySetting) -> Option<Secret> {
    let u = Url::parse(proxy.url.expose()).ok()?;
    let pass = u.password().unwrap_or("");
    if u.username().is_empty() && pass.is_empty() {
        return None;
    }
    let mut creds: Vec<u8> = percent_encoding::percent_decode_str(u.username()).collect();
    creds.push(b':');
    creds.extend(percent_encoding::percent_decode_str(pass));
    Some(Secret::new(format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(creds)
    )))
}

/// The proxy a request to some URL goes through, for the runtime's HTTP client: unlike
/// [`ProxySetting`], it carries the real values (the runtime must connect with them), so it is
/// never shown; `display_url` is the printable form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProxyRoute {
    /// The proxy URL without `user:password@`.
    pub url: String,
    /// `Proxy-Authorization` for `CONNECT` (`Basic …`), when the proxy URL has credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
    pub display_url: String,
    pub env_var: String,
}

/// Where a request to `url` goes: `None` for a direct connection.
pub fn proxy_route(plan: &NetworkPlan, url: &str) -> Option<ProxyRoute> {
    let ProxyDecision::Proxy { proxy } = proxy_for(plan, url) else {
        return None;
    };
    let mut bare = Url::parse(proxy.url.expose()).ok()?;
    // Clearing the userinfo of a parsed http(s) URL cannot fail.
    let _ = bare.set_username("");
    let _ = bare.set_password(None);
    Some(ProxyRoute {
        url: bare.to_string(),
        authorization: proxy_authorization(&proxy).map(|s| s.expose().to_owned()),
        display_url: proxy.display_url.clone(),
        env_var: proxy.env_var.to_string(),
    })
}

/// Why a request to `url` must not be sent: the proxy variable for its scheme is set but
/// unusable (`problems` from [`plan`] has its `PROXY_URL_INVALID` / `PROXY_SCHEME_UNSUPPORTED`
/// error), and `NO_PROXY` does not exempt `url`. Sending it direct would bypass the proxy the
/// configuration asks for (Claude Code does not go direct either: its request fails).
pub fn proxy_refusal(plan: &NetworkPlan, problems: &[Problem], url: &str) -> Option<Problem> {
    let u = Url::parse(url.trim()).ok()?;
    let has_proxy = match u.scheme() {
        "https" => plan.https_proxy.is_some(),
        "http" => plan.http_proxy.is_some(),
        _ => return None,
    };
    if has_proxy || no_proxy_matches(&plan.no_proxy, &u) {
        return None;
    }
    problems
        .iter()
        .find(|p| {
            p.severity == Severity::Error
                && matches!(p.code, Code::ProxyUrlInvalid | Code::ProxySchemeUnsupported)
        })
        .cloned()
}

/// Decides whether `url` goes through a proxy.
pub fn proxy_for(plan: &NetworkPlan, url: &str) -> ProxyDecision {
    let Ok(u) = Url::parse(url.trim()) else {
        return ProxyDecision::Direct;
    };
    let proxy = match u.scheme() {
        "https" => plan.https_proxy.as_deref(),
        "http" => plan.http_proxy.as_deref(),
        _ => None,
    };
    match proxy {
        Some(p) if !no_proxy_matches(&plan.no_proxy, &u) => {
            ProxyDecision::Proxy { proxy: p.clone() }
        }
        _ => ProxyDecision::Direct,
    }
}

/// Warns when `endpoint_url` (the resolved endpoint) is a loopback or plain-http target that
/// goes through the proxy because `NO_PROXY` does not cover it.
pub fn check_endpoint(plan: &NetworkPlan, endpoint_url: &str, problems: &mut Vec<Problem>) {
    if plan.https_proxy.is_none() && plan.http_proxy.is_none() {
        return;
    }
    let Ok(u) = Url::parse(endpoint_url.trim()) else {
        return;
    };
    // Only loopback and plain-http endpoints are at risk; decide that before routing.
    let loopback = is_loopback(&u);
    if !loopback && u.scheme() != "http" {
        return;
    }
    let ProxyDecision::Proxy { proxy } = proxy_for(plan, endpoint_url) else {
        return;
    };
    let Some(host) = u.host_str() else { return };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let target = format!(
        "{}://{}",
        u.scheme(),
        &u[url::Position::BeforeHost..url::Position::AfterPort]
    );
    let why = if loopback {
        "Claude Code proxies loopback targets too, and a proxy usually can't reach this machine's loopback"
    } else {
        "it is sent there as a plain-http absolute-form request, which corporate proxies often refuse or rewrite"
    };
    let var = plan.no_proxy_env_var.as_deref().unwrap_or("NO_PROXY");
    let help = if plan.no_proxy.is_empty() {
        let extra = if loopback && host != "localhost" {
            ",localhost"
        } else {
            ""
        };
        format!("Set NO_PROXY={host}{extra} so the endpoint is reached directly.")
    } else {
        format!(
            "Add {host} to {var}: {var}={},{host} (entries match exactly or as a domain suffix; `localhost` does not cover 127.0.0.1).",
            plan.no_proxy.join(",")
        )
    };
    problems.push(
        Problem::new(
            Code::NoProxyMissesEndpoint,
            Severity::Warning,
            format!(
                "Requests to {target} go through the proxy {} (from {}) because {var} does not cover {host}: {why}.",
                proxy.display_url, proxy.env_var
            ),
            help,
        )
        .with_var(var)
        .with_file(plan.no_proxy_file.clone()),
    );
}

/// Is the URL's host this machine (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`)?
pub(crate) fn is_loopback(u: &Url) -> bool {
    match u.host() {
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// One `NO_PROXY` entry.
#[derive(Debug, PartialEq)]
enum Rule {
    /// `*`: bypass the proxy for everything.
    All,
    /// An IP, optionally with a port.
    Ip(IpAddr, Option<u16>),
    /// A CIDR block.
    Cidr(IpAddr, u8),
    /// A domain: matches itself and its subdomains (`.d` and `*.d` mean the same).
    Domain(String, Option<u16>),
}

fn parse_rule(entry: &str) -> Option<Rule> {
    let e = entry.trim().to_ascii_lowercase();
    if e == "*" {
        return Some(Rule::All);
    }
    if let Some((addr, bits)) = e.split_once('/') {
        let ip: IpAddr = addr
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .ok()?;
        let bits: u8 = crate::uint::parse_uint(bits)?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        return (bits <= max).then_some(Rule::Cidr(ip, bits));
    }
    if let Ok(ip) = e.parse::<IpAddr>() {
        // Bare IPv6 (`::1`) has colons but no port.
        return Some(Rule::Ip(ip, None));
    }
    if let Some(rest) = e.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let ip: IpAddr = ip.parse().ok()?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(crate::uint::parse_uint(p)?),
            None if after.is_empty() => None,
            None => return None,
        };
        return Some(Rule::Ip(ip, port));
    }
    let (host, port) = match e.rsplit_once(':') {
        Some((h, p)) => (h, Some(crate::uint::parse_uint::<u16>(p)?)),
        None => (e.as_str(), None),
    };
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Some(Rule::Ip(ip, port));
    }
    let domain = host.trim_start_matches('*').trim_start_matches('.');
    let domain = domain.trim_end_matches('.');
    (!domain.is_empty()).then(|| Rule::Domain(domain.to_owned(), port))
}

fn no_proxy_matches(entries: &[String], u: &Url) -> bool {
    let port = u.port_or_known_default();
    let host = u.host();
    entries
        .iter()
        .filter_map(|e| parse_rule(e))
        .any(|rule| match (&rule, &host) {
            (Rule::All, _) => true,
            (Rule::Ip(ip, p), Some(h)) => {
                host_ip(h) == Some(*ip) && p.is_none_or(|p| Some(p) == port)
            }
            (Rule::Cidr(net, bits), Some(h)) => {
                host_ip(h).is_some_and(|ip| in_cidr(ip, *net, *bits))
            }
            (Rule::Domain(d, p), Some(Host::Domain(h))) => {
                let h = h.trim_end_matches('.').to_ascii_lowercase();
                let suffix_ok = h == *d
                    || (h.len() > d.len()
                        && h.ends_with(d.as_str())
                        && h.as_bytes()[h.len() - d.len() - 1] == b'.');
                suffix_ok && p.is_none_or(|p| Some(p) == port)
            }
            _ => false,
        })
}

fn host_ip(h: &Host<&str>) -> Option<IpAddr> {
    match h {
        Host::Ipv4(ip) => Some(IpAddr::V4(*ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(*ip)),
        Host::Domain(_) => None,
    }
}

fn in_cidr(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Checks the PEM files the plan names, from contents the runtime read (no text: a file that
/// is missing or unreadable). Paths the caller did not pass are not checked. Problems never
/// quote the contents.
pub fn check_pem_files(plan: &NetworkPlan, files: &[crate::env::PemFile]) -> Vec<Problem> {
    let mut out = Vec::new();
    let contents = |s: &PathSetting| {
        files
            .iter()
            .find(|f| f.path == s.path)
            .map(|f| {
                f.text
                    .as_ref()
                    .map(crate::secret::Secret::expose)
                    .ok_or(f.unreadable)
            })
            // A `~` or `$HOME` path that is not there: the resolution's problem about the
            // unexpanded path says it, with the path to set; "does not exist" would be twice.
            .filter(|c| {
                !(unexpanded(&s.path).is_some()
                    && matches!(c, Err(None | Some(ReadFailure::NotFound))))
            })
    };
    if let Some(ca) = &plan.extra_ca_certs {
        if let Some(text) = contents(ca) {
            check_ca(ca, text, &mut out);
        }
    }
    if let Some(cert) = &plan.client_cert {
        if let Some(text) = contents(cert) {
            check_client_cert(cert, text, &mut out);
        }
    }
    if let Some(key) = &plan.client_key {
        if let Some(text) = contents(key) {
            let found = files
                .iter()
                .find(|f| f.path == key.path)
                .and_then(|f| f.key_check);
            check_client_key(key, text, plan, found, &mut out);
        }
    }
    out
}

/// One `-----BEGIN LABEL-----` block.
struct PemBlock {
    label: String,
    closed: bool,
    /// Traditional OpenSSL encryption (`Proc-Type: 4,ENCRYPTED`).
    proc_encrypted: bool,
}

fn pem_blocks(text: &str) -> Vec<PemBlock> {
    let mut blocks: Vec<PemBlock> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim) {
        if let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            blocks.push(PemBlock {
                label: label.to_owned(),
                closed: false,
                proc_encrypted: false,
            });
            open = true;
        } else if let Some(label) = line
            .strip_prefix("-----END ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            if let Some(b) = blocks.last_mut().filter(|b| open && b.label == label) {
                b.closed = true;
            }
            open = false;
        } else if open
            && line
                .replace(' ', "")
                .eq_ignore_ascii_case("Proc-Type:4,ENCRYPTED")
        {
            if let Some(b) = blocks.last_mut() {
                b.proc_encrypted = true;
            }
        }
    }
    blocks
}

/// A Windows drive path (`C:\Users\me\ca.pem`, `C:/Users/me/ca.pem`) as WSL mounts it
/// (`/mnt/c/Users/me/ca.pem`); `None` for any other path.
fn windows_path_on_posix(path: &str) -> Option<String> {
    let b = path.as_bytes();
    let drive = *b.first()?;
    if !(drive.is_ascii_alphabetic()
        && b.get(1) == Some(&b':')
        && matches!(b.get(2), Some(b'\\' | b'/')))
    {
        return None;
    }
    Some(format!(
        "/mnt/{}/{}",
        drive.to_ascii_lowercase() as char,
        path[3..].replace('\\', "/")
    ))
}

fn is_cert_label(l: &str) -> bool {
    matches!(
        l,
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE"
    )
}

fn is_key_label(l: &str) -> bool {
    l.ends_with("PRIVATE KEY")
}

fn file_problem(s: &PathSetting, severity: Severity, what: &str, help: &str) -> Problem {
    Problem::new(
        Code::CertFileInvalid,
        severity,
        format!("{}={}: {what}", s.env_var, s.path),
        help,
    )
    .with_var(s.env_var.clone())
    .with_file(s.file.clone())
}

/// A PEM file as the runtime read it: its text, or why it could not (`None`: not known).
type Contents<'a> = Result<&'a str, Option<ReadFailure>>;

/// The file's PEM blocks, or the problem when it is missing or has a truncated block.
fn missing_or_truncated(
    s: &PathSetting,
    text: Contents<'_>,
    severity: Severity,
    consequence: &str,
) -> Result<Vec<PemBlock>, Problem> {
    let text = text.map_err(|why| {
        let what = match why {
            Some(ReadFailure::NotFound) => "the file does not exist.",
            Some(ReadFailure::IsDirectory) => "the path is a directory, not a file.",
            Some(ReadFailure::PermissionDenied) => {
                "the file cannot be read by this user (permission denied)."
            }
            Some(ReadFailure::Other) => "the file cannot be read.",
            None => "the file does not exist or cannot be read.",
        };
        let help = match windows_path_on_posix(&s.path) {
            Some(wsl) if why == Some(ReadFailure::NotFound) || why.is_none() => format!(
                "{} is a Windows path: Claude Code running on Linux, macOS or in WSL cannot open it. Under WSL the same file is {wsl}; elsewhere copy the file to this machine and set {} to its absolute path there.",
                s.path, s.env_var
            ),
            _ => "Point the variable at an existing PEM file, with an absolute path, readable by the user running Claude Code.".to_owned(),
        };
        file_problem(s, severity, &format!("{what} {consequence}"), &help)
    })?;
    let blocks = pem_blocks(text);
    if blocks.iter().any(|b| !b.closed) {
        return Err(file_problem(
            s,
            severity,
            &format!("a PEM block in the file has no matching `-----END …-----` line (truncated or mangled). {consequence}"),
            "Export the file again; keep the BEGIN and END lines and the base64 between them intact.",
        ));
    }
    Ok(blocks)
}

fn check_ca(s: &PathSetting, text: Contents<'_>, out: &mut Vec<Problem>) {
    // Node logs the failure and goes on with its default trust, so only TLS to a private or
    // TLS-inspection CA breaks: a warning, not an error.
    const THEN: &str = "Claude Code goes on without it, and TLS to a gateway or proxy signed by a private CA fails with SELF_SIGNED_CERT_IN_CHAIN.";
    let blocks = match missing_or_truncated(s, text, Severity::Warning, THEN) {
        Ok(b) => b,
        Err(p) => {
            out.push(p);
            return;
        }
    };
    if blocks.iter().any(|b| is_cert_label(&b.label)) {
        if blocks.iter().any(|b| is_key_label(&b.label)) {
            out.push(file_problem(
                s,
                Severity::Warning,
                "the CA bundle also holds a private key.",
                "Keep only CA certificates in this file; a private key does not belong in a trust bundle.",
            ));
        }
        return;
    }
    let what = if blocks.iter().any(|b| is_key_label(&b.label)) {
        format!("the file holds a private key, not CA certificates. {THEN}")
    } else {
        format!("the file is not a PEM certificate bundle (no `-----BEGIN CERTIFICATE-----` block; DER files must be converted). {THEN}")
    };
    out.push(file_problem(
        s,
        Severity::Warning,
        &what,
        "Point NODE_EXTRA_CA_CERTS at the PEM CA certificate(s) (convert DER with `openssl x509 -inform der -in ca.cer -out ca.pem`).",
    ));
}

const NO_MTLS: &str = "Claude Code then presents no client certificate, and a server that requires one fails the handshake (`API Error: Unable to connect to API (EPROTO)`).";

fn check_client_cert(s: &PathSetting, text: Contents<'_>, out: &mut Vec<Problem>) {
    let blocks = match missing_or_truncated(s, text, Severity::Error, NO_MTLS) {
        Ok(b) => b,
        Err(p) => {
            out.push(p);
            return;
        }
    };
    if blocks.iter().any(|b| is_cert_label(&b.label)) {
        return;
    }
    let (what, help) = if blocks.iter().any(|b| is_key_label(&b.label)) {
        (
            format!("the file holds a private key, not a certificate. {NO_MTLS}"),
            "CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY look swapped: the certificate file has `-----BEGIN CERTIFICATE-----`.",
        )
    } else {
        (
            format!("the file is not a PEM certificate (no `-----BEGIN CERTIFICATE-----` block). {NO_MTLS}"),
            "Convert the certificate to PEM (`openssl x509 -inform der -in client.cer -out client.pem`; from a .p12: `openssl pkcs12 -in client.p12 -clcerts -nokeys -out client.pem`).",
        )
    };
    out.push(file_problem(s, Severity::Error, &what, help));
}

/// `found`: what the runtime found loading the key (wrong passphrase, not the certificate's
/// key), reported only when the file itself passes the checks here.
fn check_client_key(
    s: &PathSetting,
    text: Contents<'_>,
    plan: &NetworkPlan,
    found: Option<KeyCheck>,
    out: &mut Vec<Problem>,
) {
    let has_passphrase = plan.client_key_passphrase.is_some();
    let blocks = match missing_or_truncated(s, text, Severity::Error, NO_MTLS) {
        Ok(b) => b,
        Err(p) => {
            out.push(p);
            return;
        }
    };
    let Some(key) = blocks.iter().find(|b| is_key_label(&b.label)) else {
        let (what, help) = if blocks.iter().any(|b| is_cert_label(&b.label)) {
            (
                format!("the file holds a certificate, not a private key. {NO_MTLS}"),
                "CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY look swapped: the key file has `-----BEGIN … PRIVATE KEY-----`.",
            )
        } else {
            (
                format!("the file is not a PEM private key (no `-----BEGIN … PRIVATE KEY-----` block). {NO_MTLS}"),
                "Convert the key to PEM (from a .p12: `openssl pkcs12 -in client.p12 -nocerts -out client.key`).",
            )
        };
        out.push(file_problem(s, Severity::Error, &what, help));
        return;
    };
    if key.label == "OPENSSH PRIVATE KEY" {
        out.push(file_problem(
            s,
            Severity::Error,
            &format!("the key is in OpenSSH format, which TLS can't use. {NO_MTLS}"),
            "Convert it to PKCS#8 PEM: `ssh-keygen -p -m PKCS8 -f <copy of the key>`.",
        ));
        return;
    }
    let encrypted = key.label == "ENCRYPTED PRIVATE KEY" || key.proc_encrypted;
    if encrypted && !has_passphrase {
        out.push(
            Problem::error(
                Code::MtlsPassphraseMissing,
                format!("{}={}: the private key is encrypted and CLAUDE_CODE_CLIENT_KEY_PASSPHRASE is not set, so the key can't be loaded. {NO_MTLS}", s.env_var, s.path),
                "Set CLAUDE_CODE_CLIENT_KEY_PASSPHRASE to the key's passphrase (in the environment or managed settings, not a shared file).",
            )
            .with_var("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE")
            .with_file(s.file.clone()),
        );
        return;
    }
    match found {
        Some(KeyCheck::PassphraseWrong) if has_passphrase => out.push(
            Problem::error(
                Code::MtlsPassphraseWrong,
                format!("{}={}: CLAUDE_CODE_CLIENT_KEY_PASSPHRASE does not decrypt the private key, so the key can't be loaded. {NO_MTLS}", s.env_var, s.path),
                format!("Check CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: it must be the passphrase of that key (or point {} at the key it belongs to).", s.env_var),
            )
            .with_var("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE")
            .with_file(s.file.clone()),
        ),
        Some(KeyCheck::CertMismatch) => {
            let cert = plan.client_cert.as_ref().map_or_else(
                || "CLAUDE_CODE_CLIENT_CERT".to_owned(),
                |c| format!("{}={}", c.env_var, c.path),
            );
            out.push(file_problem(
                s,
                Severity::Error,
                &format!("the private key does not belong to the client certificate ({cert}), so the TLS context can't be built and every https request fails before it is sent."),
                "Point CLAUDE_CODE_CLIENT_KEY at the private key issued with the certificate in CLAUDE_CODE_CLIENT_CERT (or the certificate at the one issued for this key).",
            ));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_proxy_urls_parse_as_url_does() {
        for raw in [
            "http://proxy.corp:3128",
            "http://proxy.corp:3128/",
            "https://proxy.corp",
            "https://proxy.corp/",
            "http://proxy.corp:80",
            "https://proxy.corp:443",
            "http://proxy.corp:0",
            "http://proxy.corp:03128",
            "http://a-b.c-d9:65535",
            "http://localhost:8080",
            "http://-a.b-:1",
            "http://proxy.corp:65536",
            "http://proxy.corp:",
            "http://1.2.3.4:3128",
            "http://1.2.3:3128",
            "http://a.0x10",
            "http://a.b.:1",
            "http://a..b",
            "http://Proxy.corp",
            "http://xn--nxasmq6b.com",
            "http://u:p@proxy.corp:3128",
            "http://proxy.corp:3128/path",
            "http://proxy_corp:1",
            "HTTP://proxy.corp",
            "http://",
            "http://:1",
        ] {
            let fast = super::plain_proxy_url(raw);
            if let Some((scheme, host, port)) = fast {
                let u = url::Url::parse(raw).unwrap();
                assert_eq!(u.scheme(), scheme, "{raw}");
                assert_eq!(u.host(), Some(url::Host::Domain(host)), "{raw}");
                assert_eq!(u.port_or_known_default(), Some(port), "{raw}");
                assert!(u.username().is_empty() && u.password().is_none(), "{raw}");
            }
        }
        assert!(super::plain_proxy_url("http://proxy.corp:3128").is_some());
        assert!(super::plain_proxy_url("http://1.2.3.4:3128").is_none());
        assert!(super::plain_proxy_url("http://u:p@proxy.corp:3128").is_none());
    }

    use super::*;
    use crate::env::{ConfigInput, EnvOrder, SettingsLayer, SettingsScope};
    use serde_json::json;

    const CANARY: &str = "CANARY-9c1e";

    fn input(pairs: &[(&str, &str)]) -> ConfigInput {
        ConfigInput {
            process_env: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..Default::default()
        }
    }

    fn run_input(i: &ConfigInput) -> (NetworkPlan, Vec<Problem>) {
        let order = EnvOrder::new(i);
        let mut problems = Vec::new();
        let plan = plan(&order.env(), &mut problems);
        (plan, problems)
    }

    fn run(pairs: &[(&str, &str)]) -> (NetworkPlan, Vec<Problem>) {
        run_input(&input(pairs))
    }

    fn codes(p: &[Problem]) -> Vec<Code> {
        p.iter().map(|p| p.code).collect()
    }

    /// Everything a person or a log could see.
    fn visible(plan: &NetworkPlan, problems: &[Problem]) -> String {
        format!(
            "{plan:?}\n{}\n{problems:?}\n{}",
            serde_json::to_string(plan).unwrap(),
            serde_json::to_string(problems).unwrap()
        )
    }

    fn proxied_by(plan: &NetworkPlan, url: &str) -> Option<String> {
        match proxy_for(plan, url) {
            ProxyDecision::Direct => None,
            ProxyDecision::Proxy { proxy } => Some(proxy.display_url),
        }
    }

    // ---- captures (case_env copied from the Claude Code captures)

    #[test]
    fn capture_err_proxy_url_without_scheme() {
        let (plan, problems) = run(&[
            ("CLAUDE_CODE_MAX_RETRIES", "0"),
            ("API_TIMEOUT_MS", "15000"),
            ("ANTHROPIC_BASE_URL", "http://127.0.0.1:39539"),
            ("ANTHROPIC_API_KEY", "sk-ant-api03-FAKE-direct-key"),
            ("HTTPS_PROXY", "127.0.0.1:3128"),
        ]);
        assert_eq!(codes(&problems), vec![Code::ProxyUrlInvalid]);
        let p = &problems[0];
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.env_var.as_deref(), Some("HTTPS_PROXY"));
        assert!(p
            .message
            .contains("HTTPS_PROXY=127.0.0.1:3128 has no scheme"));
        assert!(p.message.contains("ECONNREFUSED"));
        assert!(p.help.contains("HTTPS_PROXY=http://127.0.0.1:3128"));
        assert!(plan.https_proxy.is_none() && plan.http_proxy.is_none());
    }

    #[test]
    fn a_scheme_less_proxy_url_with_credentials_is_missing_its_scheme() {
        let (plan, problems) = run(&[("HTTPS_PROXY", "proxyuser:CANARY-pw@127.0.0.1:3129")]);
        assert_eq!(codes(&problems), vec![Code::ProxyUrlInvalid]);
        let p = &problems[0];
        assert!(
            p.message
                .contains("HTTPS_PROXY=***@127.0.0.1:3129 has no scheme"),
            "{p:?}"
        );
        assert!(
            p.help.contains("HTTPS_PROXY=http://***@127.0.0.1:3129 "),
            "{p:?}"
        );
        assert!(!p.help.contains("Percent-encode"), "{p:?}");
        assert!(!format!("{p:?}").contains("CANARY"), "{p:?}");
        assert!(plan.https_proxy.is_none());
        // A `://` in the password is no scheme: none of the password shows, as the scheme or
        // before the mask.
        for value in [
            "proxyuser:CA://NARY-pw@127.0.0.1:3129",
            "proxyuser:CA://NARY/x@127.0.0.1:3129",
            "proxyuser:socks5://NARY@127.0.0.1:3129",
        ] {
            let (_, problems) = run(&[("HTTPS_PROXY", value)]);
            assert_eq!(codes(&problems), vec![Code::ProxyUrlInvalid], "{value}");
            let p = &problems[0];
            assert!(
                p.message
                    .contains("HTTPS_PROXY=***@127.0.0.1:3129 has no scheme"),
                "{p:?}"
            );
            let shown = format!("{p:?}");
            assert!(!shown.contains("CA:") && !shown.contains("NARY"), "{shown}");
        }
    }

    #[test]
    fn capture_proxy_http_proxy_no_no_proxy() {
        let (plan, problems) = run(&[
            ("ANTHROPIC_BASE_URL", "http://127.0.0.1:45491"),
            ("ANTHROPIC_API_KEY", "sk-ant-api03-FAKE-direct-key"),
            ("HTTP_PROXY", "http://127.0.0.1:38499"),
            ("HTTPS_PROXY", "http://127.0.0.1:38499"),
        ]);
        assert!(problems.is_empty());
        // The same value in both: nothing is shadowed.
        assert!(plan.ignored_proxy_vars.is_empty());
        let p = plan.https_proxy.as_ref().unwrap();
        assert_eq!(
            (&*p.env_var, p.host.as_str(), p.port),
            ("HTTPS_PROXY", "127.0.0.1", 38499)
        );
        // Observed: the plain-http loopback base URL went to the proxy in absolute form.
        assert_eq!(
            proxied_by(&plan, "http://127.0.0.1:45491/v1/messages?beta=true").as_deref(),
            Some("http://127.0.0.1:38499")
        );
        let mut problems = Vec::new();
        check_endpoint(&plan, "http://127.0.0.1:45491", &mut problems);
        assert_eq!(codes(&problems), vec![Code::NoProxyMissesEndpoint]);
        assert_eq!(problems[0].severity, Severity::Warning);
        assert_eq!(problems[0].env_var.as_deref(), Some("NO_PROXY"));
        assert!(problems[0].message.contains("http://127.0.0.1:45491"));
        assert!(problems[0].help.contains("NO_PROXY=127.0.0.1,localhost"));
    }

    #[test]
    fn capture_proxy_with_no_proxy() {
        let (plan, problems) = run(&[
            ("ANTHROPIC_BASE_URL", "http://127.0.0.1:38145"),
            ("ANTHROPIC_API_KEY", "sk-ant-api03-FAKE-direct-key"),
            ("HTTP_PROXY", "http://127.0.0.1:46069"),
            ("HTTPS_PROXY", "http://127.0.0.1:46069"),
            ("NO_PROXY", "127.0.0.1,localhost"),
        ]);
        assert!(problems.is_empty());
        assert_eq!(plan.no_proxy, vec!["127.0.0.1", "localhost"]);
        // Observed: the request reached the server directly.
        assert_eq!(
            proxy_for(&plan, "http://127.0.0.1:38145/v1/messages"),
            ProxyDecision::Direct
        );
        assert_eq!(
            proxy_for(&plan, "http://localhost:38145"),
            ProxyDecision::Direct
        );
        assert!(proxied_by(&plan, "https://api.anthropic.com/v1/messages").is_some());
        let mut problems = Vec::new();
        check_endpoint(&plan, "http://127.0.0.1:38145", &mut problems);
        assert!(problems.is_empty());
    }

    #[test]
    fn capture_proxy_with_credentials() {
        let (plan, problems) = run(&[
            ("ANTHROPIC_API_KEY", "sk-ant-api03-FAKE-direct-key"),
            (
                "HTTPS_PROXY",
                "http://proxyuser:proxy%40pass@127.0.0.1:35447",
            ),
            ("NODE_EXTRA_CA_CERTS", "/tmp/cc-capture/certs/ca.pem"),
        ]);
        assert!(problems.is_empty());
        let p = plan.https_proxy.as_ref().unwrap();
        assert_eq!(p.display_url, "http://***@127.0.0.1:35447");
        assert!(p.has_credentials);
        // Observed on CONNECT api.anthropic.com:443.
        assert_eq!(
            proxy_authorization(p).unwrap().expose(),
            "Basic cHJveHl1c2VyOnByb3h5QHBhc3M="
        );
        assert!(proxied_by(&plan, "https://api.anthropic.com").is_some());
        let seen = visible(&plan, &problems);
        for leak in ["proxyuser", "proxy%40pass", "proxy@pass", "cHJveHl1"] {
            assert!(!seen.contains(leak), "{leak}: {seen}");
        }
        assert_eq!(
            plan.extra_ca_certs.as_ref().unwrap().path,
            "/tmp/cc-capture/certs/ca.pem"
        );
    }

    #[test]
    fn captures_via_proxy_connect_to_each_providers_host() {
        // (HTTPS_PROXY, hosts the recorder saw as CONNECT targets).
        let cases = [
            ("http://127.0.0.1:38161", &["api.anthropic.com"][..]),
            (
                "http://127.0.0.1:33283",
                &[
                    "bedrock-runtime.us-east-1.amazonaws.com",
                    "bedrock.us-east-1.amazonaws.com",
                ],
            ),
            (
                "http://127.0.0.1:43017",
                &["bedrock-runtime.us-gov-west-1.amazonaws.com"],
            ),
            (
                "http://127.0.0.1:40367",
                &["bedrock-mantle.us-east-1.api.aws"],
            ),
            (
                "http://127.0.0.1:37695",
                &["aws-external-anthropic.us-west-2.api.aws"],
            ),
            (
                "http://127.0.0.1:38163",
                &[
                    "login.microsoftonline.com",
                    "my-foundry-res.services.ai.azure.com",
                ],
            ),
            ("http://127.0.0.1:36439", &["aiplatform.googleapis.com"]),
            (
                "http://127.0.0.1:45711",
                &[
                    "oauth2.googleapis.com",
                    "us-east5-aiplatform.googleapis.com",
                ],
            ),
        ];
        for (proxy, hosts) in cases {
            let (plan, problems) = run(&[
                ("HTTPS_PROXY", proxy),
                ("NODE_EXTRA_CA_CERTS", "/tmp/cc-capture/certs/ca.pem"),
            ]);
            assert!(problems.is_empty());
            for h in hosts {
                let url = format!("https://{h}/");
                assert_eq!(proxied_by(&plan, &url).as_deref(), Some(proxy), "{url}");
                let mut p = Vec::new();
                check_endpoint(&plan, &url, &mut p);
                assert!(
                    p.is_empty(),
                    "https to a public host is what a proxy is for"
                );
            }
        }
    }

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n";
    const ENC_KEY: &str =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFfake\n-----END ENCRYPTED PRIVATE KEY-----\n";

    fn files(list: &[(&str, Option<&str>)]) -> Vec<crate::env::PemFile> {
        list.iter()
            .map(|(p, c)| crate::env::PemFile {
                path: (*p).to_owned(),
                text: c.map(crate::secret::Secret::new),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn capture_mtls_client_cert() {
        let (plan, problems) = run(&[
            ("ANTHROPIC_BASE_URL", "https://localhost:38963"),
            ("ANTHROPIC_API_KEY", "sk-ant-api03-FAKE-mtls"),
            ("NODE_EXTRA_CA_CERTS", "/tmp/cc-capture/certs/ca.pem"),
            (
                "CLAUDE_CODE_CLIENT_CERT",
                "/tmp/cc-capture/certs/client.pem",
            ),
            ("CLAUDE_CODE_CLIENT_KEY", "/tmp/cc-capture/certs/client.key"),
        ]);
        assert!(problems.is_empty());
        assert_eq!(
            plan.client_cert.as_ref().unwrap().path,
            "/tmp/cc-capture/certs/client.pem"
        );
        assert_eq!(
            plan.client_key.as_ref().unwrap().env_var,
            "CLAUDE_CODE_CLIENT_KEY"
        );
        assert!(plan.client_key_passphrase.is_none());
        assert_eq!(plan.cert_store, CertStore::default());
        let f = files(&[
            ("/tmp/cc-capture/certs/ca.pem", Some(CERT)),
            ("/tmp/cc-capture/certs/client.pem", Some(CERT)),
            ("/tmp/cc-capture/certs/client.key", Some(KEY)),
        ]);
        assert!(check_pem_files(&plan, &f).is_empty());
    }

    #[test]
    fn capture_mtls_encrypted_key_passphrase() {
        let env = [
            ("ANTHROPIC_BASE_URL", "https://localhost:36797"),
            ("ANTHROPIC_API_KEY", "sk-ant-api03-FAKE-mtls"),
            ("NODE_EXTRA_CA_CERTS", "/tmp/cc-capture/certs/ca.pem"),
            (
                "CLAUDE_CODE_CLIENT_CERT",
                "/tmp/cc-capture/certs/client.pem",
            ),
            (
                "CLAUDE_CODE_CLIENT_KEY",
                "/tmp/cc-capture/certs/client-enc.key",
            ),
            ("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE", "s3cret-passphrase"),
        ];
        let (plan, problems) = run(&env);
        assert!(problems.is_empty());
        assert_eq!(
            plan.client_key_passphrase.as_ref().unwrap().expose(),
            "s3cret-passphrase"
        );
        assert!(!visible(&plan, &problems).contains("s3cret"));
        let f = files(&[
            ("/tmp/cc-capture/certs/client.pem", Some(CERT)),
            ("/tmp/cc-capture/certs/client-enc.key", Some(ENC_KEY)),
        ]);
        assert!(check_pem_files(&plan, &f).is_empty());
        // The same key without the passphrase.
        let (plan, _) = run(&env[..5]);
        let p = check_pem_files(&plan, &f);
        assert_eq!(codes(&p), vec![Code::MtlsPassphraseMissing]);
        assert_eq!(
            p[0].env_var.as_deref(),
            Some("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE")
        );
        assert_eq!(p[0].severity, Severity::Error);
    }

    #[test]
    fn capture_mtls_missing_client_cert_and_tls_untrusted_ca() {
        // Both fail at run time for reasons the configuration can't show (the server wants a
        // client cert; the CA is private): nothing to report, and the plan says what is used.
        let (plan, problems) = run(&[
            ("ANTHROPIC_BASE_URL", "https://localhost:43137"),
            ("NODE_EXTRA_CA_CERTS", "/tmp/cc-capture/certs/ca.pem"),
        ]);
        assert!(problems.is_empty());
        assert!(plan.client_cert.is_none() && plan.client_key.is_none());
        let (plan, problems) = run(&[
            ("ANTHROPIC_BASE_URL", "https://localhost:44453"),
            (
                "CLAUDE_CODE_CLIENT_CERT",
                "/tmp/cc-capture/certs/client.pem",
            ),
            ("CLAUDE_CODE_CLIENT_KEY", "/tmp/cc-capture/certs/client.key"),
        ]);
        assert!(problems.is_empty());
        assert!(plan.extra_ca_certs.is_none() && plan.client_cert.is_some());
        assert_eq!(
            proxy_for(&plan, "https://localhost:44453"),
            ProxyDecision::Direct
        );
    }

    // ---- proxy selection and parsing

    #[test]
    fn differing_proxy_variables_are_reported_with_their_passwords_masked() {
        // curl-style: HTTP_PROXY for http targets. Claude Code ignores it: a note.
        let (plan, problems) = run(&[
            ("HTTPS_PROXY", "http://u:CANARY@secure:3128"),
            ("HTTP_PROXY", "http://plain:8080"),
        ]);
        assert_eq!(plan.ignored_proxy_vars, vec!["HTTP_PROXY"]);
        let [p] = &problems[..] else {
            panic!("{problems:?}")
        };
        assert_eq!(
            (p.code, p.severity),
            (Code::ProxyVarsConflict, Severity::Info)
        );
        assert!(!format!("{p:?}").contains("CANARY"), "{p:?}");
        assert!(
            p.message.contains("HTTPS_PROXY=http://***@secure:3128"),
            "{p:?}"
        );
        // The same proxy in both cases (the usual export of both), however written: nothing.
        let (_, problems) = run(&[
            ("HTTPS_PROXY", "http://proxy:3128"),
            ("https_proxy", " http://Proxy:3128/"),
            ("HTTP_PROXY", "http://proxy:3128"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let (_, problems) = run(&[
            ("HTTPS_PROXY", "http://proxy"),
            ("HTTP_PROXY", "http://proxy:80"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        // Only the passwords differ: said so, since both masked forms look alike.
        let (_, problems) = run(&[
            ("https_proxy", "http://u:CANARY1@proxy:3128"),
            ("HTTPS_PROXY", "http://u:CANARY2@proxy:3128"),
        ]);
        let [p] = &problems[..] else {
            panic!("{problems:?}")
        };
        assert!(
            p.message
                .contains("the same proxy with different credentials"),
            "{p:?}"
        );
        assert!(!format!("{p:?}").contains("CANARY"));
    }

    #[test]
    fn first_set_proxy_variable_wins_for_every_target() {
        let (plan, problems) = run(&[
            ("HTTP_PROXY", "http://http-upper:1"),
            ("http_proxy", "http://http-lower:2"),
            ("HTTPS_PROXY", "http://https-upper:3"),
            ("https_proxy", "http://https-lower:4"),
        ]);
        assert_eq!(plan.https_proxy.as_ref().unwrap().env_var, "https_proxy");
        assert_eq!(
            plan.ignored_proxy_vars,
            vec!["HTTPS_PROXY", "http_proxy", "HTTP_PROXY"]
        );
        let [p] = &problems[..] else {
            panic!("{problems:?}")
        };
        assert_eq!(
            (p.code, p.severity),
            (Code::ProxyVarsConflict, Severity::Warning)
        );
        assert_eq!(p.env_var.as_deref(), Some("https_proxy"));
        assert!(
            p.message.contains("HTTPS_PROXY=http://https-upper:3"),
            "{p:?}"
        );
        assert!(
            p.help.contains(
                "Set HTTPS_PROXY and http_proxy and HTTP_PROXY to the same proxy as https_proxy"
            ),
            "{p:?}"
        );
        // Unlike curl, the http target uses the same (https_proxy) proxy.
        assert_eq!(
            proxied_by(&plan, "http://gw.corp/").as_deref(),
            Some("http://https-lower:4")
        );

        let (plan, _) = run(&[("HTTP_PROXY", "http://only-http:8080")]);
        assert_eq!(
            proxied_by(&plan, "https://api.anthropic.com").as_deref(),
            Some("http://only-http:8080")
        );
        // A blank value counts as unset.
        let (plan, _) = run(&[("https_proxy", "  "), ("HTTPS_PROXY", "http://p:1")]);
        assert_eq!(plan.https_proxy.unwrap().env_var, "HTTPS_PROXY");
        let (plan, problems) = run(&[]);
        assert!(plan.https_proxy.is_none() && problems.is_empty());
        assert_eq!(
            proxy_for(&plan, "http://127.0.0.1:1"),
            ProxyDecision::Direct
        );
    }

    #[test]
    fn proxy_url_forms() {
        let (plan, problems) = run(&[("HTTPS_PROXY", " https://Proxy.Corp ")]);
        assert!(problems.is_empty());
        let p = plan.https_proxy.unwrap();
        assert_eq!(
            (&*p.scheme, p.host.as_str(), p.port),
            ("https", "proxy.corp", 443)
        );
        assert!(!p.has_credentials && proxy_authorization(&p).is_none());

        let (plan, _) = run(&[("HTTPS_PROXY", "http://[::1]:3128/")]);
        let p = plan.https_proxy.unwrap();
        assert_eq!((p.host.as_str(), p.port), ("::1", 3128));
        // The host of an IPv6 proxy is std's `Ipv6Addr` text.
        for ip in [
            "::1",
            "::",
            "1::",
            "1:0:0:2:0:0:0:3",
            "1:0:0:2:0:0:3:4",
            "0:0:1:0:0:0:0:0",
            "2001:db8::ff00:42:8329",
            "fe80::1:0:0:1",
            "1:2:3:4:5:6:7:8",
            "1:0:3:4:5:6:7:8",
            "::ffff:1.2.3.4",
            "::ffff:0:0",
            "::1.2.3.4",
            "64:ff9b::1.2.3.4",
            "ABCD:EF::0",
            "0:0:0:0:0:ffff:102:304",
            "::fffe:1.2.3.4",
        ] {
            let std_text = ip.parse::<std::net::Ipv6Addr>().unwrap().to_string();
            let (plan, _) = run(&[("HTTPS_PROXY", &format!("http://[{ip}]:3128/"))]);
            assert_eq!(plan.https_proxy.unwrap().host, std_text, "{ip}");
        }

        let (plan, _) = run(&[("HTTPS_PROXY", "http://user@proxy:80")]);
        let p = plan.https_proxy.unwrap();
        // base64("user:")
        assert_eq!(proxy_authorization(&p).unwrap().expose(), "Basic dXNlcjo=");
        assert_eq!(p.display_url, "http://***@proxy:80");
    }

    #[test]
    fn unsupported_and_invalid_proxy_urls() {
        for (value, code) in [
            ("socks5://127.0.0.1:1080", Code::ProxySchemeUnsupported),
            ("socks5h://proxy:1080", Code::ProxySchemeUnsupported),
            ("ftp://proxy:21", Code::ProxySchemeUnsupported),
            ("localhost:3128", Code::ProxyUrlInvalid),
            ("proxy.corp.example:8080", Code::ProxyUrlInvalid),
            ("[::1]:3128", Code::ProxyUrlInvalid),
            ("http://bad host:1", Code::ProxyUrlInvalid),
            ("http://proxy:99999", Code::ProxyUrlInvalid),
            // an unencoded `/` or `?` in the password: the host would be a piece of it
            (
                "http://alice:Xy@Zq/7Pw@proxy.corp:3128",
                Code::ProxyUrlInvalid,
            ),
            (
                "http://alice:Xy@Zq?7Pw@proxy.corp:3128",
                Code::ProxyUrlInvalid,
            ),
            (
                "http://bob:2024/S3cret@proxy.corp:3128",
                Code::ProxyUrlInvalid,
            ),
            ("http://bob:/S3cret@proxy.corp:3128", Code::ProxyUrlInvalid),
        ] {
            let (plan, problems) = run(&[("https_proxy", value)]);
            assert_eq!(codes(&problems), vec![code], "{value}");
            assert_eq!(problems[0].env_var.as_deref(), Some("https_proxy"));
            assert!(problems[0].message.starts_with("https_proxy="), "{value}");
            assert!(plan.https_proxy.is_none(), "{value}");
        }
    }

    #[test]
    fn proxy_password_canary_never_shows() {
        for value in [
            format!("http://user:{CANARY}@proxy:8080"),
            format!("user:{CANARY}@proxy:8080"),
            format!("socks5://user:{CANARY}@proxy:1080"),
            format!("http://user:{CANARY}@bad host:1"),
            // the password's own `/` splits it: neither piece may show
            format!("http://user:{CANARY}/{CANARY}@proxy.corp:3128"),
            format!("http://user:2024/{CANARY}@proxy.corp:3128"),
            format!("http://user:/{CANARY}@proxy.corp:3128"),
        ] {
            let (plan, problems) = run(&[
                ("HTTPS_PROXY", &value),
                ("ANTHROPIC_BASE_URL", "http://127.0.0.1:1"),
            ]);
            let mut problems = problems;
            check_endpoint(&plan, "http://127.0.0.1:1", &mut problems);
            assert!(!problems.is_empty() || plan.https_proxy.is_some());
            let seen = visible(&plan, &problems);
            assert!(!seen.contains(CANARY), "{value}: {seen}");
        }
    }

    #[test]
    fn problems_point_at_the_settings_file() {
        let mut i = input(&[("CLAUDE_CODE_CLIENT_CERT", "/c.pem")]);
        i.settings.push(SettingsLayer {
            scope: SettingsScope::User,
            path: Some("/home/u/.claude/settings.json".into()),
            settings: json!({"env": {"HTTPS_PROXY": "proxy:3128", "NO_PROXY": "corp", "CLAUDE_CODE_CERT_STORE": "os"}}),
        });
        let (plan, problems) = run_input(&i);
        assert_eq!(
            codes(&problems),
            vec![
                Code::ProxyUrlInvalid,
                Code::CertStoreInvalid,
                Code::MtlsIncomplete
            ]
        );
        let file = Some("/home/u/.claude/settings.json".to_owned());
        assert_eq!(problems[0].file, file);
        assert_eq!(problems[1].file, file);
        // The cert came from the process env: no file.
        assert_eq!(problems[2].file, None);
        assert_eq!(plan.no_proxy_file, file);
    }

    // ---- NO_PROXY

    #[test]
    fn no_proxy_rules() {
        let cases: &[(&str, &str, bool)] = &[
            ("*", "https://anything.example", true),
            (".example.com", "https://a.b.example.com", true),
            (".example.com", "https://example.com", true),
            (".example.com", "https://badexample.com", false),
            ("*.example.com", "https://x.example.com", true),
            ("example.com", "https://sub.example.com", true),
            ("example.com", "https://example.com.evil.net", false),
            ("EXAMPLE.com.", "https://Example.COM", true),
            ("example.com:8443", "https://example.com:8443/x", true),
            ("example.com:8443", "https://example.com/x", false),
            ("example.com:443", "https://example.com/x", true),
            ("10.0.0.0/8", "http://10.200.3.4:8080", true),
            ("10.0.0.0/8", "http://11.0.0.1", false),
            ("0.0.0.0/0", "http://192.0.2.1", true),
            ("fd00::/8", "http://[fd12::1]/", true),
            ("fd00::/8", "http://[fe80::1]/", false),
            ("::1", "http://[::1]:8080", true),
            ("[::1]:8080", "http://[::1]:8080", true),
            ("[::1]:8080", "http://[::1]:9090", false),
            ("127.0.0.1", "http://127.0.0.1:45491", true),
            ("127.0.0.1:45491", "http://127.0.0.1:45491", true),
            ("127.0.0.1:1", "http://127.0.0.1:45491", false),
            ("localhost", "http://127.0.0.1:45491", false),
            ("127.0.0.1", "http://localhost:45491", false),
            ("10.0.0.0/99", "http://10.0.0.1", false),
            ("host:notaport", "http://host", false),
            ("", "http://host", false),
        ];
        for (entry, url, expect) in cases {
            let u = Url::parse(url).unwrap();
            assert_eq!(
                no_proxy_matches(&[(*entry).to_owned()], &u),
                *expect,
                "{entry} vs {url}"
            );
        }
    }

    #[test]
    fn no_proxy_list_forms_and_precedence() {
        let (plan, _) = run(&[
            ("HTTPS_PROXY", "http://p:1"),
            ("NO_PROXY", "ignored.example"),
            ("no_proxy", " a.example,  b.example\tc.example ,,"),
        ]);
        assert_eq!(plan.no_proxy, vec!["a.example", "b.example", "c.example"]);
        assert_eq!(plan.no_proxy_env_var.as_deref(), Some("no_proxy"));
        assert_eq!(proxy_for(&plan, "https://c.example"), ProxyDecision::Direct);
        assert!(proxied_by(&plan, "https://ignored.example").is_some());
        // Non-http(s) targets and unparsable URLs never go to the proxy.
        assert_eq!(proxy_for(&plan, "wss://x.example"), ProxyDecision::Direct);
        assert_eq!(proxy_for(&plan, "not a url"), ProxyDecision::Direct);
    }

    #[test]
    fn check_endpoint_cases() {
        let (plan, _) = run(&[
            ("HTTPS_PROXY", "http://proxy.corp:8080"),
            ("NO_PROXY", "localhost,.corp"),
        ]);
        let warn = |url: &str| {
            let mut p = Vec::new();
            check_endpoint(&plan, url, &mut p);
            p
        };
        // Plain http to a non-loopback host through the proxy.
        let p = warn("http://gateway.example:4000/litellm");
        assert_eq!(codes(&p), vec![Code::NoProxyMissesEndpoint]);
        assert!(p[0].message.contains("plain-http"));
        assert!(p[0]
            .help
            .contains("NO_PROXY=localhost,.corp,gateway.example"));
        // 127.0.0.1 is not `localhost` for NO_PROXY.
        let p = warn("https://127.0.0.1:8443");
        assert!(p[0].message.contains("loopback"));
        assert!(p[0].help.contains("`localhost` does not cover 127.0.0.1"));
        let p = warn("http://[::1]:8080");
        assert!(p[0].message.contains("http://[::1]:8080"));
        // Covered, or https to a public host: nothing to say.
        assert!(warn("http://localhost:4000").is_empty());
        assert!(warn("http://gw.corp:4000").is_empty());
        assert!(warn("https://api.anthropic.com").is_empty());
        assert!(warn("garbage").is_empty());
        // No proxy at all.
        let (plan, _) = run(&[]);
        let mut p = Vec::new();
        check_endpoint(&plan, "http://127.0.0.1:1", &mut p);
        assert!(p.is_empty());
    }

    // ---- CA, cert store, mTLS variables

    #[test]
    fn cert_store_values() {
        for (v, bundled, system, warn) in [
            ("bundled", true, false, false),
            ("system", false, true, false),
            ("system, bundled", true, true, false),
            ("Bundled,SYSTEM", true, true, false),
            ("bundled,nss", true, false, true),
            ("os", true, true, true),
            (",", true, true, true),
        ] {
            let (plan, problems) = run(&[("CLAUDE_CODE_CERT_STORE", v)]);
            assert_eq!(
                (plan.cert_store.bundled, plan.cert_store.system),
                (bundled, system),
                "{v}"
            );
            assert_eq!(
                codes(&problems) == vec![Code::CertStoreInvalid],
                warn,
                "{v}: {problems:?}"
            );
        }
    }

    #[test]
    fn mtls_needs_cert_and_key() {
        let (_, p) = run(&[("CLAUDE_CODE_CLIENT_CERT", "/c.pem")]);
        assert_eq!(codes(&p), vec![Code::MtlsIncomplete]);
        assert_eq!(p[0].severity, Severity::Error);
        assert_eq!(p[0].env_var.as_deref(), Some("CLAUDE_CODE_CLIENT_KEY"));
        let (_, p) = run(&[("CLAUDE_CODE_CLIENT_KEY", "/k.pem")]);
        assert_eq!(p[0].env_var.as_deref(), Some("CLAUDE_CODE_CLIENT_CERT"));
        let (plan, p) = run(&[("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE", CANARY)]);
        assert_eq!(codes(&p), vec![Code::MtlsIncomplete]);
        assert_eq!(p[0].severity, Severity::Warning);
        assert!(!visible(&plan, &p).contains(CANARY));
        // Kept as written: a passphrase may have significant spaces.
        let (plan, _) = run(&[
            ("CLAUDE_CODE_CLIENT_KEY", "/k"),
            ("CLAUDE_CODE_CLIENT_CERT", "/c"),
            ("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE", " pass "),
        ]);
        assert_eq!(plan.client_key_passphrase.unwrap().expose(), " pass ");
    }

    #[test]
    fn a_missing_windows_path_gets_the_wsl_path() {
        for (path, wsl) in [
            (r"C:\Users\me\ca.pem", "/mnt/c/Users/me/ca.pem"),
            ("D:/certs/corp.pem", "/mnt/d/certs/corp.pem"),
        ] {
            let (plan, _) = run(&[("NODE_EXTRA_CA_CERTS", path)]);
            let p = check_pem_files(&plan, &files(&[(path, None)]));
            assert_eq!(p.len(), 1, "{p:?}");
            assert!(p[0].message.contains("does not exist"), "{p:?}");
            assert!(
                p[0].help.contains("is a Windows path") && p[0].help.contains(wsl),
                "{}",
                p[0].help
            );
        }
        // A POSIX path keeps the plain fix.
        let (plan, _) = run(&[("NODE_EXTRA_CA_CERTS", "/etc/ca.pem")]);
        let p = check_pem_files(&plan, &files(&[("/etc/ca.pem", None)]));
        assert!(!p[0].help.contains("Windows"), "{p:?}");
    }

    #[test]
    fn tilde_paths_are_flagged() {
        let (plan, p) = run(&[("NODE_EXTRA_CA_CERTS", "~/certs/corp.pem")]);
        assert_eq!(codes(&p), vec![Code::CertFileInvalid]);
        assert!(p[0].help.contains("/home/<you>/certs/corp.pem"));
        assert_eq!(plan.extra_ca_certs.unwrap().path, "~/certs/corp.pem");
    }

    #[test]
    fn pem_file_checks() {
        let (plan, _) = run(&[
            ("NODE_EXTRA_CA_CERTS", "/ca.pem"),
            ("CLAUDE_CODE_CLIENT_CERT", "/c.pem"),
            ("CLAUDE_CODE_CLIENT_KEY", "/k.pem"),
        ]);
        let check = |list: &[(&str, Option<&str>)]| check_pem_files(&plan, &files(list));
        let one = |list: &[(&str, Option<&str>)]| {
            let p = check(list);
            assert_eq!(p.len(), 1, "{list:?}: {p:?}");
            p.into_iter().next().unwrap()
        };

        let p = one(&[("/ca.pem", None)]);
        assert_eq!(
            (p.code, p.severity),
            (Code::CertFileInvalid, Severity::Warning)
        );
        assert_eq!(p.env_var.as_deref(), Some("NODE_EXTRA_CA_CERTS"));
        assert!(p.message.contains("does not exist"));
        assert!(one(&[("/ca.pem", Some(KEY))])
            .message
            .contains("private key, not CA"));
        assert!(one(&[("/ca.pem", Some("0\u{82}\u{1}binary"))])
            .message
            .contains("not a PEM"));
        assert!(one(&[("/ca.pem", Some(&format!("{CERT}{KEY}")))])
            .message
            .contains("also holds a private key"));
        assert!(
            one(&[("/ca.pem", Some("-----BEGIN CERTIFICATE-----\nMIIB"))])
                .message
                .contains("truncated")
        );

        let p = one(&[("/c.pem", None)]);
        assert_eq!(
            (p.code, p.severity),
            (Code::CertFileInvalid, Severity::Error)
        );
        assert!(one(&[("/c.pem", Some(KEY))]).help.contains("swapped"));
        assert!(one(&[("/k.pem", Some(CERT))]).help.contains("swapped"));
        assert!(one(&[("/k.pem", Some("nope"))])
            .message
            .contains("not a PEM private key"));
        let ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----";
        assert!(one(&[("/k.pem", Some(ssh))]).message.contains("OpenSSH"));
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nabc\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            one(&[("/k.pem", Some(legacy))]).code,
            Code::MtlsPassphraseMissing
        );
        assert_eq!(
            one(&[("/k.pem", Some(ENC_KEY))]).code,
            Code::MtlsPassphraseMissing
        );
        let ec = "-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----\n";
        assert!(check(&[
            ("/k.pem", Some(ec)),
            ("/c.pem", Some(CERT)),
            ("/ca.pem", Some(&format!("{CERT}{CERT}")))
        ])
        .is_empty());
        // Paths the runtime did not read are not judged.
        assert!(check(&[("/other.pem", None)]).is_empty());
    }

    #[test]
    fn combined_cert_and_key_file() {
        let (plan, p) = run(&[
            ("CLAUDE_CODE_CLIENT_CERT", "/both.pem"),
            ("CLAUDE_CODE_CLIENT_KEY", "/both.pem"),
        ]);
        assert!(p.is_empty());
        let both = format!("{CERT}{KEY}");
        assert!(check_pem_files(&plan, &files(&[("/both.pem", Some(&both))])).is_empty());
    }

    #[test]
    fn key_checks_the_runtime_found() {
        let env = [
            ("CLAUDE_CODE_CLIENT_CERT", "/c.pem"),
            ("CLAUDE_CODE_CLIENT_KEY", "/k.pem"),
            ("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE", "CANARY-pass-71f0"),
        ];
        let (plan, _) = run(&env);
        let with = |key: &str, found: Option<KeyCheck>| {
            let mut f = files(&[("/c.pem", Some(CERT)), ("/k.pem", Some(key))]);
            f[1].key_check = found;
            f
        };
        assert!(check_pem_files(&plan, &with(ENC_KEY, None)).is_empty());
        let p = check_pem_files(&plan, &with(ENC_KEY, Some(KeyCheck::PassphraseWrong)));
        assert_eq!(codes(&p), vec![Code::MtlsPassphraseWrong]);
        assert_eq!(p[0].severity, Severity::Error);
        assert_eq!(
            p[0].env_var.as_deref(),
            Some("CLAUDE_CODE_CLIENT_KEY_PASSPHRASE")
        );
        assert!(p[0].message.starts_with("CLAUDE_CODE_CLIENT_KEY=/k.pem: "));
        assert!(!visible(&plan, &p).contains("71f0"));
        let p = check_pem_files(&plan, &with(KEY, Some(KeyCheck::CertMismatch)));
        assert_eq!(codes(&p), vec![Code::CertFileInvalid]);
        assert_eq!(p[0].env_var.as_deref(), Some("CLAUDE_CODE_CLIENT_KEY"));
        assert!(
            p[0].message.contains("CLAUDE_CODE_CLIENT_CERT=/c.pem"),
            "{}",
            p[0].message
        );
        // A missing passphrase is that problem alone; a key that is not PEM is reported as such.
        let (plan, _) = run(&env[..2]);
        let p = check_pem_files(&plan, &with(ENC_KEY, Some(KeyCheck::PassphraseWrong)));
        assert_eq!(codes(&p), vec![Code::MtlsPassphraseMissing]);
        let p = check_pem_files(&plan, &with("not pem", Some(KeyCheck::CertMismatch)));
        assert_eq!(codes(&p), vec![Code::CertFileInvalid]);
        assert!(p[0].message.contains("not a PEM private key"));
    }

    #[test]
    fn pem_contents_never_show() {
        let (plan, _) = run(&[
            ("NODE_EXTRA_CA_CERTS", "/ca.pem"),
            ("CLAUDE_CODE_CLIENT_CERT", "/c.pem"),
            ("CLAUDE_CODE_CLIENT_KEY", "/k.pem"),
        ]);
        let secret_key = format!("-----BEGIN ENCRYPTED PRIVATE KEY-----\n{CANARY}\n-----END ENCRYPTED PRIVATE KEY-----\n");
        let p = check_pem_files(
            &plan,
            &files(&[
                ("/ca.pem", Some(CANARY)),
                ("/c.pem", Some(&secret_key)),
                ("/k.pem", Some(&secret_key)),
            ]),
        );
        assert_eq!(p.len(), 3);
        assert!(!visible(&plan, &p).contains(CANARY));
    }

    #[test]
    fn proxy_resolves_hosts_flag() {
        assert!(
            run(&[("CLAUDE_CODE_PROXY_RESOLVES_HOSTS", "1")])
                .0
                .proxy_resolves_hosts
        );
        assert!(!run(&[]).0.proxy_resolves_hosts);
    }
}

//! Error answers that are not the provider's: an HTML page from a gateway, proxy or TLS
//! terminator in front of it, or a proxy's own error. What the page says it is (its `<title>`,
//! else its first `<h1>`; nothing else of the body is quoted, it may echo a credential), and the
//! cause and fix when it is recognized: nginx refusing a missing or rejected client certificate,
//! a proxy (squid, tinyproxy) that could not reach the endpoint or refused the request.

use crate::problem::Code;
use crate::provider::ProviderId;

const MAX_TITLE_CHARS: usize = 120;

/// `<title>` text, else the first `<h1>`'s: tags dropped, common entities decoded, whitespace
/// collapsed, credentials redacted, then at most [`MAX_TITLE_CHARS`]. Empty when the page has
/// neither.
pub(crate) fn title(html: &str) -> String {
    // ASCII lowercasing keeps every byte offset, so positions found in `lower` cut `html`.
    let lower = html.to_ascii_lowercase();
    for tag in ["title", "h1"] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(&format!("<{tag}")).map(|i| from + i) {
            from = i + 1 + tag.len();
            // `<title>` or `<h1 class=…>`, not `<h1x`.
            if !lower[from..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
                continue;
            }
            let Some(open_end) = lower[from..].find('>').map(|j| from + j + 1) else {
                break;
            };
            let close = lower[open_end..]
                .find(&format!("</{tag}"))
                .map_or(lower.len(), |j| open_end + j);
            let text = text_of(&html[open_end..close]);
            if !text.is_empty() {
                return text;
            }
            break;
        }
    }
    String::new()
}

/// The text of an HTML fragment, on one line, redacted, then capped (a credential cut first
/// would no longer have its shape, and its start would show).
fn text_of(fragment: &str) -> String {
    let mut raw = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                raw.push(' ');
            }
            _ if !in_tag => raw.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&raw);
    let mut out = String::new();
    for word in decoded.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = super::http_error::redact(&out);
    match out.char_indices().nth(MAX_TITLE_CHARS) {
        Some((i, _)) => format!("{}…", &out[..i]),
        None => out,
    }
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` and numeric references; others kept as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // Bytes, not a str slice: the 12th byte may be inside a character.
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Who answered, when it was not the provider, and the fix.
pub(crate) struct NotProvider {
    /// "The proxy (squid)", "The server at the Anthropic API endpoint".
    pub who: String,
    pub code: Code,
    pub help: String,
    /// The proxy's own error name (`ERR_CONNECT_FAIL`).
    pub error_type: Option<String>,
    /// For a recognized cause: whether the same request may succeed later (a proxy that could
    /// not connect to the endpoint), not when only a setting can fix it (credentials, a host
    /// name that does not resolve, an access rule, a client certificate).
    pub retryable: bool,
}

/// [`NotProvider`] for an HTML page or a proxy's own answer. `header` finds a response header
/// (any case); `text` is the body.
pub(crate) fn not_provider(
    provider: ProviderId,
    status: u16,
    header: impl Fn(&str) -> Option<String>,
    text: &str,
) -> Option<NotProvider> {
    let answer = |who: String, code, help| NotProvider {
        who,
        code,
        help,
        error_type: None,
        retryable: false,
    };
    let html = text.trim_start().starts_with('<');
    let lower = if html {
        text.to_ascii_lowercase()
    } else {
        String::new()
    };
    let base = provider.base_url_var();
    // nginx (`ssl_verify_client on`) answers 400 with these pages; 495 and 496 are the
    // statuses behind them, which some servers send as they are.
    let no_cert = status == 496 || lower.contains("no required ssl certificate was sent");
    if no_cert || status == 495 || lower.contains("the ssl certificate error") {
        let what = if no_cert {
            "requires a TLS client certificate and got none"
        } else {
            "rejected the TLS client certificate sent (CLAUDE_CODE_CLIENT_CERT)"
        };
        return Some(answer(
            front(provider),
            Code::TlsClientCertRejected,
            format!("The server in front of the provider (a gateway or TLS terminator such as nginx at {base}) {what}: set CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY to the certificate and key issued for this endpoint, by a CA it trusts and not expired (and CLAUDE_CODE_CLIENT_KEY_PASSPHRASE for an encrypted key)."),
        ));
    }
    if let Some((software, error_type)) = proxy(&header, &lower) {
        let who = format!("The proxy ({software})");
        let error = error_type
            .as_ref()
            .map(|e| format!(" {e}"))
            .unwrap_or_default();
        let bypass = "or add the endpoint's host to NO_PROXY to bypass the proxy";
        let (code, help, retryable) = match status {
            401 | 407 => (
                Code::ProxyAuthFailed,
                format!("The proxy ({software}) refused the request{error}: it wants credentials. Put the right user and password in HTTPS_PROXY / HTTP_PROXY (http://user:password@host:port, percent-encoding special characters), {bypass}."),
                false,
            ),
            500..=599 => {
                let dns_fail = error.contains("DNS");
                let dns = if dns_fail {
                    format!(" (it could not resolve the host name: check the host in {base})")
                } else {
                    String::new()
                };
                (
                    Code::ProxyUnreachable,
                    format!("The proxy ({software}) answered with its own error{error}: it could not reach the endpoint{dns}, so the provider never saw the request. Check that {base} is right and the endpoint is up and reachable from the proxy, {bypass}."),
                    !dns_fail,
                )
            }
            _ => (
                Code::ProxyUnreachable,
                format!("The proxy ({software}) refused to forward the request{error} (its access rules): ask its administrator to allow the endpoint's host, {bypass}."),
                false,
            ),
        };
        return Some(NotProvider {
            who,
            code,
            help,
            error_type,
            retryable,
        });
    }
    if !html {
        return None;
    }
    let check = format!("check {base}, the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and that server's logs");
    let help = match status {
        401 | 403 | 407 => format!("A server between you and the provider (a gateway, proxy or firewall) refused access with its own HTML page, not a provider error (a login page, or an access rule): {check}."),
        404 | 405 => format!("The endpoint answered with a web page, not the provider's API: {base} points at a web server or the wrong path (a gateway must serve /v1/messages); {check}."),
        500..=599 => format!("A server between you and the provider (a gateway, proxy or load balancer) failed with its own HTML page: it could not reach the provider, or failed itself. Retry; if it persists, {check}."),
        _ => format!("A server between you and the provider (a gateway, proxy or TLS terminator) answered HTTP {status} with its own HTML page, not a provider error: {check}."),
    };
    Some(answer(front(provider), Code::ProviderError, help))
}

/// `(software, its error code)` when a proxy made the answer itself. Not from `Via`: a proxy
/// adds that to the provider's answers it passes on too.
fn proxy(
    header: &impl Fn(&str) -> Option<String>,
    lower_html: &str,
) -> Option<(String, Option<String>)> {
    let squid_error = header("x-squid-error");
    let server = header("server").unwrap_or_default().to_ascii_lowercase();
    // squid's pages end "Generated … by host (squid/6.x)".
    let software =
        if squid_error.is_some() || server.starts_with("squid") || lower_html.contains("(squid/") {
            "squid"
        } else if server.starts_with("tinyproxy") || lower_html.contains("generated by tinyproxy") {
            "tinyproxy"
        } else {
            return None;
        };
    // `X-Squid-Error: ERR_CONNECT_FAIL 111`, or the page's `<body id=ERR_CONNECT_FAIL>`.
    let error = squid_error.as_deref().and_then(error_token).or_else(|| {
        let i = lower_html.find("err_")?;
        error_token(&lower_html[i..].to_ascii_uppercase())
    });
    Some((software.to_owned(), error))
}

/// A squid error name (`ERR_` and capitals or `_`): a fixed word, safe to quote.
fn error_token(s: &str) -> Option<String> {
    let t: String = s
        .chars()
        .take_while(|c| c.is_ascii_uppercase() || *c == '_')
        .take(40)
        .collect();
    (t.starts_with("ERR_") && t.len() > 4).then_some(t)
}

/// Who answered an HTML page: something at the provider's endpoint, not the provider.
fn front(provider: ProviderId) -> String {
    format!("The server at the {} endpoint", provider.display_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_decoded_capped_line() {
        assert_eq!(
            title("<html>\n<head><title>400 No required SSL certificate was sent</title></head>"),
            "400 No required SSL certificate was sent"
        );
        assert_eq!(
            title("<HTML><TITLE>\n  A &amp; B &lt;x&gt; &quot;q&quot; &#39;s&#x27; &nbsp;&copy; &#xZZ;\n</TITLE>"),
            "A & B <x> \"q\" 's' &copy; &#xZZ;"
        );
        // No title: the first h1, its inner tags dropped; `<h1x>` is not one.
        assert_eq!(
            title("<html><body><h1x>no</h1x><center><h1 class=e><b>502</b> Bad Gateway</h1>"),
            "502 Bad Gateway"
        );
        assert_eq!(title("<html><title></title><p>x</p>"), "");
        assert_eq!(title("<p>nothing</p>"), "");
        let long = title(&format!("<title>{}</title>", "é".repeat(500)));
        assert_eq!(long.chars().count(), MAX_TITLE_CHARS + 1);
        // Unclosed: to the end; `&` before multi-byte text.
        assert_eq!(title("<title>cut"), "cut");
        assert_eq!(
            title("<title>a &éééééé; &#1114112; &#;"),
            "a &éééééé; &#1114112; &#;"
        );
    }
}

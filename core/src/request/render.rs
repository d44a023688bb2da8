//! Showing a built request to a person: as HTTP/1.1 text or as a `curl` command that sends the
//! same bytes (same URL, headers and body, so a SigV4 signature stays valid).
//!
//! Rendering never decides what is secret: pass [`HttpRequest::redacted`] to hide credentials.

use super::HttpRequest;
use serde::{Deserialize, Serialize};

/// How to render a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum RequestFormat {
    /// `POST /path HTTP/1.1`, `Host:`, the headers, a blank line, the body.
    #[default]
    Http,
    /// A POSIX-shell `curl` command line (`--data-raw`, so the body is sent byte for byte).
    Curl,
}

/// Renders `req` in `format`. Lines end with `\n`.
pub fn render(req: &HttpRequest, format: RequestFormat) -> String {
    match format {
        RequestFormat::Http => render_http(req),
        RequestFormat::Curl => render_curl(req),
    }
}

/// Host (the authority without its `user:password@`, which no Host header carries) and request
/// target (path + query) of an absolute URL.
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (authority, target) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (host, target)
}

fn render_http(req: &HttpRequest) -> String {
    let (host, target) = split_url(&req.url);
    // "?x" without a path is sent as "/?x".
    let target = if target.starts_with('?') {
        format!("/{target}")
    } else {
        target.to_owned()
    };
    let mut out = format!("{} {target} HTTP/1.1\n", req.method);
    if req.header("host").is_none() {
        out.push_str(&format!("Host: {host}\n"));
    }
    for h in &req.headers {
        out.push_str(&format!("{}: {}\n", h.name, h.value));
    }
    if !req.body.is_empty() && req.header("content-length").is_none() {
        out.push_str(&format!("Content-Length: {}\n", req.body.len()));
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(&req.body));
    if !req.body.is_empty() {
        out.push('\n');
    }
    out
}

/// Single-quotes `s` for a POSIX shell.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn render_curl(req: &HttpRequest) -> String {
    let mut parts = vec![format!("curl -X {} {}", req.method, shell_quote(&req.url))];
    for h in &req.headers {
        // `Name;` is curl's way to send a header with an empty value.
        let arg = if h.value.is_empty() {
            format!("{};", h.name)
        } else {
            format!("{}: {}", h.name, h.value)
        };
        parts.push(format!("-H {}", shell_quote(&arg)));
    }
    if !req.body.is_empty() {
        parts.push(format!(
            "--data-raw {}",
            shell_quote(&String::from_utf8_lossy(&req.body))
        ));
    }
    let mut out = parts.join(" \\\n  ");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Header;

    fn req() -> HttpRequest {
        HttpRequest {
            method: "POST".into(),
            url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/a%3A0/invoke".into(),
            headers: vec![
                Header {
                    name: "content-type".into(),
                    value: "application/json".into(),
                    secret: false,
                },
                Header {
                    name: "authorization".into(),
                    value: "Bearer CANARY-secret".into(),
                    secret: true,
                },
                Header {
                    name: "x-empty".into(),
                    value: String::new(),
                    secret: false,
                },
            ],
            body: br#"{"a":"it's"}"#.to_vec(),
            model: "a:0".into(),
        }
    }

    #[test]
    fn http_has_request_line_host_and_body() {
        let s = render(&req(), RequestFormat::Http);
        assert_eq!(
            s,
            "POST /model/a%3A0/invoke HTTP/1.1\nHost: bedrock-runtime.us-east-1.amazonaws.com\n\
             content-type: application/json\nauthorization: Bearer CANARY-secret\nx-empty: \n\
             Content-Length: 12\n\n{\"a\":\"it's\"}\n"
        );
    }

    #[test]
    fn curl_quotes_for_the_shell_and_sends_the_body_raw() {
        let s = render(&req(), RequestFormat::Curl);
        assert!(s.starts_with(
            "curl -X POST 'https://bedrock-runtime.us-east-1.amazonaws.com/model/a%3A0/invoke' \\\n"
        ));
        assert!(s.contains("-H 'content-type: application/json' \\\n"));
        assert!(s.contains("-H 'x-empty;' \\\n"));
        assert!(s.ends_with("--data-raw '{\"a\":\"it'\\''s\"}'\n"));
    }

    #[test]
    fn redacted_rendering_hides_secrets() {
        for f in [RequestFormat::Http, RequestFormat::Curl] {
            let s = render(&req().redacted(), f);
            assert!(!s.contains("CANARY"), "{s}");
            assert!(s.contains("Bearer <redacted>"));
        }
    }

    #[test]
    fn url_without_path() {
        assert_eq!(split_url("https://h.example"), ("h.example", "/"));
        assert_eq!(split_url("https://h.example?x=1"), ("h.example", "?x=1"));
        assert_eq!(
            split_url("http://h:8080/v1/m?beta=true"),
            ("h:8080", "/v1/m?beta=true")
        );
        // The URL's credentials are not part of the Host header (a masked URL's neither).
        assert_eq!(
            split_url("https://u:CANARY@gw.example.com/v1"),
            ("gw.example.com", "/v1")
        );
        assert_eq!(
            split_url("https://***@gw.example.com:8443"),
            ("gw.example.com:8443", "/")
        );
    }
}

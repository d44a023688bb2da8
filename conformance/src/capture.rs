//! Reading Claude Code capture files (`captures/*.json`) exactly in the recorder's shape.

use claude_provider_core::env::{HomeFiles, SettingsLayer, SettingsScope, TextFile};
use claude_provider_core::ConfigInput;
use serde_json::Value;
use std::path::Path;

/// One capture file.
pub struct Capture {
    pub name: String,
    pub raw: Value,
    pub exit_code: i64,
    requests: Vec<CapturedRequest>,
}

/// One request the recorder saw.
pub struct CapturedRequest {
    pub method: String,
    pub scheme: String,
    pub tunnel_target: Option<String>,
    pub raw_target: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body_text: String,
}

/// Every capture in `dir`; files that are not captures (summaries, `expectations.json`,
/// empty files, other JSON) are skipped.
pub fn load_dir(dir: &Path) -> Vec<Capture> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|t| serde_json::from_str::<Value>(&t).ok())
        .filter_map(Capture::from_value)
        .collect()
}

impl Capture {
    pub fn from_value(raw: Value) -> Option<Self> {
        let name = raw.get("case")?.as_str()?.to_owned();
        raw.get("case_env")?.as_object()?;
        let servers = raw.get("servers")?.as_object()?;
        let mut requests = Vec::new();
        for s in servers.values() {
            for r in s
                .get("requests")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if r.get("kind").and_then(Value::as_str) != Some("REQUEST") {
                    continue;
                }
                let s = |k: &str| {
                    r.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                requests.push(CapturedRequest {
                    method: s("method"),
                    scheme: s("scheme"),
                    tunnel_target: r
                        .get("tunnel_target")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    raw_target: s("raw_target"),
                    path: s("path"),
                    headers: r
                        .get("headers")
                        .and_then(Value::as_array)
                        .map(|hs| {
                            hs.iter()
                                .filter_map(|h| {
                                    Some((
                                        h.get(0)?.as_str()?.to_owned(),
                                        h.get(1)?.as_str()?.to_owned(),
                                    ))
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    body_text: s("body_text"),
                });
            }
        }
        // The recorder numbers requests across servers; keep wire order.
        let exit_code = raw.get("exit_code").and_then(Value::as_i64).unwrap_or(0);
        Some(Self {
            name,
            raw,
            exit_code,
            requests,
        })
    }

    fn env_obj(&self, key: &str) -> impl Iterator<Item = (&String, &str)> {
        self.raw
            .get(key)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s)))
    }

    /// The process env, settings (the recorder writes `settings_json` to `~/.claude/settings.json`)
    /// and home files, as the core takes them.
    pub fn config_input(&self) -> ConfigInput {
        let mut input = ConfigInput::default();
        for (k, v) in self.env_obj("base_env").chain(self.env_obj("case_env")) {
            input.process_env.insert(k.clone(), v.to_owned());
        }
        if let Some(s) = self.raw.get("settings_json").filter(|v| !v.is_null()) {
            input.settings.push(SettingsLayer {
                scope: SettingsScope::User,
                path: Some("~/.claude/settings.json".into()),
                settings: s.clone(),
            });
        }
        let file = |rel: &str| {
            self.raw
                .get("home_files")
                .and_then(|h| h.get(rel))
                .and_then(Value::as_str)
                .map(|t| TextFile {
                    path: format!("~/{rel}"),
                    text: t.to_owned(),
                })
        };
        input.home = HomeFiles {
            aws_config: file(".aws/config"),
            aws_credentials: file(".aws/credentials"),
            // A capture lists every file its home had.
            aws_files_read: true,
            // Google's credentials file may live outside the home (GOOGLE_APPLICATION_CREDENTIALS
            // names a path on the recorder's machine): not looked for.
            google_adc_found: None,
            // Where `/login` keeps its credentials (none of the recorder's homes has them).
            claude_login_found: Some(file(".claude/.credentials.json").is_some()),
            // The Azure CLI's or Azure Developer CLI's sign-in: a file under ~/.azure or ~/.azd.
            azure_login_found: Some(
                self.raw
                    .get("home_files")
                    .and_then(Value::as_object)
                    .is_some_and(|h| {
                        h.keys()
                            .any(|k| k.starts_with(".azure/") || k.starts_with(".azd/"))
                    }),
            ),
        };
        input
    }

    pub fn settings_str(&self, key: &str) -> Option<&str> {
        self.raw.get("settings_json")?.get(key)?.as_str()
    }

    pub fn settings_env(&self, key: &str) -> Option<&str> {
        self.raw
            .get("settings_json")?
            .get("env")?
            .get(key)?
            .as_str()
            .filter(|s| !s.is_empty())
    }

    /// Inference requests in wire order (messages, invoke, rawPredict), probes included.
    fn inference(&self) -> impl Iterator<Item = &CapturedRequest> {
        self.requests
            .iter()
            .filter(|r| r.method == "POST" && r.is_inference())
    }

    /// The main request: the last inference request that is not a 1-token startup probe.
    pub fn main_request(&self) -> Option<&CapturedRequest> {
        self.inference().filter(|r| !r.is_probe()).last()
    }

    /// Model IDs of the startup probes.
    pub fn probe_model_ids(&self) -> Vec<String> {
        self.inference()
            .filter(|r| r.is_probe())
            .filter_map(CapturedRequest::model_id)
            .collect()
    }

    /// `ANTHROPIC_CUSTOM_HEADERS` as configured (settings env wins over the process env).
    pub fn custom_headers(&self) -> Vec<(String, String)> {
        let raw = self.settings_env("ANTHROPIC_CUSTOM_HEADERS").or_else(|| {
            self.raw
                .get("case_env")?
                .get("ANTHROPIC_CUSTOM_HEADERS")?
                .as_str()
        });
        raw.map(|r| claude_provider_core::headers::parse_custom_headers(r).headers)
            .unwrap_or_default()
    }

    pub fn first_output_line(&self) -> String {
        let out = self
            .raw
            .get("stdout")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let err = self
            .raw
            .get("stderr")
            .and_then(Value::as_str)
            .unwrap_or_default();
        out.lines()
            .chain(err.lines())
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

impl CapturedRequest {
    fn is_inference(&self) -> bool {
        let p = self.path.as_str();
        p.ends_with("/v1/messages")
            || p.ends_with("/v1/messages/count_tokens")
            || (p.contains("/model/")
                && (p.ends_with("/invoke")
                    || p.ends_with("/invoke-with-response-stream")
                    || p.ends_with("/count-tokens")))
            || p.ends_with(":streamRawPredict")
            || p.ends_with(":rawPredict")
    }

    fn body_json(&self) -> Option<Value> {
        serde_json::from_str(&self.body_text).ok()
    }

    /// Claude Code's startup model checks send `max_tokens: 1`.
    fn is_probe(&self) -> bool {
        self.body_json()
            .and_then(|b| b.get("max_tokens").and_then(Value::as_u64))
            == Some(1)
    }

    /// The model ID from the path (Bedrock, Vertex) or the body.
    pub fn model_id(&self) -> Option<String> {
        if let Some(rest) = self.raw_target.split("/model/").nth(1) {
            return rest.rsplit_once('/').map(|(id, _)| id.to_owned());
        }
        if let Some(rest) = self.raw_target.split("/models/").nth(1) {
            return rest.split(':').next().map(str::to_owned);
        }
        self.body_json()?.get("model")?.as_str().map(str::to_owned)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn header_betas(&self) -> Vec<String> {
        self.header("anthropic-beta")
            .map(|v| {
                v.split(',')
                    .map(|b| b.trim().to_owned())
                    .filter(|b| !b.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn body_betas(&self, body: &Value) -> Vec<String> {
        body.get("anthropic_beta")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn is_streaming(&self, body: &Value) -> bool {
        self.path.ends_with("invoke-with-response-stream")
            || self.path.ends_with(":streamRawPredict")
            || body.get("stream") == Some(&Value::Bool(true))
    }

    pub fn amz_date(&self) -> Option<String> {
        self.header("x-amz-date").map(str::to_owned)
    }

    /// The absolute URL as sent: through a CONNECT tunnel, in proxy absolute form, or direct.
    pub fn absolute_url(&self) -> String {
        if let Some(t) = &self.tunnel_target {
            return format!("https://{t}{}", self.raw_target);
        }
        if self.raw_target.starts_with("http://") || self.raw_target.starts_with("https://") {
            return self.raw_target.clone();
        }
        format!(
            "{}://{}{}",
            self.scheme,
            self.header("host").unwrap_or_default(),
            self.raw_target
        )
    }
}

/// The output of an `echo …` helper command, with shell quoting undone. Other commands are
/// not run: a conformance run never executes commands from fixture files.
pub fn echo_output(cmd: &str) -> Option<String> {
    let rest = cmd.trim().strip_prefix("echo ")?;
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut chars = rest.chars().peekable();
    let mut in_word = false;
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    cur.push(c);
                }
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                cur.push(n);
                            }
                        }
                        _ => cur.push(c),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            ';' | '|' | '&' | '$' | '`' | '>' | '<' => return None,
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Some(words.join(" ") + "\n")
}

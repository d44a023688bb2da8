//! A credential pasted into a variable that is not for credentials (`ANTHROPIC_MODEL=sk-ant-…`,
//! `AWS_PROFILE=<secret key>`, a PEM key in `CLAUDE_CODE_CLIENT_KEY`): Claude Code uses it as
//! a plain value, so it lands in request URLs and bodies, `/status` and logs. Said once per
//! variable; the value is left out of the resolution (as if unset, so nothing built from it
//! shows it) and kept out of every other problem's text.

use crate::env::Env;
use crate::problem::{Code, Problem};
use crate::secret::{credential_shape, Secret};
use crate::vars::{kind, mask_plain, Kind, KNOWN};

/// A plain value shaped like a credential: where it was set, and the value as found.
struct Pasted<'a> {
    name: &'a str,
    /// What it looks like ([`credential_shape`]).
    shape: &'static str,
    value: &'a str,
    file: Option<&'a str>,
}

/// What the value of `name` looks like when it is a credential pasted into a variable that
/// is not for one: not a secret's or a command's, and not an AWS key in `AWS_ACCESS_KEY_ID`
/// (an access key ID belongs there; a secret access key there is the two keys swapped,
/// `CREDENTIAL_WRONG_VARIABLE`, used as Claude Code would use it, and never shown).
/// [`Env::var`] hides such values from resolution.
pub(crate) fn pasted_shape(name: &str, value: &str) -> Option<&'static str> {
    // The shape first: it turns nearly every value away after a byte or two.
    let shape = credential_shape(value).or_else(|| url_password(name, value))?;
    let belongs = matches!(kind(name), Kind::Secret | Kind::Command)
        || (name == "AWS_ACCESS_KEY_ID"
            && matches!(shape, "an AWS access key ID" | "an AWS secret access key"));
    (!belongs).then_some(shape)
}

/// What a URL with a password in a plain variable is called ([`url_password`]).
const URL_WITH_PASSWORD: &str = "a URL with a password";

/// A URL with a `user:password@` ([`mask_plain`] finds it) in the value of a plain variable
/// (`NO_PROXY` holding the proxy's URL, a model variable a gateway's URL): a password where
/// nothing masks it. Not in a URL variable (`ANTHROPIC_BASE_URL`, `HTTPS_PROXY`), where a
/// password belongs and is masked. The `@` test first: this runs on every `Env::var`.
fn url_password(name: &str, value: &str) -> Option<&'static str> {
    (value.contains('@') && kind(name) == Kind::Plain && mask_plain(value) != value)
        .then_some(URL_WITH_PASSWORD)
}

/// How a hidden value is shown: a URL with its password masked, else a secret's hint.
fn hint(value: &str) -> String {
    let masked = mask_plain(value);
    if masked != value {
        masked
    } else {
        Secret::new(value).hint()
    }
}

/// The known variables and the settings `model` key whose values are pasted credentials.
fn pasted<'a>(env: &Env<'a>) -> Vec<Pasted<'a>> {
    let vars = env.known_vars().filter_map(|(i, v, _)| {
        let name = KNOWN[i].0;
        pasted_shape(name, v.raw).map(|shape| Pasted {
            name,
            shape,
            value: v.raw,
            file: v.file(),
        })
    });
    let setting = env
        .setting("model")
        .and_then(|(v, layer)| {
            let value = v.as_str()?;
            let shape = pasted_shape("model", value)?;
            Some((value, shape, layer))
        })
        .map(|(value, shape, layer)| Pasted {
            name: "model",
            shape,
            value,
            file: layer.path.as_deref(),
        });
    vars.chain(setting).collect()
}

/// Where a credential of this shape belongs.
fn home(shape: &str) -> &'static str {
    match shape {
        // As CREDENTIAL_WRONG_VARIABLE advises for one in ANTHROPIC_API_KEY.
        "an Anthropic OAuth token" => "ANTHROPIC_AUTH_TOKEN",
        "an Anthropic API key" => "ANTHROPIC_API_KEY",
        "an Amazon Bedrock API key" => "AWS_BEARER_TOKEN_BEDROCK",
        "an AWS access key ID" => "AWS_ACCESS_KEY_ID",
        "an AWS secret access key" => "AWS_SECRET_ACCESS_KEY",
        "a PEM private key" => "a file whose path goes in CLAUDE_CODE_CLIENT_KEY",
        "a Google service-account key" => {
            "a file whose path goes in GOOGLE_APPLICATION_CREDENTIALS"
        }
        "an API key (sk-…)" => "ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY (a gateway's key)",
        URL_WITH_PASSWORD => "HTTPS_PROXY (a proxy's URL) or ANTHROPIC_BASE_URL (a gateway's)",
        _ => "the credential file or variable meant for it",
    }
}

/// The values to keep out of every problem's text: the pasted credentials, and a secret
/// access key in `AWS_ACCESS_KEY_ID` (the keys swapped), which is no pasted credential but no
/// more to be shown.
fn hidden<'a>(env: &Env<'a>, found: &[Pasted<'a>]) -> Vec<&'a str> {
    let mut values: Vec<&'a str> = found.iter().map(|p| p.value).collect();
    if let Some(id) = env
        .lookup("AWS_ACCESS_KEY_ID")
        .filter(|v| crate::secret::secret_key_as_key_id(v.raw))
    {
        values.push(id.raw);
    }
    values
}

/// Reports each pasted credential, then masks the values in every problem's text.
pub(crate) fn check(env: &Env<'_>, problems: &mut Vec<Problem>) {
    let found = pasted(env);
    let hidden = hidden(env, &found);
    if hidden.is_empty() {
        return;
    }
    scrub_values(&hidden, problems);
    for p in &found {
        let shape = p.shape;
        let hint = hint(p.value.trim());
        let name = p.name;
        let problem = Problem::error(
            Code::CredentialInPlainVariable,
            format!("{name} holds what looks like {shape} ({hint}), but {name} is not for credentials: Claude Code treats its value as plain text, which may be sent in requests and shown in /status and logs. It is left out of this resolution."),
            format!("Put the credential in {}, and set {name} to what it is for, or unset it. If this configuration was shared or committed, rotate the credential.", home(shape)),
        )
        .with_file(p.file);
        problems.push(if name == "model" {
            problem
        } else {
            problem.with_var(name)
        });
    }
}

/// Masks the pasted credentials in the text of problems reported after [`check`] ran (the
/// runtime-dependent ones `validate` adds).
pub(crate) fn scrub(env: &Env<'_>, problems: &mut [Problem]) {
    let hidden = hidden(env, &pasted(env));
    if !hidden.is_empty() {
        scrub_values(&hidden, problems);
    }
}

fn scrub_values(found: &[&str], problems: &mut [Problem]) {
    // Longest first, so that a value inside another is not half replaced; each also in its
    // `{:?}` form (a PEM key's line breaks as `\n`), as messages quote values that way.
    let mut forms: Vec<(String, String)> = Vec::new();
    for p in found {
        let value = p.trim();
        let hint = hint(value);
        let quoted = format!("{value:?}");
        forms.push((quoted[1..quoted.len() - 1].to_owned(), hint.clone()));
        forms.push((value.to_owned(), hint));
    }
    forms.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
    for problem in problems.iter_mut() {
        for text in [&mut problem.message, &mut problem.help] {
            for (value, hint) in &forms {
                if !value.is_empty() && text.contains(value.as_str()) {
                    *text = text.replace(value.as_str(), hint);
                }
            }
        }
    }
}

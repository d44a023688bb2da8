//! A URL carrying `user:password@` (a gateway base URL, a proxy written with or without a
//! scheme) is a secret wherever the core shows it: `secret: true`, the password masked
//! (`***@host`), and in no problem text. Canary passwords through `resolve`, `validate`,
//! `providerSetup`, `proxyRefusal` and `configSnippets`.

use claude_provider_core::api;
use claude_provider_core::setup::SetupInput;
use claude_provider_core::{validate, ConfigInput, ProviderId, Resolution, ValidateOptions};

const CANARY: &str = "CANARYpw7e1";

fn input(env: &[(&str, &str)]) -> ConfigInput {
    let mut i = ConfigInput::default();
    for (k, v) in env {
        i.process_env.insert((*k).into(), (*v).into());
    }
    i
}

/// Everything in `r` a person is shown about variables and problems: no password.
fn assert_hidden_in(r: &Resolution, name: &str, shown: &str) {
    let var = r
        .vars
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("{name} in {:#?}", r.vars));
    assert!(var.secret, "{var:?}");
    assert_eq!(var.value, shown);
    let text = serde_json::to_string(&(&r.vars, &r.problems)).unwrap();
    assert!(!text.contains(CANARY), "{text}");
}

#[test]
fn a_base_url_with_a_password_is_secret_in_provider_setup() {
    let url = format!("https://u:{CANARY}@gw.example.com");
    for (provider, var) in [
        (ProviderId::Anthropic, "ANTHROPIC_BASE_URL"),
        (ProviderId::Bedrock, "ANTHROPIC_BEDROCK_BASE_URL"),
        (ProviderId::Vertex, "ANTHROPIC_VERTEX_BASE_URL"),
        (ProviderId::Foundry, "ANTHROPIC_FOUNDRY_BASE_URL"),
        (ProviderId::Mantle, "ANTHROPIC_BEDROCK_MANTLE_BASE_URL"),
        (ProviderId::AnthropicAws, "ANTHROPIC_AWS_BASE_URL"),
    ] {
        let setup = api::provider_setup(&SetupInput {
            base_url: Some(url.clone()),
            ..SetupInput::new(provider)
        });
        let v = setup.vars.iter().find(|v| v.name == var).unwrap();
        // The value to set stays whole (the switch writes it); `secret` says not to show it.
        assert!(v.secret && v.given && v.value == url, "{provider:?}: {v:?}");
        assert!(!format!("{setup:?}").contains(CANARY), "{setup:?}");
        let notes = serde_json::to_string(&(&setup.problems, &setup.container_notes)).unwrap();
        assert!(!notes.contains(CANARY), "{notes}");
        // Without a password it is a plain value, shown as it is.
        let plain = api::provider_setup(&SetupInput {
            base_url: Some("https://gw.example.com".into()),
            ..SetupInput::new(provider)
        });
        assert!(!plain.vars.iter().find(|v| v.name == var).unwrap().secret);
    }
    // A URL with a password is not a key: the note on passing one through stays.
    let setup = api::provider_setup(&SetupInput {
        base_url: Some(url.clone()),
        ..SetupInput::new(ProviderId::Anthropic)
    });
    assert!(
        setup
            .container_notes
            .iter()
            .any(|n| n.starts_with("No key was given")),
        "{:?}",
        setup.container_notes
    );

    // The resolution of the same variable: secret, masked, in no problem.
    let i = input(&[("ANTHROPIC_BASE_URL", &url), ("ANTHROPIC_API_KEY", "k")]);
    assert_hidden_in(
        &api::resolve(&i),
        "ANTHROPIC_BASE_URL",
        "https://***@gw.example.com",
    );
    assert_hidden_in(
        &validate(&i, &ValidateOptions::default()),
        "ANTHROPIC_BASE_URL",
        "https://***@gw.example.com",
    );
    let snippets =
        serde_json::to_string(&claude_provider_core::snippets::config_snippets(&i)).unwrap();
    assert!(!snippets.contains(CANARY), "{snippets}");
}

#[test]
fn a_proxy_with_a_password_is_masked_with_or_without_a_scheme() {
    for (value, shown) in [
        (format!("user:{CANARY}@proxy:8080"), "***@proxy:8080"),
        (
            format!("http://user:{CANARY}@proxy:8080"),
            "http://***@proxy:8080",
        ),
        (format!("user:a/{CANARY}@proxy:8080"), "***@proxy:8080"),
    ] {
        for name in ["HTTPS_PROXY", "https_proxy"] {
            let i = input(&[(name, &value), ("ANTHROPIC_API_KEY", "k")]);
            assert_hidden_in(&api::resolve(&i), name, shown);
            assert_hidden_in(&validate(&i, &ValidateOptions::default()), name, shown);
            let refusal = api::proxy_refusal(&i, "https://api.anthropic.com/v1/messages");
            if !value.starts_with("http://") {
                // No scheme: the request is refused, and the refusal shows the masked URL.
                let p = refusal.as_ref().expect("refused");
                assert!(p.message.contains(shown), "{}", p.message);
            }
            let text = serde_json::to_string(&refusal).unwrap();
            assert!(!text.contains(CANARY), "{text}");
            let snippets =
                serde_json::to_string(&claude_provider_core::snippets::config_snippets(&i))
                    .unwrap();
            assert!(!snippets.contains(CANARY), "{snippets}");
        }
    }
}

// Presets: one per provider, and the common mistakes of SPEC §11 (the GitHub issues people hit
// most). Every value is an example (AWS's documented example keys, `EXAMPLE` tokens).
// `expect`: problem codes the core must report for the preset (checked by
// test/playground-unit.test.mjs), so a preset never silently stops showing its mistake.
// `credentials`: test credentials a preset fills in (examples; never in the share link).
import { parseBetas } from "./lib.js";

const AWS_KEYS = `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`;

export const PRESETS = [
  // ------------------------------------------------------------------ providers
  {
    id: "anthropic",
    group: "Providers",
    label: "Anthropic API (API key)",
    env: `ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLE0000000000000000000000`,
    expect: [],
  },
  {
    id: "gateway",
    group: "Providers",
    label: "LLM gateway (LiteLLM on localhost)",
    env: `ANTHROPIC_BASE_URL=http://localhost:4000
ANTHROPIC_AUTH_TOKEN=sk-litellm-EXAMPLE
CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1`,
    expect: [],
  },
  {
    id: "bedrock",
    group: "Providers",
    label: "Amazon Bedrock (access keys)",
    env: `CLAUDE_CODE_USE_BEDROCK=1
AWS_REGION=us-east-1
${AWS_KEYS}`,
    expect: [],
  },
  {
    id: "bedrock-sso",
    group: "Providers",
    label: "Amazon Bedrock (SSO profile + awsAuthRefresh)",
    env: `CLAUDE_CODE_USE_BEDROCK=1
AWS_PROFILE=dev`,
    settings: {
      user: `{
  "awsAuthRefresh": "aws sso login --profile dev",
  "env": {
    "ANTHROPIC_MODEL": "sonnet"
  }
}`,
    },
    awsConfig: `[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ClaudeCodeUser
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1`,
    credentials: {
      awsAccessKeyId: "ASIAIOSFODNN7EXAMPLE",
      awsSecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      awsSessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
    },
    expect: [],
  },
  {
    id: "bedrock-api-key",
    group: "Providers",
    label: "Amazon Bedrock (API key)",
    env: `CLAUDE_CODE_USE_BEDROCK=1
AWS_REGION=us-west-2
AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-EXAMPLE`,
    expect: [],
  },
  {
    id: "mantle",
    group: "Providers",
    label: "Amazon Bedrock Mantle",
    env: `CLAUDE_CODE_USE_MANTLE=1
AWS_REGION=us-east-1
${AWS_KEYS}`,
    expect: [],
  },
  {
    id: "vertex",
    group: "Providers",
    label: "Google Vertex AI",
    env: `CLAUDE_CODE_USE_VERTEX=1
ANTHROPIC_VERTEX_PROJECT_ID=my-project-id
CLOUD_ML_REGION=us-east5`,
    credentials: { googleAccessToken: "ya29.EXAMPLE-access-token" },
    expect: [],
  },
  {
    id: "foundry",
    group: "Providers",
    label: "Microsoft Foundry (API key)",
    env: `CLAUDE_CODE_USE_FOUNDRY=1
ANTHROPIC_FOUNDRY_RESOURCE=my-resource
ANTHROPIC_FOUNDRY_API_KEY=EXAMPLEfoundrykey0000000000000000`,
    expect: [],
  },
  {
    id: "anthropic-aws",
    group: "Providers",
    label: "Claude Platform on AWS",
    env: `CLAUDE_CODE_USE_ANTHROPIC_AWS=1
ANTHROPIC_AWS_WORKSPACE_ID=wrkspc_EXAMPLE
AWS_REGION=us-east-1
${AWS_KEYS}`,
    expect: [],
  },
  {
    id: "anthropic-google-cloud",
    group: "Providers",
    label: "Claude Platform on Google Cloud",
    env: `CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD=1
ANTHROPIC_GOOGLE_CLOUD_PROJECT=my-project-id
ANTHROPIC_GOOGLE_CLOUD_LOCATION=us-east5
ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID=wrkspc_EXAMPLE`,
    credentials: { googleAccessToken: "ya29.EXAMPLE-access-token" },
    expect: [],
  },
  // ------------------------------------------------------------ common mistakes (SPEC §11)
  {
    id: "mistake-settings-shadow",
    group: "Common mistakes",
    label: "Settings env silently overrides the shell (§11.1)",
    env: `CLAUDE_CODE_USE_BEDROCK=1
AWS_REGION=eu-west-1
${AWS_KEYS}`,
    settings: {
      user: `{
  "env": {
    "AWS_REGION": "us-east-1"
  }
}`,
    },
    expect: ["SETTINGS_SHADOWS_SHELL"],
  },
  {
    id: "mistake-proxy-ca",
    group: "Common mistakes",
    label: "Corporate proxy without a scheme, mTLS key missing (§11.2, §11.10)",
    env: `ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLE0000000000000000000000
HTTPS_PROXY=proxy.corp.example:8080
NODE_EXTRA_CA_CERTS=/etc/ssl/corp-root-ca.pem
CLAUDE_CODE_CLIENT_CERT=/etc/ssl/me.crt`,
    expect: ["PROXY_URL_INVALID", "MTLS_INCOMPLETE"],
  },
  {
    id: "mistake-base-url-v1",
    group: "Common mistakes",
    label: "Gateway base URL ending in /v1, new betas (§11.3)",
    env: `ANTHROPIC_BASE_URL=https://my-proxy.example.com/v1
ANTHROPIC_AUTH_TOKEN=sk-gateway-EXAMPLE`,
    expect: ["BASE_URL_ENDS_WITH_V1", "GATEWAY_EXPERIMENTAL_BETAS"],
  },
  {
    id: "mistake-bedrock-model",
    group: "Common mistakes",
    label: "Bedrock: bare model ID and a Haiku pin for another region (§11.4, §11.9)",
    env: `CLAUDE_CODE_USE_BEDROCK=1
AWS_REGION=eu-west-1
${AWS_KEYS}
ANTHROPIC_MODEL=anthropic.claude-sonnet-4-5-20250929-v1:0
ANTHROPIC_DEFAULT_HAIKU_MODEL=us.anthropic.claude-haiku-4-5-20251001-v1:0`,
    expect: ["BEDROCK_MODEL_NEEDS_INFERENCE_PROFILE", "BEDROCK_MODEL_PREFIX_REGION_MISMATCH"],
  },
  {
    id: "mistake-sso",
    group: "Common mistakes",
    label: "Bedrock: SSO profile without awsAuthRefresh, no region (§11.5)",
    env: `CLAUDE_CODE_USE_BEDROCK=1
AWS_PROFILE=dev`,
    awsConfig: `[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ClaudeCodeUser

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1`,
    expect: ["AWS_SSO_REFRESH_MISSING", "BEDROCK_REGION_DEFAULTED"],
  },
  {
    id: "mistake-bedrock-bearer",
    group: "Common mistakes",
    label: "Bedrock: API key and IAM keys both set (§11.6)",
    env: `CLAUDE_CODE_USE_BEDROCK=1
AWS_REGION=us-east-1
AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-EXAMPLE
${AWS_KEYS}`,
    expect: ["AWS_BEARER_OVERRIDES_KEYS"],
  },
  {
    id: "mistake-vertex",
    group: "Common mistakes",
    label: "Vertex: model ID with -DATE, project missing (§11.7)",
    env: `CLAUDE_CODE_USE_VERTEX=1
CLOUD_ML_REGION=us-east5
ANTHROPIC_MODEL=claude-sonnet-4-5-20251231`,
    expect: ["VERTEX_PROJECT_MISSING", "VERTEX_MODEL_ID_DATE_FORM"],
  },
  {
    id: "mistake-foundry",
    group: "Common mistakes",
    label: "Foundry: base URL without /anthropic (§11.8)",
    env: `CLAUDE_CODE_USE_FOUNDRY=1
ANTHROPIC_FOUNDRY_BASE_URL=https://my-resource.services.ai.azure.com
ANTHROPIC_FOUNDRY_API_KEY=EXAMPLEfoundrykey0000000000000000`,
    expect: ["FOUNDRY_BASE_URL_NO_ANTHROPIC"],
  },
  {
    id: "mistake-two-providers",
    group: "Common mistakes",
    label: "Two providers on, selector typo (§10.1, §10.2)",
    env: `CLAUDE_CODE_USE_BEDROCK=1
CLAUDE_CODE_USE_VERTEX=enabled
CLAUDE_CODE_USE_FOUNDRY=1
ANTHROPIC_FOUNDRY_RESOURCE=my-resource
AWS_REGON=us-west-2`,
    expect: ["PROVIDER_CONFLICT", "PROVIDER_FLAG_UNRECOGNIZED", "ENV_NAME_NEAR_MISS"],
  },
];

/**
 * The default request body (a small Messages API request). It names no `model`: the core then
 * sends the resolved main model (ANTHROPIC_MODEL, settings `model`, or the provider's default),
 * as Claude Code's main call does.
 */
export const DEFAULT_BODY = `{
  "max_tokens": 1024,
  "messages": [{ "role": "user", "content": "Hello, Claude" }]
}`;

/**
 * The betas Claude Code 2.1.332's main call asked for, per provider, with its default main
 * model (Opus 5.5; Sonnet 5.5 on Foundry), in the captures (tests/fixtures/claude-code/captures,
 * named below), in its order. Claude Code's client picks them per provider and model (on
 * Bedrock it asked for no `context-management`, on Vertex and Foundry also for `web-search`);
 * the core then keeps what the provider accepts (Bedrock, Vertex and Mantle: an allowlist, tool
 * search under its 3P name) and places them (Bedrock: header or body). Claude Platform on Google
 * Cloud has no capture: it gets the Anthropic API's list.
 */
const FIRST_PARTY_BETAS = [
  "claude-code-20250219",
  "interleaved-thinking-2025-05-14",
  "context-management-2025-06-27",
  "per-turn-control-2026-07-01",
  "mid-conversation-tool-changes-2026-07-01",
  "thinking-token-count-2026-05-13",
  "advanced-tool-use-2025-11-20",
  "effort-2025-11-24",
];
export const CAPTURED_BETAS = {
  // anthropic_direct_api_key, anthropic_alias_opus, gateway_custom_headers, mtls_client_cert…
  anthropic: FIRST_PARTY_BETAS,
  // bedrock_sigv4, bedrock_bearer_token, bedrock_no_region… (header and body together)
  bedrock: ["claude-code-20250219", "interleaved-thinking-2025-05-14", "tool-search-tool-2025-10-19", "thinking-token-count-2026-05-13", "effort-2025-11-24"],
  // vertex_global_region, vertex_knobs, vertex_no_region, vertex_skip_auth_base_url
  vertex: ["claude-code-20250219", "interleaved-thinking-2025-05-14", "web-search-2025-03-05", "thinking-token-count-2026-05-13", "tool-search-tool-2025-10-19", "effort-2025-11-24"],
  // foundry_base_url_api_key, foundry_skip_auth, foundry_entra_id_via_proxy
  foundry: ["claude-code-20250219", "interleaved-thinking-2025-05-14", "context-management-2025-06-27", "web-search-2025-03-05", "per-turn-control-2026-07-01", "mid-conversation-tool-changes-2026-07-01", "thinking-token-count-2026-05-13", "advanced-tool-use-2025-11-20", "effort-2025-11-24"],
  // mantle_via_proxy (the only Mantle capture)
  mantle: ["claude-code-20250219", "interleaved-thinking-2025-05-14", "context-management-2025-06-27", "thinking-token-count-2026-05-13", "tool-search-tool-2025-10-19", "effort-2025-11-24", "thinking-binding-controls-2026-08-01"],
  // anthropic_aws_via_proxy, anthropic_aws_api_key_via_proxy
  "anthropic-aws": ["claude-code-20250219", "interleaved-thinking-2025-05-14", "context-management-2025-06-27", "prompt-caching-scope-2026-01-05", "per-turn-control-2026-07-01", "mid-conversation-tool-changes-2026-07-01", "advisor-tool-2026-03-01", "thinking-token-count-2026-05-13", "advanced-tool-use-2025-11-20", "effort-2025-11-24"],
};

/** The betas field's text for `provider`: its captured list, else the Anthropic API's. */
export const defaultBetas = (provider) => (CAPTURED_BETAS[provider] ?? FIRST_PARTY_BETAS).join(", ");

/** The betas field before any provider is resolved: the Anthropic API's list. */
export const DEFAULT_BETAS = defaultBetas("anthropic");

/**
 * The betas field after the provider resolved to `provider`: a field still holding a provider's
 * captured list (as prefilled, in any spacing) follows the provider; one the person edited is
 * kept as typed.
 */
export function betasFor(text, provider) {
  const typed = parseBetas(text).join(",");
  const prefilled = [...Object.values(CAPTURED_BETAS), FIRST_PARTY_BETAS].some((list) => list.join(",") === typed);
  return prefilled ? defaultBetas(provider) : text;
}

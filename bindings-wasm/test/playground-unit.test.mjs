// The playground's pure helpers (env block, share link, line lookup) and its presets, which must
// keep showing the problems they were made for (checked through the wasm `nodejs` build).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { PRESETS, DEFAULT_BODY, DEFAULT_BETAS, CAPTURED_BETAS, betasFor, defaultBetas } from "../playground/presets.js";
import { COMPARISON, SUPPORT } from "../playground/compare.js";
import {
  LAYERS, parseEnvBlock, shareableEnvText, encodeShare, decodeShare, locateProblem, parseTime,
  settingsInvalidProblem, jsonKeyLine, sniffStreamFormat, providerStreamFormat,
  pageCredentialHelp, CREDENTIAL_FIELDS, splitHttpResponse, readCapture,
  shareableSettingsText, parseSettingsText, parseBetas,
} from "../playground/lib.js";
import { readFileSync } from "node:fs";

const wasm = createRequire(import.meta.url)("../pkg/node/claude_provider_wasm.js");

test("env block: dotenv, export, PowerShell, csh, quotes over lines, comments", () => {
  const text = [
    "# a comment",
    "export AWS_REGION=eu-west-1 # trailing comment",
    'ANTHROPIC_CUSTOM_HEADERS="X-A: 1',
    'X-B: \\"two\\""',
    "$env:ANTHROPIC_MODEL = \"opus\"",
    "setenv AWS_PROFILE dev",
    "set CLAUDE_CODE_USE_BEDROCK=1",
    "this is not an assignment",
    "EMPTY=",
    "SINGLE='a # b'",
  ].join("\n");
  const r = parseEnvBlock(text);
  assert.deepEqual(r.env, {
    AWS_REGION: "eu-west-1",
    ANTHROPIC_CUSTOM_HEADERS: 'X-A: 1\nX-B: "two"',
    ANTHROPIC_MODEL: "opus",
    AWS_PROFILE: "dev",
    CLAUDE_CODE_USE_BEDROCK: "1",
    EMPTY: "",
    SINGLE: "a # b",
  });
  assert.equal(r.lines.ANTHROPIC_MODEL, 5);
  assert.deepEqual(r.notes.map((n) => n.line), [8]);
});

test("share link: secrets replaced by the core's rule, test credentials never included", () => {
  const inputs = {
    env: 'export AWS_SECRET_ACCESS_KEY="CANARY/secret"\nAWS_REGION=us-east-1\nHTTPS_PROXY=http://u:CANARY@p:3128\n$env:ANTHROPIC_API_KEY = "sk-CANARY"',
    settings: { user: '{"env": {"ANTHROPIC_AUTH_TOKEN": "CANARY", "ANTHROPIC_MODEL": "opus"}}', project: "not json {" },
    awsConfig: "[default]\nregion = us-east-1",
    awsCredentials: "[default]\naws_access_key_id = AKID\naws_secret_access_key = CANARY",
    body: "{}",
    stream: true,
    time: "2026-01-15T12:00:00Z",
    credentials: { awsSecretAccessKey: "CANARY-cred" },
  };
  const frag = encodeShare(inputs, wasm.shareableValue);
  const raw = Buffer.from(frag.slice(3), "base64url").toString("utf8");
  assert.ok(!raw.includes("CANARY"), raw);
  const back = decodeShare(frag);
  assert.equal(back.env, 'export AWS_SECRET_ACCESS_KEY="<redacted>"\nAWS_REGION=us-east-1\nHTTPS_PROXY=http://***@p:3128\n$env:ANTHROPIC_API_KEY = "<redacted>"');
  assert.deepEqual(JSON.parse(back.settings.user).env, { ANTHROPIC_AUTH_TOKEN: "<redacted>", ANTHROPIC_MODEL: "opus" });
  assert.equal(back.settings.project, "", "unparsable settings are not shared");
  assert.equal(back.stream, true);
  assert.equal(decodeShare("#s=%%%"), null);
  assert.equal(shareableEnvText("A=1\nB=2", () => "x"), "A=x\nB=x");
});

test("share link: what no rule recognizes is left out, so it cannot carry a secret", () => {
  const env = [
    "# old key: sk-ant-CANARY-comment",
    "# ANTHROPIC_API_KEY=sk-ant-CANARY-commented",
    "AWS_REGION=us-east-1 # CANARY-trailing",
    "set \"ANTHROPIC_API_KEY=CANARY-cmd-quoted",
    "export ANTHROPIC_API_KEY: CANARY-colon",
    "",
    "CLAUDE_CODE_USE_BEDROCK=1",
    "AWS_BEARER_TOKEN_BEDROCK='CANARY-unclosed",
  ].join("\n");
  const settings = {
    user: JSON.stringify({
      env: { ANTHROPIC_MODEL: "opus", ANTHROPIC_API_KEY: { nested: "CANARY-nested" }, API_TIMEOUT_MS: 1024, AWS_SECRET_ACCESS_KEY: 12345 },
      apiKeyHelper: "echo Bearer CANARY-helper",
      modelOverrides: { "claude-opus-4-6": "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc", "claude-x": { nested: "CANARY-override" } },
      mcpServers: { x: { headers: { Authorization: "Bearer CANARY-mcp" } } },
    }),
    // JSON.parse keeps the last of two equal keys: the first must not travel in the text.
    project: '{"env": {"ANTHROPIC_API_KEY": "CANARY-dup", "ANTHROPIC_API_KEY": ""}}',
    local: '"CANARY-not-an-object"',
  };
  const awsCredentials = "[default] # CANARY-section\naws_access_key_id: AKIDCANARY\naws_secret_access_key: CANARY-ini\n; CANARY-ini-comment\nregion = eu-west-1";
  const frag = encodeShare({ env, settings, awsConfig: "", awsCredentials, body: "", stream: false, time: "" }, wasm.shareableValue);
  const raw = Buffer.from(frag.slice(3), "base64url").toString("utf8");
  assert.ok(!raw.includes("CANARY"), raw);
  const back = decodeShare(frag);
  assert.equal(back.env, [
    "AWS_REGION=us-east-1",
    "",
    "CLAUDE_CODE_USE_BEDROCK=1",
    "# (5 lines not shared: comments and lines that are not NAME=value)",
  ].join("\n"));
  const user = JSON.parse(back.settings.user);
  assert.deepEqual(user.env, { ANTHROPIC_MODEL: "opus", ANTHROPIC_API_KEY: {}, API_TIMEOUT_MS: 1024, AWS_SECRET_ACCESS_KEY: 0 });
  assert.deepEqual(user.modelOverrides, { "claude-opus-4-6": "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc", "claude-x": {} });
  assert.equal(user.apiKeyHelper, "echo Bearer ***");
  assert.equal(user.mcpServers, undefined);
  assert.deepEqual(JSON.parse(back.settings.project), { env: { ANTHROPIC_API_KEY: "" } });
  assert.equal(back.settings.local, '""', "a settings file that is not an object keeps only its kind");
  assert.equal(back.awsCredentials, "[default]\naws_access_key_id: <redacted>\naws_secret_access_key: <redacted>\nregion = eu-west-1");

  // What was shared reads back as the same variables, secrets replaced.
  const plain = 'export A="x y"\nB=\'q # r\'\nC=\"multi\nline\"\n$env:D = "p"\nsetenv E f';
  assert.deepEqual(parseEnvBlock(shareableEnvText(plain, (_, v) => v)).env, parseEnvBlock(plain).env);
});

/** The core's ConfigInput for page inputs (env block, settings texts), as the page builds it. */
function configOf(inputs) {
  const settings = [];
  for (const l of LAYERS) {
    const t = inputs.settings?.[l.scope] ?? "";
    if (t.trim()) settings.push({ scope: l.scope, path: l.path, settings: parseSettingsText(t) });
  }
  return { processEnv: parseEnvBlock(inputs.env).env, settings, home: {} };
}

const codesOf = (inputs) => wasm.validate({ ...configOf(inputs), credentialsCheck: "notChecked" }).problems.map((p) => `${p.code} ${p.envVar ?? ""}`).sort();

test("share link: a variable Claude Code does not read keeps its name, never its value; header lists and helper flags are masked", () => {
  const inputs = {
    env: [
      "ANTHROPIC_API_KEY=sk-ant-api03-KEYCANARY0123456789abcdefghij",
      "OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer OTELSECRET",
      "DATABASE_URL=postgres://u:DBPASS@db/x",
      "SENTRY_DSN=https://SENTRYKEY@o1.ingest.sentry.io/1",
      "GH_PAT=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "MY_SWITCH=true",
      "AWS_REGION=eu-west-1",
    ].join("\n"),
    settings: { user: '{"otelHeadersHelper": "/bin/get --secret=OTELHELPERSECRET", "env": {"DB_PASSWORD=hunter2CANARY": "", "LOG_LEVEL": 3}}' },
    awsConfig: "[default]\nregion = eu-west-1 # CANARY-comment\nsso_account_id = 111122223333\nexternal_id = CANARY-external",
    awsCredentials: "",
    body: "",
    stream: true,
    time: "",
  };
  const frag = encodeShare(inputs, wasm.shareableConfigValue);
  const raw = Buffer.from(frag.slice(3), "base64url").toString("utf8");
  for (const secret of ["KEYCANARY", "OTELSECRET", "DBPASS", "SENTRYKEY", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "OTELHELPERSECRET", "CANARY", "111122223333"]) {
    assert.ok(!raw.includes(secret), `${secret} in ${raw}`);
  }
  const back = decodeShare(frag);
  const env = parseEnvBlock(back.env).env;
  assert.deepEqual(env, {
    ANTHROPIC_API_KEY: "sk-ant-api03-Redacted0Redacted0Redacted0Re",
    OTEL_EXPORTER_OTLP_HEADERS: "<redacted>",
    DATABASE_URL: "<redacted>",
    SENTRY_DSN: "<redacted>",
    GH_PAT: "<redacted>",
    MY_SWITCH: "true",
    AWS_REGION: "eu-west-1",
  });
  const user = JSON.parse(back.settings.user);
  assert.equal(user.otelHeadersHelper, "/bin/get --secret=***");
  assert.deepEqual(user.env, { "DB_PASSWORD=<redacted>": "", LOG_LEVEL: 0 });
  assert.equal(back.awsConfig, "[default]\nregion = eu-west-1\nsso_account_id = <redacted>\nexternal_id = <redacted>");
  // The page it opens names what was replaced, where.
  assert.deepEqual(back.replaced, [
    { field: "env", name: "ANTHROPIC_API_KEY" },
    { field: "env", name: "OTEL_EXPORTER_OTLP_HEADERS" },
    { field: "env", name: "DATABASE_URL" },
    { field: "env", name: "SENTRY_DSN" },
    { field: "env", name: "GH_PAT" },
    { field: "settings-user", name: "DB_PASSWORD" },
    { field: "settings-user", name: "LOG_LEVEL" },
    { field: "settings-user", name: "otelHeadersHelper" },
    { field: "aws-config", name: "sso_account_id" },
    { field: "aws-config", name: "external_id" },
  ]);
});

test("share link: the recipient is told the same problems (custom header names kept, a pasted key still a key)", () => {
  const cases = [
    { env: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLE0000000000000000000000\nANTHROPIC_CUSTOM_HEADERS=X-Api-Team: payments", settings: {} },
    { env: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLE0000000000000000000000\nANTHROPIC_MODEL=sk-ant-api03-PASTED0000000000000000000000", settings: {} },
    { env: "ANTHROPIC_API_KEY=sk-ant-oat01-EXAMPLE0000000000000000000000", settings: {} },
    { env: "ANTHROPIC_AUTH_TOKEN='Bearer gw-EXAMPLE-token'\nANTHROPIC_BASE_URL=https://gw.example.com", settings: {} },
    { env: "CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\nAWS_ACCESS_KEY_ID=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nAWS_SECRET_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE", settings: {} },
    { env: "CLAUDE_CODE_USE_AWS=1\nAWS_REGION=us-east-1", settings: {} },
    { env: 'ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLE0000000000000000000000\nANTHROPIC_CUSTOM_HEADERS="X-A: 1\nbroken line\nX-Team: a, X-Env: b"', settings: {} },
    { env: "", settings: { user: '{"env": {"ANTHROPIC_API_KEY": "sk-ant-api03-EXAMPLE0000000000000000000000", "export AWS_REGION": "us-east-1", "ANTHROPIC_SMALL_FAST_MODEL": "AKIAIOSFODNN7EXAMPLE"}}' } },
  ];
  for (const inputs of cases) {
    const back = decodeShare(encodeShare({ awsConfig: "", awsCredentials: "", ...inputs }, wasm.shareableConfigValue));
    assert.deepEqual(codesOf(back), codesOf(inputs), JSON.stringify(inputs));
  }
  const back = decodeShare(encodeShare({ ...cases[0], awsConfig: "", awsCredentials: "" }, wasm.shareableConfigValue));
  assert.equal(parseEnvBlock(back.env).env.ANTHROPIC_CUSTOM_HEADERS, "X-Api-Team: <redacted>");
  assert.ok(codesOf(cases[1]).includes("CREDENTIAL_IN_PLAIN_VARIABLE ANTHROPIC_MODEL"));
});

test("share link: streaming unless the link says otherwise; the betas travel; what was replaced is checked", () => {
  const enc = (doc) => "#s=" + Buffer.from(JSON.stringify({ v: 1, ...doc })).toString("base64url");
  const old = decodeShare(enc({ env: "A=1" }));
  assert.equal(old.stream, true);
  assert.equal(old.betas, undefined, "the page's default then applies");
  assert.deepEqual(old.replaced, []);
  assert.equal(decodeShare(enc({ stream: false })).stream, false);
  const odd = decodeShare(enc({ replaced: [{ field: "env", name: "A" }, { field: "nowhere", name: "B" }, { field: "env", name: 5 }, null] }));
  assert.deepEqual(odd.replaced, [{ field: "env", name: "A" }]);
  const back = decodeShare(encodeShare({ env: "", settings: {}, body: "", stream: true, betas: "a-1, b-2", time: "" }, wasm.shareableConfigValue));
  assert.equal(back.betas, "a-1, b-2");
  assert.deepEqual(parseBetas(" a-1,b-2  c-3 ,"), ["a-1", "b-2", "c-3"]);
});

test("a settings layer that starts with a byte order mark is read and shared, as Claude Code skips the BOM", () => {
  const text = '\ufeff{"env":{"AWS_REGION":"eu-west-1"}}';
  assert.deepEqual(parseSettingsText(text), { env: { AWS_REGION: "eu-west-1" } });
  assert.deepEqual(JSON.parse(shareableSettingsText(text, wasm.shareableConfigValue)), { env: { AWS_REGION: "eu-west-1" } });
});

test("the default request: the resolved main model (no model in the body), streaming, Claude Code's betas", () => {
  assert.equal(JSON.parse(DEFAULT_BODY).model, undefined);
  const betas = parseBetas(DEFAULT_BETAS);
  const build = (processEnv) => wasm.buildRequest({ processEnv, request: { body: DEFAULT_BODY, stream: true, betas, nowMs: 0 } });
  const opus = build({ ANTHROPIC_API_KEY: "sk-ant-api03-EXAMPLE", ANTHROPIC_MODEL: "opus" });
  assert.equal(JSON.parse(opus.request.body).model, opus.resolution.models.main.id);
  assert.match(opus.resolution.models.main.id, /^claude-opus-/);
  // the betas of Claude Code's captured main call, as it sent them
  const capture = JSON.parse(readFileSync(new URL("../../tests/fixtures/claude-code/captures/anthropic_direct_api_key.json", import.meta.url), "utf8"));
  const main = Object.values(capture.servers).flatMap((s) => s.requests).find((r) => r.method === "POST" && r.path === "/v1/messages");
  const sent = main.headers.find(([k]) => k.toLowerCase() === "anthropic-beta")[1];
  assert.equal(opus.request.headers.find((h) => h.name === "anthropic-beta").value, sent);
  const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
  const bedrock = build({ CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ANTHROPIC_MODEL: arn });
  assert.equal(new URL(bedrock.request.url).pathname, `/model/${arn.replace("/abc123", "%2Fabc123")}/invoke-with-response-stream`);
});

test("the prefilled betas are, per provider, what Claude Code's captured main call sent: header and body, placed by the core", () => {
  const CASES = { anthropic: "anthropic_direct_api_key", bedrock: "bedrock_sigv4", vertex: "vertex_global_region", foundry: "foundry_base_url_api_key", mantle: "mantle_via_proxy", "anthropic-aws": "anthropic_aws_via_proxy" };
  assert.deepEqual(Object.keys(CASES).sort(), Object.keys(CAPTURED_BETAS).sort());
  for (const [provider, name] of Object.entries(CASES)) {
    const capture = JSON.parse(readFileSync(new URL(`../../tests/fixtures/claude-code/captures/${name}.json`, import.meta.url), "utf8"));
    const main = Object.values(capture.servers).flatMap((s) => s.requests).filter((r) => r.method === "POST" && (r.body_json?.stream || /response-stream/.test(r.path))).at(-1);
    const out = wasm.buildRequest({
      processEnv: { ...capture.base_env, ...capture.case_env },
      request: { body: DEFAULT_BODY, stream: true, betas: parseBetas(defaultBetas(provider)), nowMs: 0, credentials: { googleAccessToken: "ya29.EXAMPLE", aws: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "EXAMPLEKEY" } } },
    });
    assert.equal(out.resolution.provider, provider, name);
    assert.equal(out.request.headers.find((h) => h.name === "anthropic-beta")?.value, main.headers.find(([k]) => k.toLowerCase() === "anthropic-beta")?.[1], `${name}: header`);
    assert.deepEqual(JSON.parse(out.request.body).anthropic_beta, main.body_json.anthropic_beta, `${name}: body`);
  }
  // Claude Platform on Google Cloud: no capture, the Anthropic API's list.
  assert.equal(defaultBetas("anthropic-google-cloud"), DEFAULT_BETAS);
});

test("the betas field follows the provider while it holds a prefilled list; an edited one is kept", () => {
  assert.equal(betasFor(DEFAULT_BETAS, "bedrock"), defaultBetas("bedrock"));
  assert.equal(betasFor(defaultBetas("bedrock"), "vertex"), defaultBetas("vertex"));
  assert.equal(betasFor(defaultBetas("vertex").replaceAll(", ", ",\n"), "anthropic"), DEFAULT_BETAS, "any spacing");
  assert.equal(betasFor("claude-code-20250219, my-beta", "bedrock"), "claude-code-20250219, my-beta");
  assert.equal(betasFor("", "bedrock"), "", "emptied on purpose: no betas");
});

test("problems point at the line that set the variable", () => {
  const envText = "CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=nowhere";
  const settingsText = { user: '{\n  "env": {\n    "AWS_REGION": "us-east-1"\n  }\n}' };
  const vars = [{ name: "AWS_REGION", source: { kind: "settings", scope: "user" } }];
  const ctx = { envText, envLines: parseEnvBlock(envText).lines, settingsText, awsConfig: "", awsCredentials: "" };
  assert.deepEqual(locateProblem({ envVar: "AWS_REGION" }, ctx, vars), { field: "settings-user", line: 3 });
  assert.deepEqual(locateProblem({ envVar: "AWS_REGION" }, ctx, []), { field: "env", line: 2 });
  assert.deepEqual(locateProblem({ file: LAYERS[0].path }, ctx, []), { field: "settings-user", line: 1 });
  assert.equal(locateProblem({ envVar: "NOT_THERE" }, ctx, []), null);
});

test("a settings layer that is not JSON is a SETTINGS_INVALID error at its line, with the fix (the core's settingsSyntax)", () => {
  const path = LAYERS[0].path;
  const trailing = '{\n  "env": {\n    "AWS_REGION": "us-east-1",\n  }\n}';
  const p = settingsInvalidProblem(wasm, trailing, path);
  assert.equal(p.code, "SETTINGS_INVALID");
  assert.equal(p.severity, "error");
  assert.equal(p.file, path);
  assert.equal(p.line, 3, "the line of the comma, not of the bracket after it");
  assert.match(p.message, /^~\/\.claude\/settings\.json:3:30: invalid JSON \(a trailing comma\)/);
  assert.match(p.help, /Remove the comma .* line 3/);
  // one line, as the reviewer typed it
  assert.equal(settingsInvalidProblem(wasm, '{"env": {"AWS_REGION": "us-east-1",}}', path).line, 1);
  const comment = settingsInvalidProblem(wasm, '{\n  // mine\n  "model": "opus"\n}', path);
  assert.equal(comment.line, 2);
  assert.match(comment.help, /Remove the comment on line 2/);
  const windows = settingsInvalidProblem(wasm, '{\n  "env": {\n    "NODE_EXTRA_CA_CERTS": "C:\\Users\\me\\ca.pem"\n  }\n}', path);
  assert.equal(windows.line, 3);
  assert.match(windows.message, /invalid escape/);
  assert.match(windows.help, /double the backslashes \(C:\\\\certs\\\\ca\.pem\) or use forward slashes \(C:\/certs\/ca\.pem\)/);
  // JSON (and a byte order mark before it) is not a problem
  assert.equal(settingsInvalidProblem(wasm, '\ufeff{"env": {}}', path), null);
  // the problem links to its line in that layer's editor
  const ctx = { envText: "", envLines: {}, settingsText: { user: trailing }, awsConfig: "", awsCredentials: "" };
  assert.deepEqual(locateProblem(p, ctx, []), { field: "settings-user", line: 3 });
});

test("the credentials fix names the page's Test credentials field, not the API's", () => {
  // the core's own help texts, from the wasm build
  const base = { request: { body: { model: "sonnet", max_tokens: 8, messages: [] }, nowMs: 0 } };
  const cases = [
    [{ CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: "us-east-1", AWS_PROFILE: "dev" }, "cred-aws-id", /enter them under Test credentials on this page \(AWS access key ID and AWS secret access key\)\.$/],
    [{ CLAUDE_CODE_USE_VERTEX: "1", CLOUD_ML_REGION: "global", ANTHROPIC_VERTEX_PROJECT_ID: "p" }, "cred-google", /paste it under Test credentials on this page \(Google access token\)\.$/],
    [{ CLAUDE_CODE_USE_FOUNDRY: "1", ANTHROPIC_FOUNDRY_RESOURCE: "my-resource" }, "cred-azure", /paste it under Test credentials on this page \(Microsoft Entra ID token\)\.$/],
  ];
  for (const [processEnv, field, want] of cases) {
    let err;
    try {
      wasm.buildRequest({ processEnv, ...base });
    } catch (e) {
      err = e;
    }
    assert.equal(err?.code, "CREDENTIALS_MISSING", JSON.stringify(processEnv));
    const h = pageCredentialHelp(err.help);
    assert.equal(h.field, field);
    assert.match(h.text, want);
    assert.doesNotMatch(h.text, /credentials\./);
  }
  assert.deepEqual(pageCredentialHelp("Run the apiKeyHelper command and pass its output as credentials.apiKeyHelper."),
    { text: "Run the apiKeyHelper command and paste its output under Test credentials on this page (apiKeyHelper output).", field: CREDENTIAL_FIELDS.apiKeyHelper.id });
  assert.deepEqual(pageCredentialHelp("Set AWS_REGION."), { text: "Set AWS_REGION.", field: null });
  // every field named is on the page
  const html = readFileSync(new URL("../playground/index.html", import.meta.url), "utf8");
  for (const { id } of Object.values(CREDENTIAL_FIELDS)) assert.ok(html.includes(`id="${id}"`), id);
});

test("stream format: SSE text and AWS event-stream bytes told apart", () => {
  const fx = new URL("../../tests/fixtures/eventstream/", import.meta.url);
  assert.equal(sniffStreamFormat(readFileSync(new URL("stream-hello.bin", fx))), "event-stream");
  assert.equal(sniffStreamFormat(readFileSync(new URL("neg-bad-prelude-crc.bin", fx))), "event-stream", "a damaged one too: the core reports it");
  assert.equal(sniffStreamFormat(readFileSync(new URL("sse/litellm-anthropic-stream.sse", fx))), "sse");
  const enc = (t) => new TextEncoder().encode(t);
  assert.equal(sniffStreamFormat(enc("\ufeff\n: keep-alive\n\ndata: {}\n\n")), "sse");
  assert.equal(sniffStreamFormat(enc('{"type":"error"}')), null);
  assert.equal(sniffStreamFormat(enc("")), null);
  assert.equal(providerStreamFormat("bedrock"), "event-stream");
  assert.equal(providerStreamFormat("vertex"), "sse");
});

test("env block: several shell assignments on one line", () => {
  const r = parseEnvBlock([
    "export AWS_REGION=eu-west-1 AWS_PROFILE=dev",
    'ANTHROPIC_MODEL="opus" ANTHROPIC_SMALL_FAST_MODEL=\'haiku x\' # comment',
    "declare -x A=1 B=\"two words\" C=thr\\ ee",
    "DOTENV_VALUE=two words",
    "set CMD=1 NOT=2",
    'export Q="x" then junk',
  ].join("\n"));
  assert.deepEqual(r.env, {
    AWS_REGION: "eu-west-1",
    AWS_PROFILE: "dev",
    ANTHROPIC_MODEL: "opus",
    ANTHROPIC_SMALL_FAST_MODEL: "haiku x",
    A: "1",
    B: "two words",
    C: "thr ee",
    DOTENV_VALUE: "two words", // not a list of assignments: the dotenv value, as before
    CMD: "1 NOT=2", // cmd's set takes the rest of the line
    Q: "x",
  });
  assert.equal(r.lines.AWS_PROFILE, 1);
  assert.equal(r.lines.B, 3);
  assert.deepEqual(r.notes, [{ line: 6, text: 'line 6: the text after the closing " is not understood; ignored' }]);
  // shared: one assignment a line, reading back the same
  const text = "export AWS_REGION=eu-west-1 AWS_PROFILE=dev";
  assert.equal(shareableEnvText(text, (_, v) => v), "export AWS_REGION=eu-west-1\nexport AWS_PROFILE=dev");
  const secret = shareableEnvText("export AWS_REGION=eu-west-1 AWS_SECRET_ACCESS_KEY=CANARY-x", wasm.shareableValue);
  assert.ok(!secret.includes("CANARY"), secret);
});

test("env block: line continuations, `;` and `&&` between commands, ANSI-C quoting, as bash reads them", () => {
  // a backslash at the end of a line continues it
  const cont = parseEnvBlock("export ANTHROPIC_BASE_URL=https://gw.example.com \\\n  ANTHROPIC_AUTH_TOKEN=tok\nexport AWS_REGION=eu-\\\nwest-1");
  assert.deepEqual(cont.env, { ANTHROPIC_BASE_URL: "https://gw.example.com", ANTHROPIC_AUTH_TOKEN: "tok", AWS_REGION: "eu-west-1" });
  assert.deepEqual(cont.notes, []);
  assert.equal(cont.lines.ANTHROPIC_AUTH_TOKEN, 2, "the line the assignment is on");
  // the core no longer sees a base URL ending in a backslash
  const codes = wasm.validate({ processEnv: cont.env, settings: [], home: {}, credentialsCheck: "notChecked" }).problems.map((x) => x.code);
  assert.ok(!codes.includes("BASE_URL_INVALID"), codes.join());
  // `;` and `&&` between commands, outside quotes only
  const semi = parseEnvBlock([
    "export CLAUDE_CODE_USE_BEDROCK=1;export AWS_REGION=eu-west-3",
    "A=1 ; B='x;y' && export C=\"p;q\"; D=2;",
  ].join("\n"));
  assert.deepEqual(semi.env, { CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: "eu-west-3", A: "1", B: "x;y", C: "p;q", D: "2" });
  assert.deepEqual(semi.notes, []);
  assert.equal(semi.lines.AWS_REGION, 1);
  // ANSI-C quoting: escapes decoded
  const ansi = parseEnvBlock("export ANTHROPIC_CUSTOM_HEADERS=$'X-A: 1\\nX-B: it\\'s\\t\\x41\\u00e9'\nE=$'\\\\'");
  assert.deepEqual(ansi.env, { ANTHROPIC_CUSTOM_HEADERS: "X-A: 1\nX-B: it's\tAé", E: "\\" });
  assert.deepEqual(ansi.notes, []);
  // what is shared reads back as the same variables, one assignment a line
  const text = "export A=1;export B=$'x\\ny' \\\n  C=3 D='x(y)'";
  const shared = shareableEnvText(text, (_, v) => v);
  assert.equal(shared, 'export A=1\nexport B="x\\ny"\nexport C=3\nexport D=x(y)');
  assert.deepEqual(parseEnvBlock(shared).env, parseEnvBlock(text).env);
  assert.equal(parseEnvBlock(shared).env.D, "x(y)", "a parenthesis inside a word is kept");
});

test("env block: every line the parser cannot read is a note naming its line", () => {
  const r = parseEnvBlock([
    "export A=1; echo hello", // 1: a command after ;
    "B=2 | tee x", // 2: a pipe
    "export D=two words", // 3: bash exports D=two; `words` is not an assignment
    "E=$HOME/x F=\"${USER}\" G='$HOME'", // 4: expansions taken as written (not G's)
    'export H="a\\nb"', // 5: dotenv's \n, not bash's
    "KEY: value", // 6
    "unset X", // 7
    "DOTENV=two words", // 8: dotenv value, no note
    "export C='never closed", // 9: a quote runs on over lines until it closes; this one never does
  ].join("\n"));
  assert.deepEqual(r.env, { A: "1", B: "2", D: "two", E: "$HOME/x", F: "${USER}", G: "$HOME", H: "a\nb", DOTENV: "two words" });
  assert.deepEqual(r.notes, [
    { line: 1, text: 'line 1: the command after ";" is not understood (not NAME=value); ignored' },
    { line: 2, text: 'line 2: "|" is not understood; the rest of the line is ignored' },
    { line: 3, text: "line 3: the text after D=… is not understood; ignored" },
    { line: 4, text: "line 4: E's value has $… or `…` that the shell would expand; taken as written" },
    { line: 4, text: "line 4: F's value has $… or `…` that the shell would expand; taken as written" },
    { line: 5, text: 'line 5: H\'s value has \\n, \\r or \\t inside "…": read as a line break or tab, as dotenv does, where bash keeps the backslash (use $\'…\' for a line break in bash)' },
    { line: 6, text: "line 6: not understood (not NAME=value); ignored" },
    { line: 7, text: "line 7: not understood (not NAME=value); ignored" },
    { line: 9, text: "line 9: ' is never closed; ignored" },
  ]);
});

test("Go to line: the last of duplicate keys, and the set partner of a missing variable", () => {
  const user = '{\n  "env": {\n    "AWS_REGION": "us-east-1",\n    "AWS_REGION": "eu-west-1"\n  }\n}';
  assert.equal(jsonKeyLine(user, "AWS_REGION"), 4, "JSON.parse keeps the last one");
  assert.equal(jsonKeyLine('{"model": "AWS_REGION", "env": {\n"AWS_REGION": "x"}}', "AWS_REGION"), 2, "a key, not a value");
  const envText = "CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\nAWS_ACCESS_KEY_ID=AKIDEXAMPLE\nCLAUDE_CODE_CLIENT_CERT=/c.pem";
  const ctx = { envText, envLines: parseEnvBlock(envText).lines, settingsText: { user }, awsConfig: "", awsCredentials: "" };
  const vars = [
    { name: "AWS_ACCESS_KEY_ID", source: { kind: "process" } },
    { name: "CLAUDE_CODE_CLIENT_CERT", source: { kind: "process" } },
  ];
  // the core's own problems for these inputs
  const r = wasm.validate({ processEnv: parseEnvBlock(envText).env, settings: [], home: {}, credentialsCheck: "notChecked" });
  const keys = r.problems.find((p) => p.code === "AWS_KEYS_INCOMPLETE");
  const mtls = r.problems.find((p) => p.code === "MTLS_INCOMPLETE");
  assert.equal(keys?.envVar, "AWS_SECRET_ACCESS_KEY");
  assert.equal(mtls?.envVar, "CLAUDE_CODE_CLIENT_KEY");
  assert.deepEqual(locateProblem(keys, ctx, vars), { field: "env", line: 3 });
  assert.deepEqual(locateProblem(mtls, ctx, vars), { field: "env", line: 4 });
  // a name in the message that is not set either: no link
  assert.equal(locateProblem({ envVar: "NOT_THERE", message: "NOT_THERE is set but ALSO_NOT is not." }, ctx, vars), null);
});

test("signing time", () => {
  assert.equal(parseTime("2026-01-15T12:00:00Z"), Date.UTC(2026, 0, 15, 12));
  assert.equal(parseTime("2026-01-15T12:00:00"), Date.UTC(2026, 0, 15, 12), "no zone: UTC");
  assert.equal(parseTime("", 42), 42);
  assert.ok(Number.isNaN(parseTime("yesterday")));
});

test("comparison view carries the chapter's five facts", () => {
  const facts = COMPARISON.rows.map((r) => r.fact);
  for (const f of ["Authentication", "FedRAMP", "Cost tracking (billing)", "Monitoring", "Data residency"]) assert.ok(facts.includes(f), f);
  assert.deepEqual(COMPARISON.rows.find((r) => r.fact === "FedRAMP").values, ["Not in the chapter", "Not applicable", "High", "Not applicable"]);
});

test("comparison view: the chapter's Anthropic-direct column, every SPEC §4.5 provider, and nothing without a source", () => {
  const row = (t, name) => t.rows.find((r) => (r.fact ?? r.feature) === name).values;
  // the chapter's personal (Anthropic direct) vs enterprise table, as the first column
  assert.equal(COMPARISON.providers[0], "Anthropic (direct, personal)");
  assert.deepEqual(COMPARISON.rows.map((r) => r.values[0]), [
    "Personal Anthropic account", "Nothing to set (ready to use)", "Anthropic login", "Not in the chapter",
    "Paid by personal card", "Not in the chapter", "Through Anthropic's servers",
  ]);
  // Bedrock API keys (SPEC §4.2) in the authentication row
  assert.match(row(COMPARISON, "Authentication")[1], /AWS_BEARER_TOKEN_BEDROCK/);
  for (const t of [COMPARISON, SUPPORT]) for (const r of t.rows) assert.equal(r.values.length, t.providers.length, r.fact ?? r.feature);
  // every provider the core resolves
  assert.deepEqual(SUPPORT.providers, ["Anthropic API", "Amazon Bedrock", "Google Vertex AI", "Microsoft Foundry", "Amazon Bedrock Mantle", "Claude Platform on AWS", "Claude Platform on Google Cloud"]);
  // §9: unavailable on Bedrock
  assert.equal(row(SUPPORT, "Cross-session messaging")[1], "No");
  assert.equal(row(SUPPORT, "Channels")[1], "No");
  // no source says Claude Platform on AWS checks models at start-up
  assert.equal(row(SUPPORT, "Startup model check and fallback")[5], "Not stated");
  // Claude Platform on Google Cloud: not captured, so nothing else is claimed
  assert.deepEqual([...new Set(SUPPORT.rows.map((r) => r.values[6]))], ["Not captured"]);
});

test("stream capture: a curl -i capture's status line and headers are taken off; other text is neither format", () => {
  const enc = (t) => new TextEncoder().encode(t);
  const sse = readFileSync(new URL("../../tests/fixtures/eventstream/sse/litellm-anthropic-stream.sse", import.meta.url));
  const head = "HTTP/1.1 200 Connection established\r\n\r\nHTTP/2 200 \r\ncontent-type: text/event-stream; charset=utf-8\r\nrequest-id: req_1\r\n\r\n";
  const captured = new Uint8Array([...enc(head), ...sse]);
  assert.equal(sniffStreamFormat(captured), null, "the status line is not an SSE field");
  const h = splitHttpResponse(captured);
  assert.equal(h.status, 200);
  assert.deepEqual(h.headers, [["content-type", "text/event-stream; charset=utf-8"], ["request-id", "req_1"]]);
  assert.equal(h.contentType, "text/event-stream; charset=utf-8");
  assert.deepEqual([...h.body], [...sse]);
  assert.deepEqual(readCapture(captured).format, "sse");
  // an event-stream after the head: its bytes untouched
  const bin = readFileSync(new URL("../../tests/fixtures/eventstream/stream-hello.bin", import.meta.url));
  const c2 = readCapture(new Uint8Array([...enc("HTTP/1.1 200 OK\ncontent-type: application/vnd.amazon.eventstream\n\n"), ...bin]));
  assert.equal(c2.format, "event-stream");
  assert.deepEqual([...c2.body], [...bin]);
  // an error answer
  const err = readCapture(enc('HTTP/1.1 529 \r\ncontent-type: application/json\r\n\r\n{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'));
  assert.equal(err.http.status, 529);
  assert.equal(err.format, null);
  // neither format: plain text, JSON, base64 pasted without saying so
  assert.deepEqual(readCapture(enc("hello this is not a stream")), { format: null, body: enc("hello this is not a stream"), http: null, base64: false });
  assert.equal(readCapture(enc(bin.toString("base64"))).base64, true);
  assert.equal(splitHttpResponse(enc("event: ping\ndata: {}\n\n")), null);
});

test("devcontainer: the gateway preset's localhost base URL gets the core's host.docker.internal note", () => {
  const gw = PRESETS.find((x) => x.id === "gateway");
  const s = wasm.configSnippets({ processEnv: parseEnvBlock(gw.env).env, settings: [], home: {} });
  assert.match(JSON.parse(s.devcontainerJson).containerEnv.ANTHROPIC_BASE_URL, /^http:\/\/localhost:4000$/);
  assert.ok(s.notes.some((n) => n.includes("set ANTHROPIC_BASE_URL to http://host.docker.internal:4000 in containerEnv")), s.notes.join("\n"));
});

test("the endpoint's source names the variable a Vertex or Bedrock host was built from (the core's endpoint.envVar)", () => {
  const ep = (processEnv) => wasm.validate({ processEnv, settings: [], home: {}, credentialsCheck: "notChecked" }).endpoint;
  assert.equal(ep({ CLAUDE_CODE_USE_VERTEX: "1", CLOUD_ML_REGION: "europe-west1", ANTHROPIC_VERTEX_PROJECT_ID: "p" }).envVar, "CLOUD_ML_REGION");
  const moved = ep({ CLAUDE_CODE_USE_VERTEX: "1", CLOUD_ML_REGION: "global", VERTEX_REGION_CLAUDE_4_5_SONNET: "us-east5", ANTHROPIC_VERTEX_PROJECT_ID: "p", ANTHROPIC_MODEL: "claude-sonnet-4-5" });
  assert.equal(moved.envVar, "VERTEX_REGION_CLAUDE_4_5_SONNET");
  assert.equal(ep({ CLAUDE_CODE_USE_VERTEX: "1", ANTHROPIC_VERTEX_PROJECT_ID: "p" }).envVar, undefined, "the default location");
  assert.equal(ep({ ANTHROPIC_BASE_URL: "https://gw.example.com" }).envVar, "ANTHROPIC_BASE_URL");
  assert.equal(ep({ CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: "eu-west-1" }).envVar, "AWS_REGION");
});

for (const p of PRESETS) {
  test(`preset ${p.id} shows ${p.expect.join(", ") || "no error"}`, () => {
    const input = { processEnv: parseEnvBlock(p.env).env, settings: [], home: {} };
    for (const l of LAYERS) if (p.settings?.[l.scope]) input.settings.push({ scope: l.scope, path: l.path, settings: JSON.parse(p.settings[l.scope]) });
    if (p.awsConfig) input.home.awsConfig = { path: "~/.aws/config", text: p.awsConfig };
    const r = wasm.validate(input);
    const codes = r.problems.map((x) => x.code);
    for (const c of p.expect) assert.ok(codes.includes(c), `${c} not in ${codes}`);
    if (p.group === "Providers") {
      assert.deepEqual(r.problems.filter((x) => x.severity === "error"), [], "a provider preset has no error");
    }
  });
}

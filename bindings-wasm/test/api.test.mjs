// The wasm package's own behaviour: argument conversion, error properties, body forms,
// rendering and redaction. (Provider behaviour is the core's; see conformance.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { runInNewContext } from "node:vm";

const require = createRequire(import.meta.url);
const wasm = require("../pkg/node/claude_provider_wasm.js");
// The Node package's core, built by scripts/test-node.sh (test-wasm.sh builds it if missing):
// the functions beyond the conformance cases must agree with it.
const { core: napi } = require("claude-provider");
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const bedrock = {
  processEnv: {
    CLAUDE_CODE_USE_BEDROCK: "1",
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  },
};
const body = { model: "sonnet", max_tokens: 16, messages: [{ role: "user", content: "hi" }] };

test("resolve and validate take plain objects", () => {
  const r = wasm.resolve(bedrock);
  assert.equal(r.provider, "bedrock");
  assert.equal(r.region.value, "eu-west-1");
  assert.equal(r.region.envVar, "AWS_REGION");
  const v = wasm.validate({ ...bedrock, credentialsCheck: "notFound" });
  assert.ok(Array.isArray(v.problems));
  assert.equal(Object.getPrototypeOf(r.models), Object.prototype, "maps are plain objects");
});

test("a body as text, object or bytes gives the same request", () => {
  const text = JSON.stringify(body);
  const a = wasm.buildRequest({ ...bedrock, request: { body: text, nowMs: NOW } });
  const b = wasm.buildRequest({ ...bedrock, request: { body, nowMs: NOW } });
  const c = wasm.buildRequest({ ...bedrock, request: { body: new TextEncoder().encode(text), nowMs: NOW } });
  assert.deepEqual(b, a);
  assert.deepEqual(c, a);
  assert.match(a.request.url, /^https:\/\/bedrock-runtime\.eu-west-1\.amazonaws\.com\/model\//);
  const auth = a.request.headers.find((h) => h.name === "authorization");
  assert.ok(auth.secret);
  assert.match(auth.value, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260115\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}$/);
});

test("a body: a Uint8Array from another realm is bytes, the second argument replaces request.body, other objects are refused", () => {
  const text = JSON.stringify(body);
  const want = wasm.buildRequest({ ...bedrock, request: { body: text, nowMs: NOW } });
  const foreign = runInNewContext("(codes) => new Uint8Array(codes)")([...new TextEncoder().encode(text)]);
  assert.ok(!(foreign instanceof Uint8Array));
  assert.deepEqual(wasm.buildRequest({ ...bedrock, request: { body: foreign, nowMs: NOW } }), want);
  assert.deepEqual(wasm.prepare(bedrock).buildHttpRequest({ nowMs: NOW }, foreign), wasm.prepare(bedrock).buildHttpRequest({ nowMs: NOW }, text));
  // As the Node package's core.buildRequest(input, body): the argument wins over request.body.
  assert.deepEqual(wasm.buildRequest({ ...bedrock, request: { body: "{}", nowMs: NOW } }, text), want);
  assert.deepEqual(wasm.buildRequest({ ...bedrock, request: { nowMs: NOW } }, body), want);
  assert.deepEqual(wasm.buildRequest({ ...bedrock, request: { nowMs: NOW } }, text), napi.buildRequest({ ...bedrock, request: { nowMs: NOW } }, text));
  const u8 = new TextEncoder().encode(text);
  const refused = [u8.buffer, new DataView(u8.buffer), new Int8Array(u8), new Map(), new Date(NOW), 5, true];
  for (const [i, b] of refused.entries()) {
    for (const f of [() => wasm.buildRequest({ ...bedrock, request: { body: b, nowMs: NOW } }), () => wasm.buildRequest({ ...bedrock, request: { nowMs: NOW } }, b), () => wasm.prepare(bedrock).buildHttpRequest({ nowMs: NOW }, b)]) {
      assert.throws(f, { name: "TypeError", code: "ARGUMENT_INVALID", message: "invalid body: expected an object, JSON text or a Uint8Array" }, `case ${i}`);
    }
  }
  const cyclic = { messages: [] };
  cyclic.self = cyclic;
  for (const b of [cyclic, { max_tokens: 1n }]) {
    assert.throws(() => wasm.buildRequest({ ...bedrock, request: { body: b, nowMs: NOW } }), { code: "ARGUMENT_INVALID", message: "invalid body: expected an object JSON.stringify can write (no BigInt, no cycle)" });
  }
});

test("errors show their name, code and message in JSON, as the Node package's do", () => {
  let core, arg;
  try {
    wasm.buildRequest({ ...bedrock, request: { body: "[1]", nowMs: NOW } });
  } catch (e) {
    core = e;
  }
  try {
    wasm.resolve("x");
  } catch (e) {
    arg = e;
  }
  assert.equal(core.name, "ClaudeProviderError");
  assert.ok(core instanceof Error);
  const shown = JSON.parse(JSON.stringify(core));
  assert.deepEqual({ name: shown.name, code: shown.code, message: shown.message, help: shown.help }, { name: "ClaudeProviderError", code: "BODY_INVALID", message: core.message, help: core.help });
  assert.ok(core.message.length > 0 && String(core).startsWith("ClaudeProviderError: "));
  assert.deepEqual(JSON.parse(JSON.stringify(arg)), { name: "TypeError", message: arg.message, code: "ARGUMENT_INVALID" });
  assert.ok(arg instanceof TypeError);
});

test("StreamDecoder.push takes a Uint8Array only (from any realm)", () => {
  const sse = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  const d = wasm.createStreamDecoder("anthropic");
  const foreign = runInNewContext("(codes) => new Uint8Array(codes)")([...new TextEncoder().encode(sse)]);
  assert.deepEqual(d.push(foreign).map((e) => e.type), ["message_stop"]);
  for (const [i, chunk] of [sse, new TextEncoder().encode(sse).buffer, new Uint16Array(4), new DataView(new ArrayBuffer(4)), [1, 2], undefined, null].entries()) {
    assert.throws(() => wasm.createStreamDecoder("anthropic").push(chunk), { name: "TypeError", code: "ARGUMENT_INVALID", message: "invalid chunk: expected a Uint8Array" }, `case ${i}`);
    assert.throws(() => napi.createStreamDecoder("anthropic").push(chunk), { name: "TypeError", code: "ARGUMENT_INVALID" }, `napi case ${i}`);
  }
});

test("core errors are Errors with code, help and envVar", () => {
  assert.throws(
    () => wasm.buildRequest({ ...bedrock, request: { body: "[1]", nowMs: NOW } }),
    (e) => e instanceof Error && e.code === "BODY_INVALID" && typeof e.help === "string" && e.help.length > 0,
  );
  assert.throws(
    () => wasm.buildRequest({ processEnv: { CLAUDE_CODE_USE_VERTEX: "1" }, request: { body, nowMs: NOW } }),
    (e) => e.code === "VERTEX_PROJECT_MISSING" && e.envVar === "ANTHROPIC_VERTEX_PROJECT_ID",
  );
});

test("malformed arguments are TypeErrors", () => {
  assert.throws(() => wasm.resolve({ processEnv: { A: 1 } }), TypeError);
  assert.throws(() => wasm.buildRequest({ ...bedrock, request: { body } }), TypeError, "nowMs is required");
  assert.throws(() => wasm.renderRequest({}, "http", false), TypeError);
  assert.throws(() => wasm.renderRequest(wasm.buildRequest({ ...bedrock, request: { body, nowMs: NOW } }).request, "xml", false), TypeError);
});

test("renderRequest and redactRequest hide secrets unless revealed", () => {
  const { request } = wasm.buildRequest({
    processEnv: { ANTHROPIC_API_KEY: "sk-ant-CANARY-0123456789" },
    request: { body, nowMs: NOW },
  });
  for (const f of ["http", "curl"]) {
    assert.ok(!wasm.renderRequest(request, f, false).includes("CANARY"), f);
    assert.ok(wasm.renderRequest(request, f, true).includes("sk-ant-CANARY-0123456789"), f);
  }
  assert.ok(wasm.renderRequest(request, "http", false).startsWith("POST /v1/messages?beta=true HTTP/1.1\nHost: api.anthropic.com\n"));
  const red = wasm.redactRequest(request);
  assert.equal(red.headers.find((h) => h.name === "x-api-key").value, "<redacted>");
  assert.equal(red.body, request.body);
});

test("configSnippets never carries a secret value", () => {
  const s = wasm.configSnippets(bedrock);
  assert.deepEqual(JSON.parse(s.settingsJson), { env: { CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: "eu-west-1" } });
  assert.equal(JSON.parse(s.devcontainerJson).containerEnv.AWS_SECRET_ACCESS_KEY, "${localEnv:AWS_SECRET_ACCESS_KEY}");
  assert.ok(!JSON.stringify(s).includes("EXAMPLEKEY"));
});

test("version", () => assert.match(wasm.version(), /^\d+\.\d+\.\d+/));

test("hosts: ASCII and xn-- forms resolve; a non-ASCII host is BASE_URL_INVALID (no IDNA tables in wasm)", () => {
  const at = (url) => wasm.resolve({ processEnv: { ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: "k" } });
  assert.equal(at("https://xn--bcher-kva.example/gw").endpoint.baseUrl, "https://xn--bcher-kva.example/gw");
  const r = at("https://bücher.example/gw");
  assert.equal(r.endpoint ?? null, null);
  const p = r.problems.find((p) => p.code === "BASE_URL_INVALID");
  assert.ok(p, JSON.stringify(r.problems));
  assert.equal(p.envVar, "ANTHROPIC_BASE_URL");
  assert.match(p.help, /xn--bcher-kva\.example/);
  const proxied = wasm.resolve({ processEnv: { ANTHROPIC_API_KEY: "k", HTTPS_PROXY: "http://prøxy.example:3128" } });
  const pp = proxied.problems.find((p) => p.code === "PROXY_URL_INVALID");
  assert.ok(pp, JSON.stringify(proxied.problems));
  assert.match(pp.help, /xn--/);
});

test("settingsSyntax agrees with the Node package: the mistake, its line and column, never the text", () => {
  const texts = [
    '{\n  "env": {\n    "ANTHROPIC_API_KEY": "CANARY-sk",\n  }\n}',
    "{'model': 'opus'}",
    '{"env": {"NODE_EXTRA_CA_CERTS": "C:\\certs\\ca.pem"}}',
    '{"env": {} // CANARY\n}',
    '{"env": {"A": "CANARY',
    '{"env": {}}',
    "",
  ];
  for (const text of texts) {
    const got = wasm.settingsSyntax(text, "/p/.claude/settings.json");
    assert.deepEqual(got, napi.settingsSyntax(text, "/p/.claude/settings.json"), text);
    if (got) assert.ok(!JSON.stringify(got).includes("CANARY"), text);
  }
  assert.equal(wasm.settingsSyntax(texts[0], "/s.json").line, 3);
  assert.equal(wasm.settingsSyntax("{}", "/s.json"), null);
});

test("shareableConfigValue agrees with the Node package and carries no secret", () => {
  const cases = [
    ["DATABASE_URL", "postgres://u:CANARY@db/x"],
    ["OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer CANARY"],
    ["CLAUDE_CODE_USE_AWS", "1"],
    ["ANTHROPIC_MODEL", "sk-ant-api03-CANARY0123456789abcdef"],
    ["ANTHROPIC_API_KEY", "Bearer CANARY"],
    ["ANTHROPIC_CUSTOM_HEADERS", "X-Api-Team: CANARY\nno colon CANARY"],
    ["otelHeadersHelper", "/bin/get --secret=CANARYHELPER"],
    ["AWS_REGION", "eu-west-1"],
    ["region", "eu-west-1"],
  ];
  for (const [name, value] of cases) {
    const w = wasm.shareableConfigValue(name, value);
    assert.equal(w, napi.shareableConfigValue(name, value), name);
    assert.ok(!w.includes("CANARY"), `${name}: ${w}`);
  }
  assert.equal(wasm.shareableConfigValue("ANTHROPIC_CUSTOM_HEADERS", "X-Api-Team: payments"), "X-Api-Team: <redacted>");
  assert.match(wasm.shareableConfigValue("ANTHROPIC_MODEL", "sk-ant-api03-CANARY0123456789abcdef"), /^sk-ant-api03-Redacted0/);
  assert.throws(() => wasm.shareableConfigValue("X", 5), (e) => e instanceof TypeError && e.code === "ARGUMENT_INVALID");
});

test("effectiveEnv, providerSetup, proxyRoute, proxyRefusal and parseErrorResponse agree with the Node package", () => {
  const config = {
    processEnv: { HTTPS_PROXY: "http://user:CANARY-pw@proxy.corp:3128", NO_PROXY: "localhost,.internal", AWS_REGION: "eu-west-1" },
    settings: [{ scope: "user", path: "/home/u/.claude/settings.json", settings: { env: { CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: "us-west-2" } } }],
  };
  assert.deepEqual(wasm.effectiveEnv(config), napi.effectiveEnv(config));
  assert.equal(wasm.effectiveEnv(config).AWS_REGION, "us-west-2", "settings env wins");
  for (const url of ["https://bedrock-runtime.us-west-2.amazonaws.com/model/x/invoke", "http://localhost:4000/v1/messages", "https://api.internal/v1"]) {
    assert.deepEqual(wasm.proxyRoute(config, url), napi.proxyRoute(config, url), url);
  }
  assert.equal(wasm.proxyRoute(config, "http://localhost:4000/"), null);
  // A proxy variable the core cannot use: what it would carry is refused, NO_PROXY still exempts.
  const broken = { processEnv: { HTTPS_PROXY: "proxy.corp:3128", NO_PROXY: "localhost" } };
  for (const url of ["https://api.anthropic.com/v1/messages", "http://localhost:4000/v1/messages"]) {
    assert.deepEqual(wasm.proxyRefusal(broken, url), napi.proxyRefusal(broken, url), url);
  }
  assert.equal(wasm.proxyRefusal(broken, "https://api.anthropic.com/v1/messages").code, "PROXY_URL_INVALID");
  assert.equal(wasm.proxyRefusal(broken, "http://localhost:4000/v1/messages"), null);
  assert.equal(wasm.proxyRefusal(config, "https://api.anthropic.com/"), null);
  assert.equal(wasm.proxyRoute(config, "https://bedrock-runtime.us-west-2.amazonaws.com/").url, "http://proxy.corp:3128/");

  for (const input of [
    { provider: "bedrock", region: "eu-west-1", profile: "work" },
    { provider: "vertex", region: "global", project: "my-proj" },
    { provider: "foundry", resource: "my-res" },
    { provider: "anthropic", apiKey: "sk-ant-api03-CANARY" },
    { provider: "anthropic-aws", region: "us-east-1", workspaceId: "wrkspc_1" },
  ]) {
    assert.deepEqual(wasm.providerSetup(input), napi.providerSetup(input), input.provider);
  }

  for (const [provider, status, headers, body] of [
    ["bedrock", 403, [["content-type", "application/json"], ["x-amzn-errortype", "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/"]], '{"message":"The security token included in the request is invalid."}'],
    ["vertex", 429, [["retry-after", "7"]], '{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}'],
    ["anthropic", 529, [], new TextEncoder().encode('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')],
    ["foundry", 502, [["content-type", "text/html"]], "<html>bad gateway</html>"],
  ]) {
    const w = wasm.parseErrorResponse(provider, status, headers, body);
    assert.deepEqual(w, napi.parseErrorResponse(provider, status, headers, body), `${provider} ${status}`);
    assert.ok(w.problem.code && w.problem.help, `${provider} ${status}`);
  }
  assert.throws(() => wasm.parseErrorResponse("nope", 500, [], ""), TypeError);
});

test("prepare: one resolution, many requests, the same as buildRequest and as the Node package", () => {
  const p = wasm.prepare(bedrock);
  assert.deepEqual(p.resolution, wasm.resolve(bedrock));
  const text = JSON.stringify(body);
  const one = wasm.buildRequest({ ...bedrock, request: { body: text, nowMs: NOW } }).request;
  for (const b of [text, body, new TextEncoder().encode(text)]) {
    const r = p.buildHttpRequest({ nowMs: NOW }, b);
    assert.ok(r.body instanceof Uint8Array);
    assert.deepEqual({ ...r, body: new TextDecoder().decode(r.body) }, one);
  }
  const n = napi.prepare(bedrock).buildHttpRequest({ nowMs: NOW }, text);
  const w = p.buildHttpRequest({ nowMs: NOW }, text);
  assert.deepEqual({ ...w, body: Buffer.from(w.body) }, n);
  assert.throws(() => p.buildHttpRequest({ nowMs: NOW }, "[1]"), (e) => e.code === "BODY_INVALID");
});

test("what prepare() returns renders and redacts as in the Node package", () => {
  const w = wasm.prepare(bedrock).buildHttpRequest({ nowMs: NOW }, body);
  const n = napi.prepare(bedrock).buildHttpRequest({ nowMs: NOW }, JSON.stringify(body));
  for (const format of ["http", "curl"]) {
    assert.equal(wasm.renderRequest(w, format, false), napi.renderRequest(n, format, false), format);
  }
  const redacted = wasm.redactRequest(w);
  assert.equal(redacted.body, new TextDecoder().decode(w.body));
  assert.equal(redacted.body, napi.redactRequest(n).body);
  assert.deepEqual(redacted.headers, napi.redactRequest(n).headers);
});

test("a malformed argument's message is napi's: no 'Error: ' prefix, no value (a BigInt or Symbol secret neither)", () => {
  const message = (f) => {
    try {
      f();
    } catch (e) {
      return e.message;
    }
    assert.fail("expected a TypeError");
  };
  const bogus = { processEnv: {}, credentialsCheck: "bogus" };
  assert.equal(message(() => wasm.validate(bogus)), message(() => napi.validate(bogus)));
  assert.match(message(() => wasm.validate(bogus)), /^invalid ValidateInput: unknown variant, expected one of `notChecked`/);
  for (const secret of [98765432109876543210n, Symbol("sk-ant-CANARY-sym")]) {
    const text = message(() => wasm.resolve({ processEnv: { ANTHROPIC_API_KEY: secret } }));
    assert.match(text, /^invalid ConfigInput: /);
    assert.ok(!/CANARY|98765432109876543210/.test(text), text);
  }
});

test("every argument is checked: a wrong type is a TypeError that never quotes the value", () => {
  const config = { processEnv: {} };
  const cases = [
    () => wasm.proxyRoute(config, 5),
    () => wasm.proxyRoute(config, {}),
    () => wasm.proxyRoute(config, undefined),
    () => wasm.proxyRefusal(config, 5),
    () => wasm.isSecretVar(5),
    () => wasm.shareableValue("ANTHROPIC_API_KEY", 5),
    () => wasm.parseErrorResponse("bedrock", "429", [], ""),
    () => wasm.parseErrorResponse("bedrock", 429.5, [], ""),
    () => wasm.parseErrorResponse("bedrock", 429, [], { a: 1 }),
    () => wasm.parseErrorResponse("bedrock", 429, [], undefined),
    () => wasm.createStreamDecoder("bedrock", 5),
    () => wasm.resolve("sk-ant-api03-CANARY-1"),
    () => wasm.providerSetup({ provider: "sk-ant-CANARY-2" }),
    () => wasm.prepare(bedrock).buildHttpRequest("sk-ant-CANARY-3", body),
    () => wasm.toFetchRequest({ url: "https://sk-ant-CANARY-4.example" }),
    // a misspelled credential key: refused, not dropped (the request would go out without it)
    () => wasm.buildRequest({ ...bedrock, request: { body, nowMs: NOW, credentials: { awsCredentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "CANARY-5" } } } }),
    // `reveal` must be a boolean: 1 and "1" would otherwise pass as true and show secrets.
    () => wasm.renderRequest(wasm.buildRequest({ ...bedrock, request: { body, nowMs: NOW } }).request, "http", 1),
    () => wasm.renderRequest(wasm.buildRequest({ ...bedrock, request: { body, nowMs: NOW } }).request, "curl", "1"),
  ];
  for (const [i, f] of cases.entries()) {
    assert.throws(f, (e) => e instanceof TypeError && e.code === "ARGUMENT_INVALID" && !e.message.includes("CANARY"), `case ${i}`);
  }
  assert.equal(wasm.createStreamDecoder("bedrock", null).format, "event-stream");
});

test("settings nested deeper than 128 levels, or cyclic, are a TypeError (ARGUMENT_INVALID), and the module still works", () => {
  // This trapped ("memory access out of bounds") and left the module unusable.
  const deep = JSON.parse(`{"env":{},"permissions":${"[".repeat(4000)}${"]".repeat(4000)}}`);
  const cyclic = { env: {} };
  cyclic.self = cyclic;
  const message = /^invalid (ConfigInput|ValidateInput|BuildInput): a settings layer's `settings` nests arrays and objects deeper than 128 levels \(a cyclic object, or JSON nested that deep\); pass the parsed JSON of a settings file, at most 128 levels deep$/;
  for (const settings of [deep, cyclic]) {
    const config = { processEnv: { ANTHROPIC_API_KEY: "sk-ant-CANARY-0123456789" }, settings: [{ scope: "project", settings }] };
    const calls = [
      () => wasm.resolve(config),
      () => wasm.validate({ ...config, credentialsCheck: "found" }),
      () => wasm.effectiveEnv(config),
      () => wasm.prepare(config),
      () => wasm.proxyRoute(config, "https://api.anthropic.com/"),
      () => wasm.configSnippets(config),
      () => wasm.buildRequest({ ...config, request: { nowMs: NOW, body } }),
    ];
    for (const [i, f] of calls.entries()) {
      assert.throws(f, (e) => {
        assert.ok(e instanceof TypeError && e.code === "ARGUMENT_INVALID", `case ${i}: ${e}`);
        assert.match(e.message, message, `case ${i}`);
        assert.ok(!e.message.includes("CANARY"), `case ${i}`);
        // The same error as the Node package's.
        assert.throws(() => napi[["resolve", "validate", "effectiveEnv", "prepare", "proxyRoute", "configSnippets", "buildRequest"][i]](...(i === 4 ? [config, "https://api.anthropic.com/"] : i === 6 ? [{ ...config, request: { nowMs: NOW } }, JSON.stringify(body)] : [i === 1 ? { ...config, credentialsCheck: "found" } : config])), { name: "TypeError", message: e.message }, `case ${i}`);
        return true;
      }, `case ${i}`);
    }
    assert.equal(wasm.resolve({}).provider, "anthropic", "the module still works");
  }
  // 128 levels are read: the settings object, then 127 arrays.
  let nested = [];
  for (let i = 1; i < 127; i++) nested = [nested];
  const at128 = { settings: [{ scope: "project", settings: { env: { ANTHROPIC_MODEL: "opus" }, permissions: nested } }] };
  assert.equal(wasm.resolve(at128).models.main.requested, "opus");
  at128.settings[0].settings.permissions = [nested];
  assert.throws(() => wasm.resolve(at128), { code: "ARGUMENT_INVALID", message });
  assert.deepEqual(wasm.resolve({}), napi.resolve({}));
});

test("settingsSyntax names JSON nested deeper than 128 levels, as the Node package does", () => {
  const text = `{\n  "env": {"ANTHROPIC_API_KEY": "sk-ant-CANARY"},\n  "permissions": ${"[".repeat(4000)}${"]".repeat(4000)}\n}`;
  const got = wasm.settingsSyntax(text, "/p/.claude/settings.json");
  assert.deepEqual(got, napi.settingsSyntax(text, "/p/.claude/settings.json"));
  assert.equal(got.problem.code, "SETTINGS_INVALID");
  assert.equal(got.problem.message, "/p/.claude/settings.json:3:145: arrays and objects nest deeper than 128 levels here; claude-provider reads no deeper, so the whole file is ignored.");
  assert.deepEqual([got.line, got.column], [3, 145]);
  assert.ok(!JSON.stringify(got).includes("CANARY"));
  assert.equal(wasm.settingsSyntax(`{"p": ${"[".repeat(127)}${"]".repeat(127)}}`, "/s.json"), null);
});

test("undefined and null in an optional field are absent, as the generated types say", () => {
  const config = { processEnv: { ANTHROPIC_API_KEY: "k" } };
  const built = wasm.buildRequest({ ...config, request: { nowMs: NOW, body } });
  for (const absent of [undefined, null]) {
    for (const key of ["processEnv", "settings", "home", "pemFiles"]) {
      const without = key === "processEnv" ? {} : config;
      const input = { ...without, [key]: absent };
      assert.deepEqual(wasm.resolve(input), wasm.resolve(without), key);
      assert.deepEqual(wasm.validate(input), wasm.validate(without), key);
      assert.deepEqual(wasm.effectiveEnv(input), wasm.effectiveEnv(without), key);
      assert.deepEqual(wasm.resolve(input), napi.resolve(input), key);
    }
    assert.deepEqual(wasm.resolve({ ...config, home: { awsFilesRead: absent, awsConfig: absent } }), wasm.resolve(config));
    assert.deepEqual(wasm.validate({ ...config, credentialsCheck: absent, googleProjectId: absent }), wasm.validate(config));
    const prepared = wasm.prepare({ ...config, settings: absent });
    const one = prepared.buildHttpRequest({ nowMs: NOW }, body);
    for (const key of ["kind", "stream", "betas", "wire", "sdkConventions", "sdkFamily", "credentials"]) {
      const request = { nowMs: NOW, body, [key]: absent };
      assert.deepEqual(wasm.buildRequest({ ...config, request }), built, key);
      assert.deepEqual(prepared.buildHttpRequest({ nowMs: NOW, [key]: absent }, body), one, key);
    }
    assert.deepEqual(wasm.buildRequest({ ...config, pemFiles: absent, request: { nowMs: NOW, body: JSON.stringify(body), credentials: { aws: absent, apiKeyHelper: absent } } }), built);
    for (const options of [{ limits: absent, disableBedrockContentTypeGuard: absent }, { limits: { maxFrameBytes: absent, maxLineBytes: absent, maxEventBytes: absent } }]) {
      assert.equal(wasm.createStreamDecoder("bedrock", absent, options).format, "event-stream");
      assert.throws(() => wasm.createStreamDecoder("bedrock", "text/event-stream", options), (e) => e.code === "STREAM_CONTENT_TYPE", "the guard keeps its default");
    }
  }
});

test("decoder limits of 2^32 and more are taken (saturated), as in the Node package", () => {
  const events = new TextEncoder().encode('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  for (const n of [Number.MAX_SAFE_INTEGER, 2 ** 32, 2 ** 40, 1e300]) {
    const d = wasm.createStreamDecoder("anthropic", undefined, { limits: { maxEventBytes: n, maxLineBytes: n, maxFrameBytes: n } });
    assert.deepEqual(d.push(events).map((e) => e.type), ["message_stop"], String(n));
    d.finish();
  }
  const small = wasm.createStreamDecoder("anthropic", undefined, { limits: { maxLineBytes: 8 } });
  assert.throws(() => small.push(events), (e) => e.code === "STREAM_TOO_LARGE");
  for (const n of [-1, 1.5, "8"]) {
    const options = { limits: { maxEventBytes: n } };
    assert.throws(() => wasm.createStreamDecoder("anthropic", undefined, options), (e) => e instanceof TypeError && e.code === "ARGUMENT_INVALID" && /^invalid DecoderOptions: /.test(e.message), String(n));
    assert.throws(() => napi.createStreamDecoder("anthropic", undefined, options), (e) => e instanceof TypeError && e.code === "ARGUMENT_INVALID", String(n));
  }
});

test("a body that is not UTF-8 is BODY_INVALID naming the offset, as in the Node package", () => {
  const head = new TextEncoder().encode('{"max_tokens":1,"messages":[],"x":"sk-ant-CANARY');
  const message = `The request body is not UTF-8: the byte at offset ${head.length} is not valid UTF-8, and a JSON body must be (RFC 8259).`;
  for (const bad of [[0xff], [0x80], [0xe6, 0x9b], [0xed, 0xa0, 0x80]]) {
    const bytes = new Uint8Array([...head, ...bad, 0x22, 0x7d]);
    const calls = [
      () => wasm.buildRequest({ ...bedrock, request: { nowMs: NOW, body: bytes } }),
      () => wasm.prepare(bedrock).buildHttpRequest({ nowMs: NOW }, bytes),
    ];
    for (const [i, f] of calls.entries()) {
      assert.throws(f, (e) => {
        assert.equal(e.code, "BODY_INVALID", `case ${i}`);
        assert.equal(e.message, message, `case ${i}`);
        assert.ok(e.help.length > 10 && !`${e.message}${e.help}`.includes("CANARY"), `case ${i}`);
        return true;
      }, `case ${i}`);
    }
    assert.throws(() => napi.buildRequest({ ...bedrock, request: { nowMs: NOW } }, bytes), { code: "BODY_INVALID", message });
  }
  // UTF-8 beyond ASCII is sent as given and signed as sent.
  const text = JSON.stringify({ ...body, messages: [{ role: "user", content: "héllo ✓ 更快 😀" }] });
  const r = wasm.prepare(bedrock).buildHttpRequest({ nowMs: NOW }, new TextEncoder().encode(text));
  assert.ok(new TextDecoder("utf-8", { fatal: true }).decode(r.body).includes("héllo ✓ 更快 😀"));
  assert.deepEqual(wasm.buildRequest({ ...bedrock, request: { nowMs: NOW, body: text } }).request.body, new TextDecoder().decode(r.body));
});

test("a signing time reads the same in both packages: a whole number (past 2^53 too), a time past year 9999 the signer's SIGNING_INPUT_INVALID, a fraction or a negative ARGUMENT_INVALID", () => {
  const outcome = (build, nowMs) => {
    try {
      return build({ ...bedrock, request: { nowMs } }, JSON.stringify(body)).request.headers.find((h) => h.name === "x-amz-date")?.value;
    } catch (e) {
      return e.code;
    }
  };
  const cases = [
    [NOW, "20260115T120000Z"],
    [2 ** 53 - 1, "SIGNING_INPUT_INVALID"],
    [2 ** 53, "SIGNING_INPUT_INVALID"],
    [2 ** 60, "SIGNING_INPUT_INVALID"],
    [1e300, "SIGNING_INPUT_INVALID"],
    [Infinity, "SIGNING_INPUT_INVALID"],
    [1.5, "ARGUMENT_INVALID"],
    [-1, "ARGUMENT_INVALID"],
    [NaN, "ARGUMENT_INVALID"],
  ];
  for (const [nowMs, want] of cases) {
    assert.equal(outcome(wasm.buildRequest, nowMs), want, `wasm, nowMs ${nowMs}`);
    assert.equal(outcome(napi.buildRequest, nowMs), want, `napi, nowMs ${nowMs}`);
  }
});

test("shareableJson gives what the Node package gives (members in order), and refuses a cyclic value with a TypeError", () => {
  const r = wasm.validate({ processEnv: { ANTHROPIC_BASE_URL: "https://u:CANARYpw@gw.corp", ANTHROPIC_AUTH_TOKEN: "t", NO_PROXY: "localhost,http://bob:CANARYpw2@proxy.corp:8080" } });
  const out = wasm.shareableJson(r);
  assert.deepEqual(out, napi.shareableJson(r));
  // Numbers past 2^32 (napi's serializer refuses such a u64), and past 2^53.
  const numbers = { ttl: 5e9, now: Date.now(), big: 2 ** 60, neg: -7, frac: 1.5 };
  assert.deepEqual(wasm.shareableJson(numbers), numbers);
  assert.deepEqual(napi.shareableJson(numbers), numbers);
  assert.deepEqual(Object.keys(out), Object.keys(r));
  assert.equal(out.endpoint.baseUrl, "https://***@gw.corp");
  assert.ok(!JSON.stringify(out).includes("CANARY"), JSON.stringify(out));
  const cyclic = { a: {} };
  cyclic.a.self = cyclic;
  assert.throws(() => wasm.shareableJson(cyclic), { name: "TypeError", code: "ARGUMENT_INVALID", message: /^invalid value: the value nests arrays and objects deeper than 128 levels/ });
  assert.equal(wasm.resolve({ processEnv: { ANTHROPIC_API_KEY: "k" } }).provider, "anthropic", "the module still works");
});

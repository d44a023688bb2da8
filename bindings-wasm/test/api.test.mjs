// The wasm package's own behaviour: argument conversion, error properties, body forms,
// rendering and redaction. (Provider behaviour is the core's; see conformance.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const wasm = createRequire(import.meta.url)("../pkg/node/claude_provider_wasm.js");
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

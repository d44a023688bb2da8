// toFetchRequest: a built request sent with the platform's fetch() reaches a fake Bedrock
// runtime that re-verifies its SigV4 signature with @smithy/signature-v4 (bindings-node's test
// fakes). And body text of every kind reaches wasm memory as the same UTF-8 bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fakeBedrock } from "../../bindings-node/test/fakes.mjs";

const require = createRequire(import.meta.url);
const wasm = require("../pkg/node/claude_provider_wasm.js");
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const config = (url) => ({
  processEnv: {
    CLAUDE_CODE_USE_BEDROCK: "1",
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ANTHROPIC_BEDROCK_BASE_URL: url,
  },
});
const body = JSON.stringify({ model: "sonnet", max_tokens: 16, messages: [{ role: "user", content: "héllo, 세계 😀" }] });

test("toFetchRequest: fetch() sends the built request, and the fake verifies its signature", async (t) => {
  const bedrock = await fakeBedrock({ credentials, region: "eu-west-1" });
  t.after(() => bedrock.close());
  const { request } = wasm.buildRequest({ ...config(bedrock.url), request: { body, nowMs: Date.now() } });
  const fetchRequest = wasm.toFetchRequest(request);
  assert.ok(fetchRequest instanceof Request);
  assert.equal(fetchRequest.method, "POST");
  assert.equal(fetchRequest.url, request.url);
  const res = await fetch(fetchRequest);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).type, "message");
  assert.equal(bedrock.state.verified, 1);
  const [received] = bedrock.state.requests;
  assert.equal(received.body, request.body);
  for (const h of request.headers) assert.equal(received.headers[h.name], h.value, h.name);

  // The prepared form (body as a Uint8Array) too.
  const prepared = wasm.prepare(config(bedrock.url)).buildHttpRequest({ nowMs: Date.now() }, body);
  assert.equal((await fetch(wasm.toFetchRequest(prepared))).status, 200);
  assert.equal(bedrock.state.verified, 2);
  assert.equal(bedrock.state.requests[1].body, request.body);
});

test("toFetchRequest: a request that is not one is a TypeError", () => {
  assert.throws(() => wasm.toFetchRequest({ url: "https://example.com" }), TypeError);
  assert.throws(() => wasm.toFetchRequest("GET https://example.com"), TypeError);
});

test("body text reaches wasm as the same UTF-8 as TextEncoder gives, whatever its characters", () => {
  const input = config("https://bedrock-runtime.eu-west-1.amazonaws.com");
  const texts = [
    "",
    "plain ASCII",
    "é",
    "세계".repeat(1000),
    "a".repeat(4095) + "😀" + "b",
    "😀".repeat(300),
    "x".repeat(20000) + "ü",
  ];
  for (const text of texts) {
    const json = JSON.stringify({ model: "sonnet", max_tokens: 1, messages: [{ role: "user", content: text }] });
    const spec = { body: json, nowMs: 0 };
    const fromText = wasm.buildRequest({ ...input, request: spec });
    const fromBytes = wasm.buildRequest({ ...input, request: { ...spec, body: new TextEncoder().encode(json) } });
    assert.deepEqual(fromText, fromBytes, JSON.stringify(text.slice(0, 40)));
  }
  // Lone surrogates (JSON.stringify would escape them): U+FFFD, as TextEncoder writes them.
  const raw = '{"model":"sonnet","max_tokens":1,"messages":[{"role":"user","content":"\ud800 and \udc00 ' + "é".repeat(50) + '"}]}';
  const spec = { body: raw, nowMs: 0 };
  const fromText = wasm.buildRequest({ ...input, request: spec });
  assert.deepEqual(fromText, wasm.buildRequest({ ...input, request: { ...spec, body: new TextEncoder().encode(raw) } }));
  assert.match(fromText.request.body, /\ufffd and \ufffd/);
});

test("toFetchRequest: a redirect is not followed (the key and body would go to the host it names)", async (t) => {
  const http = await import("node:http");
  const seen = [];
  const other = http.createServer((req, res) => {
    seen.push(req.headers["x-api-key"]);
    res.end("{}");
  });
  await new Promise((r) => other.listen(0, "127.0.0.1", r));
  const redirecting = http.createServer((req, res) => {
    res.writeHead(307, { location: `http://127.0.0.1:${other.address().port}/v1/messages` });
    res.end();
  });
  await new Promise((r) => redirecting.listen(0, "127.0.0.1", r));
  t.after(() => {
    other.close();
    redirecting.close();
  });
  const { request } = wasm.buildRequest({
    processEnv: { ANTHROPIC_API_KEY: "sk-ant-api03-CANARY", ANTHROPIC_BASE_URL: `http://127.0.0.1:${redirecting.address().port}` },
    request: { body, nowMs: Date.now() },
  });
  const fetchRequest = wasm.toFetchRequest(request);
  assert.equal(fetchRequest.redirect, "manual");
  const res = await fetch(fetchRequest);
  assert.equal(res.status, 307);
  assert.deepEqual(seen, []);
});

test("toFetchRequest: what fetch refuses is ARGUMENT_INVALID, without the value", () => {
  const base = { method: "POST", url: "https://gw.example.com/v1/messages", headers: [], body: "", model: "m" };
  const cases = [
    [{ ...base, headers: [{ name: "x-api-key", value: "sk-ant-CANARY\nX", secret: true }] }, 'invalid request: fetch refuses the header "x-api-key" (a name it forbids, or a value with a line break or a character outside Latin-1)'],
    [{ ...base, headers: [{ name: "x-amz-security-token", value: "tok€CANARY", secret: true }] }, /^invalid request: fetch refuses the header "x-amz-security-token"/],
    [{ ...base, url: "https://u:CANARYpw@gw.example.com/v1/messages" }, /^invalid request: fetch refuses a URL with credentials in it .*ANTHROPIC_CUSTOM_HEADERS/],
    [{ ...base, url: "not a url" }, "invalid request: fetch refuses the URL or the method"],
  ];
  for (const [i, [request, message]] of cases.entries()) {
    assert.throws(() => wasm.toFetchRequest(request), (e) => {
      assert.ok(e instanceof TypeError && e.code === "ARGUMENT_INVALID", `case ${i}: ${e}`);
      if (typeof message === "string") assert.equal(e.message, message);
      else assert.match(e.message, message);
      assert.ok(!JSON.stringify(e).includes("CANARY") && !String(e).includes("CANARY"), `case ${i}`);
      return true;
    });
  }
});

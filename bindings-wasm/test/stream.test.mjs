// createStreamDecoder through the wasm `nodejs` build against the Rust core
// (core/examples/decode_stream.rs) on the vendored stream captures, split in several ways.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const wasm = createRequire(import.meta.url)("../pkg/node/claude_provider_wasm.js");
const FIX = join(root, "tests/fixtures/eventstream");

const build = spawnSync("cargo", ["build", "--release", "-q", "-p", "claude-provider-core", "--example", "decode_stream"],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
assert.equal(build.status, 0, "cargo build --example decode_stream");
const ORACLE = join(root, "target/release/examples/decode_stream");

function rust(provider, contentType, bytes, chunk) {
  const r = spawnSync(ORACLE, [provider, contentType ?? "", String(chunk)], { input: bytes, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr?.toString());
  return JSON.parse(r.stdout.toString("utf8"));
}

function info(e) {
  assert.ok(e instanceof Error && typeof e.code === "string", `not a core error: ${e}`);
  const o = { code: e.code, message: e.message, help: e.help };
  if (e.envVar !== undefined) o.envVar = e.envVar;
  if (e.file !== undefined) o.file = e.file;
  return o;
}

function viaWasm(provider, contentType, bytes, chunk) {
  let d;
  try {
    d = wasm.createStreamDecoder(provider, contentType);
  } catch (e) {
    return { format: null, events: [], error: info(e) };
  }
  const events = [];
  let error = null;
  for (let i = 0; i < bytes.length; i += chunk) {
    try {
      events.push(...d.push(bytes.subarray(i, i + chunk)));
    } catch (e) {
      error = info(e);
      break;
    }
  }
  if (!error) {
    try {
      d.finish();
    } catch (e) {
      error = info(e);
    }
  }
  const format = d.format;
  d.free();
  return { error, events, format };
}

const cases = [];
for (const f of readdirSync(FIX).filter((f) => f.endsWith(".bin"))) {
  cases.push([f, "bedrock", "application/vnd.amazon.eventstream", readFileSync(join(FIX, f))]);
}
for (const f of readdirSync(join(FIX, "sse"))) {
  cases.push([`sse/${f}`, "anthropic", "text/event-stream", readFileSync(join(FIX, "sse", f))]);
}
// content-type guard: a gateway that turned Bedrock's stream into SSE
cases.push(["sse-as-bedrock (content-type guard)", "bedrock", "text/event-stream", readFileSync(join(FIX, "sse", readdirSync(join(FIX, "sse"))[0]))]);

test("fixtures found", () => assert.ok(cases.length >= 8, `${cases.length} stream cases`));

for (const [name, provider, ct, bytes] of cases) {
  test(`stream ${name}`, () => {
    for (const chunk of [bytes.length || 1, 1, 7, 64]) {
      const want = rust(provider, ct, bytes, chunk);
      const got = viaWasm(provider, ct, new Uint8Array(bytes), chunk);
      assert.deepEqual(got, want, `chunk ${chunk}`);
    }
  });
}

// `claude-provider playground` (the Node package's CLI) serves this package's playground and
// web build on 127.0.0.1, and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../bindings-node/lib/cli/main.js", import.meta.url));

test("claude-provider playground serves the page and the web build, and only them", async (t) => {
  const child = spawn(process.execPath, [CLI, "playground", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  t.after(() => child.kill());
  const [line] = await once(child.stdout, "data");
  const url = /^playground: (http:\/\/127\.0\.0\.1:\d+\/playground\/) /.exec(String(line))?.[1];
  assert.ok(url, String(line));
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type"), /^text\/html/);
  assert.match(await page.text(), /<title>[^<]*Claude/i);
  const wasm = await fetch(new URL("../pkg/web/claude_provider_wasm_bg.wasm", url));
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
  assert.deepEqual([...new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)], [0, 0x61, 0x73, 0x6d]);
  for (const path of ["/package.json", "/playground/%2e%2e/package.json", "/pkg/node/claude_provider_wasm.js", "/src/lib.rs"]) {
    assert.equal((await fetch(new URL(path, url))).status, 404, path);
  }
});

test("claude-provider playground: a bad or busy port and configuration flags are usage errors", async (t) => {
  const run = (...args) => spawnSync(process.execPath, [CLI, "playground", ...args], { encoding: "utf8", timeout: 10000 });
  const bad = run("--port", "99999");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^error USAGE_INVALID: --port 99999: not a port number\n/);
  const flag = run("--dotenv", ".env");
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /playground does not take --dotenv/);
  const busy = createServer();
  busy.listen(0, "127.0.0.1");
  await once(busy, "listening");
  t.after(() => busy.close());
  const taken = run("--port", String(busy.address().port));
  assert.equal(taken.status, 2);
  assert.match(taken.stderr, /^error PORT_UNAVAILABLE: --port \d+: already in use on 127\.0\.0\.1\n/);
});

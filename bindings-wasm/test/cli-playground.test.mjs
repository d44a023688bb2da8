// `claude-provider playground` (the Node package's CLI) serves this package's playground and
// web build on 127.0.0.1, and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { request } from "node:http";
import { symlinkSync, rmSync, mkdtempSync, mkdirSync, readdirSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = fileURLToPath(new URL("../../bindings-node/lib/cli/main.js", import.meta.url));

/** A raw GET (no URL normalization by the client), with optional headers. */
function raw(url, path, { method = "GET", headers = {} } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res));
    });
    req.on("error", reject);
    req.end();
  });
}

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
  // Paths the client does not normalize: encoded separators and dots, and bad escapes.
  for (const path of ["/playground/..%2f..%2fpackage.json", "/playground/%2e%2e%2fpackage.json", "/pkg/web/..%2f..%2fsrc/lib.rs", "/playground/..%5c..%5cpackage.json"]) {
    assert.equal((await raw(url, path)).statusCode, 404, path);
  }
  for (const path of ["/%", "/playground/%E0%A4%A"]) assert.equal((await raw(url, path)).statusCode, 400, path);
  // A symlink out of the served folders is not followed.
  const link = fileURLToPath(new URL(`../playground/.test-link-${process.pid}.txt`, import.meta.url));
  symlinkSync(fileURLToPath(new URL("../package.json", import.meta.url)), link);
  t.after(() => rmSync(link, { force: true }));
  assert.equal((await fetch(new URL(`.test-link-${process.pid}.txt`, url))).status, 404);
  // Another Host (DNS rebinding) and other methods get nothing.
  assert.equal((await raw(url, "/playground/", { headers: { host: "evil.example:80" } })).statusCode, 421);
  const post = await raw(url, "/playground/", { method: "POST" });
  assert.equal(post.statusCode, 405);
  const head = await raw(url, "/playground/", { method: "HEAD" });
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers["x-frame-options"], "DENY");
  // Still serving after all that.
  assert.equal((await fetch(url)).status, 200);
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

test("claude-provider playground without claude-provider-wasm, or without its web build, is PLAYGROUND_MISSING", (t) => {
  // An install of claude-provider made of links to this workspace's packages, less
  // claude-provider-wasm; --preserve-symlinks makes Node resolve from the links, not the workspace.
  const root = mkdtempSync(join(tmpdir(), "cp-playground-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const workspace = fileURLToPath(new URL("../../node_modules/", import.meta.url));
  const modules = join(root, "node_modules");
  mkdirSync(modules);
  for (const name of readdirSync(workspace)) {
    if (name !== "claude-provider-wasm") symlinkSync(join(workspace, name), join(modules, name));
  }
  const run = () =>
    spawnSync(process.execPath, ["--preserve-symlinks", "--preserve-symlinks-main", join(modules, "claude-provider/lib/cli/main.js"), "playground", "--port", "0"], {
      encoding: "utf8",
      timeout: 10000,
    });
  const fix = /\n {2}fix: Install claude-provider-wasm next to claude-provider \(npm install claude-provider-wasm\)/;
  const noPackage = run();
  assert.equal(noPackage.status, 2, noPackage.stderr);
  assert.match(noPackage.stderr, /^error PLAYGROUND_MISSING: the playground is not installed: the package claude-provider-wasm was not found\n/);
  assert.match(noPackage.stderr, fix);
  // The package is there (its page and server), but not built.
  const wasmPackage = join(modules, "claude-provider-wasm");
  mkdirSync(wasmPackage);
  copyFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), join(wasmPackage, "package.json"));
  symlinkSync(fileURLToPath(new URL("../playground", import.meta.url)), join(wasmPackage, "playground"));
  const noBuild = run();
  assert.equal(noBuild.status, 2, noBuild.stderr);
  assert.match(noBuild.stderr, /^error PLAYGROUND_MISSING: the playground is not installed: claude-provider-wasm's web build \(claude_provider_wasm_bg\.wasm\) was not found\n/);
  assert.match(noBuild.stderr, fix);
  assert.equal(noBuild.stdout, "");
});

// Build + sign time of a 50 KB Bedrock request: through the wasm `nodejs` build, through the
// wasm `web` build in headless Chromium (Debian's /usr/bin/chromium or CHROMIUM, driven by
// playwright-core, the page served by playground/serve.mjs) when it is there, and through the
// napi package (bindings-node, or NAPI_DIR) when it is built, in the same run. Two ways each:
// one-shot `buildRequest` (the configuration converted and resolved on every call; the issue's
// comparison) and `prepare(config).buildHttpRequest(spec, body)` (resolved once).
//
//   node bench/bench.mjs [ITERATIONS]        (npm run bench; after npm run build)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const contender = process.argv[2] === "--contender" ? process.argv[3] : null;
const ITER = Number((contender ? process.argv[4] : process.argv[2]) ?? 300);

const text = "The quick brown fox jumps over the lazy dog. ".repeat(1100); // ~50 KB
const body = JSON.stringify({
  model: "sonnet",
  max_tokens: 1024,
  system: "You are a helpful assistant.",
  messages: [{ role: "user", content: text }],
});
const input = {
  processEnv: {
    CLAUDE_CODE_USE_BEDROCK: "1",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    PATH: "/usr/bin:/bin",
    HOME: "/home/me",
  },
  request: { body, nowMs: Date.UTC(2026, 0, 15, 12) },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median ms per call over `n` calls. */
function batch(call, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    call();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

function loadNapi() {
  const napiDir = process.env.NAPI_DIR ? resolve(process.env.NAPI_DIR) : resolve(here, "../../bindings-node");
  // the addon itself (the core API shape, like this package), then the package entry points
  for (const entry of ["native.cjs", "index.js", "index.cjs"]) {
    const p = join(napiDir, entry);
    if (existsSync(p)) {
      try {
        const m = require(p);
        if (m.buildRequest) return m;
      } catch {
        /* not built */
      }
    }
  }
  return null;
}

const loadWasm = () => require("../pkg/node/claude_provider_wasm.js");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const WEB_BUILD = join(here, "../pkg/web/claude_provider_wasm_bg.wasm");
const chromiumReady = () => {
  try {
    require.resolve("playwright-core");
  } catch {
    return false;
  }
  return existsSync(CHROMIUM) && existsSync(WEB_BUILD);
};
const { request: spec, ...config } = input;
const { body: _body, ...specWithoutBody } = spec;
const oneShot = (m) => ({ call: () => m.buildRequest(input), auth: (out) => out.request.headers.find((h) => h.name === "authorization").value });
const prepared = (m, headerValue) => {
  const p = m.prepare(config);
  return { call: () => p.buildHttpRequest(specWithoutBody, body), auth: headerValue };
};
// napi's prepared build returns flat parts: [method, url, model, body, name, value, secret, …]
const napiAuth = (parts) => parts[parts.indexOf("authorization") + 1];
const contenders = {
  wasm: () => oneShot(loadWasm()),
  napi: () => oneShot(loadNapi()),
  "wasm-prepared": () => prepared(loadWasm(), (r) => r.headers.find((h) => h.name === "authorization").value),
  "napi-prepared": () => prepared(loadNapi(), napiAuth),
};

/**
 * Runs in the page (the playground, from the same static server a user runs): the same
 * measurement as `contender` below, with the web build. Chromium coarsens `performance.now()`
 * to 0.1 ms on a page that is not cross-origin isolated, so each sample is the mean of 10
 * consecutive calls (~2 ms).
 */
async function inPage({ moduleUrl, input, mode, iter, warmMs, rounds }) {
  const m = await import(moduleUrl);
  await m.default();
  const { request: spec, ...config } = input;
  const { body, ...specWithoutBody } = spec;
  const p = mode === "prepared" ? m.prepare(config) : null;
  const call = p ? () => p.buildHttpRequest(specWithoutBody, body) : () => m.buildRequest(input);
  const out = call();
  const auth = (p ? out.headers : out.request.headers).find((h) => h.name === "authorization").value;
  if (!/Signature=[0-9a-f]{64}$/.test(auth)) throw new Error(`chromium ${mode}: no SigV4 signature`);
  const SAMPLE = 10;
  const batch = (n) => {
    const xs = [];
    for (let i = 0; i < n; i += SAMPLE) {
      const t = performance.now();
      for (let j = 0; j < SAMPLE; j++) call();
      xs.push((performance.now() - t) / SAMPLE);
    }
    return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  };
  const early = batch(iter);
  for (const t0 = performance.now(); performance.now() - t0 < warmMs; ) batch(50);
  const medians = [];
  for (let r = 0; r < rounds; r++) medians.push(batch(iter));
  return { early, steady: medians.sort((a, b) => a - b)[Math.floor(rounds / 2)] };
}

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];
async function inChromium(mode) {
  const { chromium } = await import("playwright-core");
  const { startServer } = await import(pathToFileURL(join(here, "../playground/serve.mjs")).href);
  const { server, url } = await startServer({ port: 0, quiet: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const moduleUrl = new URL("../pkg/web/claude_provider_wasm.js", url).href;
    return await page.evaluate(inPage, { moduleUrl, input, mode, iter: ITER, warmMs: WARM_MS, rounds: ROUNDS });
  } finally {
    await browser.close();
    server.close();
  }
}
const inBrowser = { "wasm-chromium": "one-shot", "wasm-chromium-prep": "prepared" };

// Each contender runs in a process of its own (`bench.mjs --contender NAME`), so neither
// measures on a heap the other shaped. It first measures ITER calls right after loading (what a
// short-lived script sees: V8 runs new wasm code from its baseline compiler, Liftoff, and
// optimizes hot functions with TurboFan in the background), then warms up for WARM_MS and
// reports the median of ROUNDS batches of ITER calls (the steady state). Measured here: the
// wasm median falls from ~0.35 ms to ~0.22 ms once TurboFan's code is in; `node --no-liftoff`
// gives the steady figure from the first call. The parent runs PROCESSES processes per
// contender, interleaved, and keeps the median of each figure.
const WARM_MS = 1500;
const ROUNDS = 7;
const PROCESSES = 3;
if (contender && inBrowser[contender]) {
  console.log(JSON.stringify(await inChromium(inBrowser[contender])));
  process.exit(0);
}
if (contender) {
  const { call, auth } = contenders[contender]();
  if (!/Signature=[0-9a-f]{64}$/.test(auth(call()))) throw new Error(`${contender}: no SigV4 signature`);
  const early = batch(call, ITER);
  for (const t0 = Date.now(); Date.now() - t0 < WARM_MS; ) batch(call, 50);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(batch(call, ITER));
  console.log(JSON.stringify({ early, steady: median(rounds) }));
  process.exit(0);
}

const names = loadNapi() ? ["wasm", "napi", "wasm-prepared", "napi-prepared"] : ["wasm", "wasm-prepared"];
if (chromiumReady()) names.push(...Object.keys(inBrowser));
const runs = Object.fromEntries(names.map((n) => [n, []]));
for (let p = 0; p < PROCESSES; p++) {
  for (const name of names) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--contender", name, String(ITER)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`bench: ${name} failed: ${r.stderr}`);
    runs[name].push(JSON.parse(r.stdout.trim().split("\n").at(-1)));
  }
}
const figures = {};
for (const name of names) {
  figures[name] = { early: median(runs[name].map((r) => r.early)), steady: median(runs[name].map((r) => r.steady)) };
  const f = figures[name];
  console.log(`${name.padEnd(18)} build+sign ${(body.length / 1024).toFixed(1)} KB Bedrock request: steady median ${f.steady.toFixed(3)} ms (first ${ITER} calls: ${f.early.toFixed(3)} ms); ${PROCESSES} processes`);
}
if (figures.napi) {
  const ratio = figures.wasm.steady / figures.napi.steady;
  console.log(`wasm / napi: ${ratio.toFixed(2)}x steady (target: within 3x: ${ratio <= 3 ? "met" : "not met"}); first ${ITER} calls: ${(figures.wasm.early / figures.napi.early).toFixed(2)}x`);
  const prep = figures["wasm-prepared"].steady / figures["napi-prepared"].steady;
  console.log(`wasm / napi, prepared: ${prep.toFixed(2)}x steady; first ${ITER} calls: ${(figures["wasm-prepared"].early / figures["napi-prepared"].early).toFixed(2)}x`);
}
if (figures["wasm-chromium"] && figures.napi) {
  const one = figures["wasm-chromium"].steady / figures.napi.steady;
  const prep = figures["wasm-chromium-prep"].steady / figures["napi-prepared"].steady;
  console.log(`wasm in Chromium / napi in Node: ${one.toFixed(2)}x steady (first ${ITER} calls: ${(figures["wasm-chromium"].early / figures.napi.early).toFixed(2)}x); prepared ${prep.toFixed(2)}x`);
} else if (!figures["wasm-chromium"]) {
  console.log(`chromium not measured: needs ${CHROMIUM} (or CHROMIUM), playwright-core and the web build`);
}
if (!figures.napi) {
  console.log("napi   not measured: bindings-node is not on this branch or not built (npm run build in bindings-node)");
}

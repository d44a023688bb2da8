// Build + sign time of a 50 KB Bedrock request: through the wasm `nodejs` build, and through
// the napi package (bindings-node, or NAPI_DIR) when it is built, in the same run. Two ways
// each: one-shot `buildRequest` (the configuration converted and resolved on every call; the
// issue's comparison) and `prepare(config).buildHttpRequest(spec, body)` (resolved once).
//
//   node bench/bench.mjs [ITERATIONS]        (npm run bench; after npm run build)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
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
  console.log(`${name.padEnd(13)} build+sign ${(body.length / 1024).toFixed(1)} KB Bedrock request: steady median ${f.steady.toFixed(3)} ms (first ${ITER} calls: ${f.early.toFixed(3)} ms); ${PROCESSES} processes`);
}
if (figures.napi) {
  const ratio = figures.wasm.steady / figures.napi.steady;
  console.log(`wasm / napi: ${ratio.toFixed(2)}x steady (target: within 3x: ${ratio <= 3 ? "met" : "not met"}); first ${ITER} calls: ${(figures.wasm.early / figures.napi.early).toFixed(2)}x`);
  const prep = figures["wasm-prepared"].steady / figures["napi-prepared"].steady;
  console.log(`wasm / napi, prepared: ${prep.toFixed(2)}x steady; first ${ITER} calls: ${(figures["wasm-prepared"].early / figures["napi-prepared"].early).toFixed(2)}x`);
} else {
  console.log("napi   not measured: bindings-node is not on this branch or not built (npm run build in bindings-node)");
}

// Build + sign time of a 50 KB Bedrock request: through the wasm `nodejs` build, and through
// the napi package (bindings-node, or NAPI_DIR) when it is built, in the same run.
//
//   node bench/bench.mjs [ITERATIONS]        (npm run bench; after npm run build)
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const ITER = Number(process.argv[2] ?? 300);

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

function bench(name, buildRequest) {
  const out = buildRequest(input); // warm-up + sanity
  const auth = out.request.headers.find((h) => h.name === "authorization").value;
  if (!/Signature=[0-9a-f]{64}$/.test(auth)) throw new Error(`${name}: no SigV4 signature`);
  for (let i = 0; i < 30; i++) buildRequest(input);
  const times = [];
  for (let i = 0; i < ITER; i++) {
    const t = process.hrtime.bigint();
    buildRequest(input);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p90 = times[Math.floor(times.length * 0.9)];
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`${name.padEnd(6)} build+sign ${(body.length / 1024).toFixed(1)} KB Bedrock request: median ${median.toFixed(3)} ms, mean ${mean.toFixed(3)} ms, p90 ${p90.toFixed(3)} ms (${ITER} runs)`);
  return median;
}

const wasm = require("../pkg/node/claude_provider_wasm.js");
const w = bench("wasm", wasm.buildRequest);

const napiDir = process.env.NAPI_DIR ? resolve(process.env.NAPI_DIR) : resolve(here, "../../bindings-node");
let napi = null;
// the addon itself (the core API shape, like this package), then the package entry points
for (const entry of ["native.cjs", "index.js", "index.cjs"]) {
  const p = join(napiDir, entry);
  if (existsSync(p)) {
    try {
      napi = require(p);
      break;
    } catch {
      /* not built */
    }
  }
}
if (napi?.buildRequest) {
  const n = bench("napi", napi.buildRequest);
  console.log(`wasm / napi: ${(w / n).toFixed(2)}x (target: within 3x)`);
} else {
  console.log("napi   not measured: bindings-node is not on this branch or not built (npm run build in bindings-node)");
}

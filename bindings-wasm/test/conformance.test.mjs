// Cross-binding conformance: every case of `conformance claude-code … --emit FILE` replayed
// through the wasm `nodejs` build must give exactly the Rust core's outputs.
//
//   CONFORMANCE_CASES=../target/conformance-cases.json node --test test/conformance.test.mjs
//
// Without CONFORMANCE_CASES (or when the file is missing) the test writes the file itself with
// `cargo run --release -p conformance -- claude-code tests/fixtures/claude-code/captures --emit`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { layerCases, layerDiffs } from "../../tests/js/layer-expectations.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const wasm = createRequire(import.meta.url)("../pkg/node/claude_provider_wasm.js");

function loadCases() {
  const file = process.env.CONFORMANCE_CASES
    ? resolve(process.env.CONFORMANCE_CASES)
    : join(root, "target", "conformance-cases.json");
  if (!existsSync(file)) {
    const r = spawnSync(
      "cargo",
      ["run", "--release", "-q", "-p", "conformance", "--", "claude-code",
        "tests/fixtures/claude-code/captures", "--emit", file],
      { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
    );
    assert.ok(existsSync(file), `conformance --emit did not write ${file} (exit ${r.status})`);
  }
  return JSON.parse(readFileSync(file, "utf8")).cases;
}

/** What a binding's failing buildRequest looks like, in the shape `--emit` records. */
function errorInfo(e) {
  assert.ok(e instanceof Error, `threw a non-Error: ${e}`);
  assert.equal(typeof e.code, "string", `error without a code: ${e.message}`);
  const info = { code: e.code, message: e.message, help: e.help };
  if (e.envVar !== undefined) info.envVar = e.envVar;
  if (e.file !== undefined) info.file = e.file;
  return info;
}

const cases = loadCases();

test("the emitted case set is complete", () => {
  assert.equal(cases.length, 73, "claude-code captures: 73 cases");
  assert.ok(cases.filter((c) => c.buildInput).length > 0);
});

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(wasm.validate(c.validateInput), c.validate, "validate");
    if (c.buildInput) {
      let got;
      try {
        got = { ok: wasm.buildRequest(c.buildInput) };
      } catch (e) {
        got = { error: errorInfo(e) };
      }
      assert.deepEqual(got, c.build, "buildRequest");
    }
  });
}

// Settings-layer precedence (tests/fixtures/layers): the documented expectations hold through the
// wasm build, and its outputs are the Rust core's (`conformance layers … --emit`, written by
// scripts/test-wasm.sh to LAYER_CASES, else here).
function loadLayerOutputs() {
  const file = process.env.LAYER_CASES
    ? resolve(process.env.LAYER_CASES)
    : join(root, "target", "conformance-layers.json");
  if (!process.env.LAYER_CASES || !existsSync(file)) {
    const r = spawnSync(
      "cargo",
      ["run", "--release", "-q", "-p", "conformance", "--", "layers", "tests/fixtures/layers", "--emit", file],
      { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
    );
    assert.equal(r.status, 0, `conformance layers failed (exit ${r.status})`);
  }
  return new Map(JSON.parse(readFileSync(file, "utf8")).cases.map((c) => [c.name, c]));
}

const layerFixture = layerCases();
const layerOutputs = loadLayerOutputs();

test("the settings-layer case set is complete", () => {
  assert.ok(layerFixture.length >= 16, `${layerFixture.length} layer cases`);
  assert.equal(layerOutputs.size, layerFixture.length);
});

for (const c of layerFixture) {
  test(`layers: ${c.name}`, () => {
    const rust = layerOutputs.get(c.name);
    const validated = wasm.validate(rust.validateInput);
    assert.deepEqual(layerDiffs(c, validated), [], "validate meets the fixture's expectations");
    assert.deepEqual(layerDiffs(c, wasm.resolve(c.input)), [], "resolve meets the fixture's expectations");
    assert.deepEqual(validated, rust.validate, "validate gives the Rust core's output");
  });
}

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

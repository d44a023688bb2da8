// Cross-binding conformance: every case of the Rust runner (`conformance claude-code --emit`)
// replayed through the napi build must give exactly the Rust core's outputs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import test from 'node:test';
import { core } from 'claude-provider';
import { layerCases, layerDiffs } from '../../tests/js/layer-expectations.mjs';
import { emitConformanceCases, PKG, tempDir } from './helpers.mjs';

const EXPECTED_CASES = 73;

function buildThroughNapi(input) {
  try {
    return { ok: core.buildRequest(input) };
  } catch (e) {
    const error = { code: e.code, message: e.message, help: e.help };
    if (e.envVar !== undefined) error.envVar = e.envVar;
    if (e.file !== undefined) error.file = e.file;
    return { error };
  }
}

let emitted;
/** The case set, emitted once per run (the Rust runner takes a while). */
function cases(t) {
  if (!emitted) {
    const file = emitConformanceCases(join(tempDir(t), 'cases.json'));
    emitted = JSON.parse(readFileSync(file, 'utf8')).cases;
  }
  return emitted;
}

test('every claude-code case gives the Rust core outputs through the napi build', (t) => {
  const all = cases(t);
  assert.equal(all.length, EXPECTED_CASES, 'number of emitted cases');
  const differing = [];
  let builds = 0;
  let errors = 0;
  for (const c of all) {
    try {
      assert.deepStrictEqual(core.validate(c.validateInput), c.validate, 'validate');
      if (c.buildInput) {
        builds++;
        const got = buildThroughNapi(c.buildInput);
        if (got.error) errors++;
        assert.deepStrictEqual(got, c.build, 'buildRequest');
      } else {
        assert.equal(c.build, null);
      }
    } catch (e) {
      differing.push(`${c.name}: ${e.message.split('\n').slice(0, 12).join('\n')}`);
    }
  }
  t.diagnostic(`${all.length} cases, ${builds} requests built (${errors} expected errors), ${differing.length} differing`);
  assert.deepEqual(differing, [], `cases differing from the Rust core:\n${differing.join('\n\n')}`);
});

// Settings-layer precedence (tests/fixtures/layers): the documented expectations hold through the
// napi build, and its outputs are the Rust core's.
test('the layer expectations compare values as the Rust runner does: an object\'s members in any order, nothing else loosened', () => {
  const c = { expect: { '/region': { value: 'eu-west-1', source: 'env' } }, problems: { present: [], absent: [] } };
  assert.deepEqual(layerDiffs(c, { region: { source: 'env', value: 'eu-west-1' }, problems: [] }), []);
  assert.equal(layerDiffs(c, { region: { source: 'env', value: 'eu-west-2' }, problems: [] }).length, 1);
  assert.equal(layerDiffs({ ...c, expect: { '/n': 1 } }, { n: '1', problems: [] }).length, 1);
});

test('every settings-layer case holds through the napi build and gives the Rust core outputs', (t) => {
  const file = emitConformanceCases(join(tempDir(t), 'layers.json'), 'layers', 'tests/fixtures/layers');
  const emittedLayers = new Map(JSON.parse(readFileSync(file, 'utf8')).cases.map((c) => [c.name, c]));
  const fixture = layerCases();
  assert.ok(fixture.length >= 16, `${fixture.length} layer cases`);
  assert.equal(emittedLayers.size, fixture.length, 'the Rust runner emitted every layer case');
  const failing = [];
  for (const c of fixture) {
    const rust = emittedLayers.get(c.name);
    const validated = core.validate(rust.validateInput);
    const diffs = [
      ...layerDiffs(c, validated),
      ...layerDiffs(c, core.resolve(c.input)).map((d) => `resolve: ${d}`),
    ];
    try {
      assert.deepStrictEqual(validated, rust.validate);
    } catch (e) {
      diffs.push(`differs from the Rust core: ${e.message.split('\n').slice(0, 12).join('\n')}`);
    }
    if (diffs.length) failing.push(`${c.name}: ${diffs.join('; ')}`);
  }
  assert.deepEqual(failing, []);
});

// The generated declarations (bindings-types/index.d.ts) must describe the real JSON: every
// input and output of the case set, as object literals, type-checks under tsc --strict (with
// excess-property checks and exactOptionalPropertyTypes), and a wrong value does not.
test('the generated TypeScript types accept every core input and output (tsc --strict)', (t) => {
  const dir = tempDir(t, 'cp-types-');
  const types = JSON.stringify(join(PKG, 'types', 'index.js'));
  const src = [
    `import type { BuildInput, BuildOutput, ErrorInfo, Resolution, ValidateInput } from ${types};`,
    'type Case = { name: string; validateInput: ValidateInput; validate: Resolution;',
    '  buildInput: BuildInput | null; build: { ok: BuildOutput } | { error: ErrorInfo } | null };',
    `export const cases: Case[] = ${JSON.stringify(cases(t), null, 1)};`,
    'const first = cases[0]!.validate;',
    "// @ts-expect-error: not a ProviderId",
    "export const badProvider: Resolution = { ...first, provider: 'openai' };",
    "// @ts-expect-error: a field the core never writes",
    "export const extra: Resolution = { ...first, problems: [{ code: 'BODY_INVALID', severity: 'error', message: '', help: '', envVarr: 'X' }] };",
    "// @ts-expect-error: not a Code",
    "export const badCode: ErrorInfo = { code: 'NOPE', message: '', help: '' };",
    '',
  ].join('\n');
  writeFileSync(join(dir, 'cases.ts'), src);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true, exactOptionalPropertyTypes: true, noEmit: true, target: 'ES2022',
        module: 'NodeNext', moduleResolution: 'NodeNext', types: [], skipLibCheck: false,
      },
      files: ['cases.ts'],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc --strict rejected the core's JSON:\n${r.stdout}${r.stderr}`.slice(0, 8000));
});

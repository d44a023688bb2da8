// The expectations of tests/fixtures/layers/cases.json, checked against a binding's output, as
// the Rust runner checks them (conformance/src/layers.rs): JSON Pointers into the resolution,
// and problem codes present (optionally with the variable and file they name) or absent. Values
// compare as serde_json's do: an object's members in any order.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

export const LAYER_CASES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'layers');

/** The fixture's cases. */
export function layerCases() {
  return JSON.parse(readFileSync(join(LAYER_CASES_DIR, 'cases.json'), 'utf8')).cases;
}

/** RFC 6901: the value at `pointer` in `doc`, or undefined. */
function at(doc, pointer) {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((v, k) => (v === null || typeof v !== 'object' ? undefined : v[k]), doc);
}

/** What in `resolution` differs from the case's expectations (empty when it holds). */
export function layerDiffs(c, resolution) {
  const out = [];
  for (const [pointer, want] of Object.entries(c.expect)) {
    const got = at(resolution, pointer) ?? null;
    if (!isDeepStrictEqual(got, want)) {
      out.push(`${pointer}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  const problems = resolution.problems ?? [];
  for (const want of c.problems.present) {
    const w = typeof want === 'string' ? { code: want } : want;
    const found = problems.some(
      (p) =>
        p.code === w.code &&
        (w.envVar === undefined || p.envVar === w.envVar) &&
        (w.file === undefined || p.file === w.file),
    );
    if (!found) out.push(`no ${w.code} problem${w.envVar ? ` naming ${w.envVar}` : ''}${w.file ? ` in ${w.file}` : ''}`);
  }
  for (const code of c.problems.absent) {
    if (problems.some((p) => p.code === code)) out.push(`unexpected ${code} problem`);
  }
  return out;
}

// Builds the TypeScript facade: copies the generated core types (../bindings-types/index.d.ts,
// written by `cargo run -p xtask -- gen-types`) into types/, then compiles src/ twice: ESM into
// lib/ (the package's `import` entry and the CLI) and CommonJS into cjs/ (the `require` entry).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(pkg, 'types'), { recursive: true });
copyFileSync(join(pkg, '..', 'bindings-types', 'index.d.ts'), join(pkg, 'types', 'index.d.ts'));

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const [project, out] of [['tsconfig.json', 'lib'], ['tsconfig.cjs.json', 'cjs']]) {
  rmSync(join(pkg, out), { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [tsc, '-p', join(pkg, project)], { stdio: 'inherit' });
  } catch {
    console.error(`build-ts: tsc -p ${project} failed`);
    process.exit(1);
  }
}
writeFileSync(join(pkg, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');

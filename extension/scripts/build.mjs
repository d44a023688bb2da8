// Builds the extension with esbuild:
//   dist/extension.js  the extension (small: activation loads only this)
//   dist/runtime.js    claude-provider (napi core, settings, auth flows, transport), loaded on first use
//   dist/claude-provider.<platform>.node  the native addon, next to runtime.js, which requires it
// `--unit` also bundles the unit tests (test/unit/*.test.ts, pure logic) into out/unit/.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ext = join(dirname(fileURLToPath(import.meta.url)), '..');
const addonDir = join(ext, '..', 'bindings-node');
const unit = process.argv.includes('--unit');

rmSync(join(ext, 'dist'), { recursive: true, force: true });
mkdirSync(join(ext, 'dist'), { recursive: true });
// mainFields: jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], minify: true, sourcemap: 'linked', logLevel: 'warning', legalComments: 'linked' };
await Promise.all([
  build({
    ...common,
    entryPoints: [join(ext, 'src', 'extension.ts')],
    outfile: join(ext, 'dist', 'extension.js'),
    external: ['vscode', './runtime.js'],
    // Activation time = evaluating this file + activate() (see src/extension.ts).
    banner: { js: 'var __cpLoadStart = performance.now();' },
    footer: { js: 'var __cpLoadEnd = performance.now();' },
  }),
  build({
    ...common,
    entryPoints: [join(ext, 'src', 'runtime.ts')],
    outfile: join(ext, 'dist', 'runtime.js'),
    external: ['vscode'],
    // native.cjs requires the addon by a computed name: esbuild leaves that require alone.
    logOverride: { 'unsupported-require-call': 'silent' },
  }),
]);
const addons = readdirSync(addonDir).filter((f) => f.endsWith('.node'));
if (addons.length === 0) {
  console.error('extension build: no native addon in bindings-node/: run `npm run build -w bindings-node` first');
  process.exit(1);
}
for (const f of addons) copyFileSync(join(addonDir, f), join(ext, 'dist', f));

if (unit) {
  const tests = readdirSync(join(ext, 'test', 'unit')).filter((f) => f.endsWith('.test.ts'));
  rmSync(join(ext, 'out', 'unit'), { recursive: true, force: true });
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    entryPoints: tests.map((f) => join(ext, 'test', 'unit', f)),
    outdir: join(ext, 'out', 'unit'),
    outExtension: { '.js': '.mjs' },
    // The unit tests run the real core through claude-provider where they need it.
    external: ['claude-provider'],
  });
}
console.log(`extension build: dist/ (${addons.join(', ')})${unit ? ' + out/unit/' : ''}`);

// Packages the built extension (npm run build) into claude-provider-vscode-<version>-<target>.vsix
// with @vscode/vsce. The native addon is platform-specific, so the .vsix is too (--target).
// The addon's debug info (line tables, for profiling the Node package) is stripped first.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const TARGETS = { 'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'darwin-x64': 'darwin-x64', 'darwin-arm64': 'darwin-arm64', 'win32-x64': 'win32-x64' };
const target = TARGETS[`${process.platform}-${process.arch}`];
if (!target) throw new Error(`no VS Code target for ${process.platform}-${process.arch}`);

const addons = readdirSync(join(ext, 'dist')).filter((f) => f.endsWith('.node'));
if (addons.length === 0) throw new Error('dist/ has no native addon: run `npm run build -w extension` first');
for (const f of addons) {
  const path = join(ext, 'dist', f);
  const before = statSync(path).size;
  if (spawnSync('strip', ['--strip-debug', path]).status === 0) console.log(`package: ${f} ${(before / 1e6).toFixed(1)} MB -> ${(statSync(path).size / 1e6).toFixed(1)} MB (debug info stripped)`);
}
const out = join(ext, `${pkg.name}-${pkg.version}-${target}.vsix`);
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--target', target, '--out', out], { cwd: ext, stdio: 'inherit' });
console.log(`package: ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB)`);

#!/usr/bin/env node
// extension/harness/install-vsix.mjs - installs a .vsix into an extensions dir (a fresh temp one
// by default) with `code-server --install-extension`, then checks that
// `--list-extensions --show-versions` lists <publisher>.<name>@<version> from the .vsix's own
// package.json.
//
// CLI:  node extension/harness/install-vsix.mjs FILE.vsix [--extensions-dir DIR]
//       prints `installed <id>@<version> into <dir> (<ms> ms)`; exit 1 with the reason otherwise.
// Library:
//   import { installVsix, readVsixManifest } from './install-vsix.mjs';
//   const { id, version, extensionsDir, listed, ms } = await installVsix('x.vsix', { extensionsDir });
// The extensions dir can then be given to startCodeServer({ extensionsDir }).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { codeServerCli } from './codeserver.mjs';

/** Reads one file out of a zip (.vsix) without dependencies: central directory + inflateRaw. */
export function readZipEntry(zipFile, name) {
  const buf = fs.readFileSync(zipFile);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${zipFile} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) break;
    const method = buf.readUInt16LE(p + 10), csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const off = buf.readUInt32LE(p + 42);
    const fname = buf.toString('utf8', p + 46, p + 46 + nlen);
    if (fname === name) {
      const dataStart = off + 30 + buf.readUInt16LE(off + 26) + buf.readUInt16LE(off + 28);
      const data = buf.subarray(dataStart, dataStart + csize);
      return method === 0 ? data : zlib.inflateRawSync(data);
    }
    p += 46 + nlen + xlen + clen;
  }
  throw new Error(`${name} not found in ${zipFile}`);
}

/** { id: 'publisher.name' (lowercase as VS Code lists it), version, packageJson } of a .vsix. */
export function readVsixManifest(vsix) {
  const pkg = JSON.parse(readZipEntry(vsix, 'extension/package.json').toString('utf8'));
  return { id: `${pkg.publisher}.${pkg.name}`.toLowerCase(), version: pkg.version, packageJson: pkg };
}

/**
 * installVsix(vsix, opts) -> { id, version, extensionsDir, listed: ['id@version', ...], ms }
 * opts: extensionsDir (default: a fresh temp dir 'vsext-*', kept: it is the result), runDir, cacheDir, env, timeoutMs
 * Throws with code-server's output when the install fails or the listing misses the extension.
 */
export async function installVsix(vsix, opts = {}) {
  const file = path.resolve(vsix);
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const { id, version } = readVsixManifest(file);
  const t0 = Date.now();
  // the CLI's scratch state (config, user data, XDG dirs) goes to a temp run dir removed at the end
  const runDir = opts.runDir || fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-'));
  const extensionsDir = path.resolve(opts.extensionsDir || fs.mkdtempSync(path.join(os.tmpdir(), 'vsext-')));
  const common = { ...opts, runDir, extensionsDir };
  let inst, list;
  try {
    inst = codeServerCli(['--install-extension', file, '--force'], common);
    list = codeServerCli(['--list-extensions', '--show-versions'], common);
  } finally {
    if (!opts.runDir) fs.rmSync(runDir, { recursive: true, force: true });
  }
  const listed = list.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[^\s@]+@\S+$/.test(l));
  const want = `${id}@${version}`;
  if (!listed.some((l) => l.toLowerCase() === want)) {
    throw new Error(`after installing ${path.basename(file)}, --list-extensions --show-versions does not show ${want}:\n` +
      `${list.stdout}${list.stderr}\n--install-extension said:\n${inst.stdout}${inst.stderr}`);
  }
  return { id, version, extensionsDir, listed, ms: Date.now() - t0 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let vsix, extensionsDir;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--extensions-dir') extensionsDir = args[++i];
    else if (!vsix && !args[i].startsWith('-')) vsix = args[i];
    else { console.error(`install-vsix: unknown argument ${args[i]}`); process.exit(2); }
  }
  if (!vsix) { console.error('usage: node install-vsix.mjs FILE.vsix [--extensions-dir DIR]'); process.exit(2); }
  try {
    const r = await installVsix(vsix, { extensionsDir });
    console.log(`installed ${r.id}@${r.version} into ${r.extensionsDir} (${r.ms} ms)`);
  } catch (e) {
    console.error(`install-vsix: FAILED: ${e.message}`);
    process.exit(1);
  }
}

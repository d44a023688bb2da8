// extension/harness/codeserver.mjs - start/stop an isolated code-server (VS Code 1.139 with the
// Node extension host) installed by scripts/setup-vscode.sh, and run its CLI.
//
//   import { startCodeServer } from './codeserver.mjs';
//   const server = await startCodeServer({ testDriver: true, home: true, env: { FOO: '1' } });
//   ... server.url, server.workbenchUrl(folder), server.workbenchUrl('/tmp/x.code-workspace') ...
//   await server.stop();
//
// Everything the server writes goes under one run dir (user data, extensions, config, XDG_*
// dirs, TMPDIR, an optional HOME). The server runs in its own process group (detached = setsid),
// and stop() kills the whole group: the extension hosts, pty host and agent host with it. Live
// servers are also killed when this process exits or gets SIGINT/SIGTERM.
// Runs on Node >= 20 (the driver side); code-server itself runs on the Node 24 from the cache.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HARNESS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HARNESS_DIR, '../..');
export const CODE_SERVER_VERSION = '4.139.1';

/** Where scripts/setup-vscode.sh put Node 24 and code-server ($VSCODE_CACHE_DIR or <repo>/.cache/vscode). */
export function findCodeServer({ cacheDir } = {}) {
  const dir = path.resolve(cacheDir || process.env.VSCODE_CACHE_DIR || path.join(REPO_ROOT, '.cache/vscode'));
  const node = path.join(dir, 'node24/bin/node');
  const pkgDir = path.join(dir, 'code-server/node_modules/code-server');
  const entry = path.join(pkgDir, 'out/node/entry.js');
  const fix = 'run: bash scripts/setup.sh vscode (or bash scripts/setup-vscode.sh)';
  if (!fs.existsSync(node)) throw new Error(`Node 24 for code-server not found at ${node}; ${fix}`);
  if (!fs.existsSync(entry)) throw new Error(`code-server not found at ${pkgDir}; ${fix}`);
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  let vscodeVersion = '?';
  try { vscodeVersion = JSON.parse(fs.readFileSync(path.join(pkgDir, 'lib/vscode/package.json'), 'utf8')).version; } catch {}
  return { cacheDir: dir, node, nodeBin: path.dirname(node), entry, version, vscodeVersion };
}

/** A free TCP port on host (the OS picks it). */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': true,
};

/**
 * Prepares an isolated run dir (created when missing) and returns the paths and the environment
 * for code-server. Used by startCodeServer and codeServerCli; exported for custom setups.
 *   runDir        default: a fresh mkdtemp under os.tmpdir() ('vscs-XXXXXX')
 *   userDataDir   default <runDir>/user-data       extensionsDir  default <runDir>/extensions
 *   settings      merged over DEFAULT_SETTINGS into <userDataDir>/User/settings.json
 *   home          string: HOME for the server (and so its extension hosts); true: <runDir>/home
 *   env           extra environment variables (win over everything else here)
 */
export function prepareRunDir(opts = {}) {
  const ownRunDir = !opts.runDir;
  const runDir = path.resolve(opts.runDir || fs.mkdtempSync(path.join(os.tmpdir(), 'vscs-')));
  const userDataDir = path.resolve(opts.userDataDir || path.join(runDir, 'user-data'));
  const extensionsDir = path.resolve(opts.extensionsDir || path.join(runDir, 'extensions'));
  const configFile = path.join(runDir, 'config.yaml');
  for (const d of [runDir, extensionsDir, path.join(userDataDir, 'User')]) fs.mkdirSync(d, { recursive: true });
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const settingsFile = path.join(userDataDir, 'User/settings.json');
  if (opts.settings || !fs.existsSync(settingsFile)) {
    fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...(opts.settings || {}) }, null, 2));
  }
  // VS Code puts vscode-ipc-*.sock / vscode-git-*.sock into os.tmpdir(); a unix socket path must
  // stay under ~107 bytes, so a long run dir gets a short TMPDIR of its own in /tmp.
  let tmpDir = path.join(runDir, 'tmp');
  const ownTmpDir = tmpDir.length > 50;
  if (ownTmpDir) tmpDir = fs.mkdtempSync('/tmp/vsct-');
  fs.mkdirSync(tmpDir, { recursive: true });
  const xdg = {
    XDG_CONFIG_HOME: path.join(runDir, 'xdg/config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg/data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg/cache'),
    XDG_STATE_HOME: path.join(runDir, 'xdg/state'),
    XDG_RUNTIME_DIR: tmpDir,
  };
  for (const d of Object.values(xdg)) fs.mkdirSync(d, { recursive: true });
  let home;
  if (opts.home === true) home = path.join(runDir, 'home');
  else if (typeof opts.home === 'string') home = path.resolve(opts.home);
  if (home) fs.mkdirSync(home, { recursive: true });
  const cs = findCodeServer(opts);
  const env = {
    ...process.env,
    ...xdg,
    TMPDIR: tmpDir,
    PATH: `${cs.nodeBin}${path.delimiter}${process.env.PATH || ''}`,
    ...(home ? { HOME: home } : {}),
    ...(opts.env || {}),
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  // what cleanup() may delete: the dirs made here, never ones the caller named
  const cleanup = () => {
    if (ownTmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    if (ownRunDir) fs.rmSync(runDir, { recursive: true, force: true });
  };
  return { cs, runDir, userDataDir, extensionsDir, configFile, tmpDir, home, env, ownRunDir, cleanup };
}

function baseArgs(p) {
  return ['--config', p.configFile, '--user-data-dir', p.userDataDir, '--extensions-dir', p.extensionsDir];
}

/**
 * Runs the code-server CLI synchronously in an isolated run dir, e.g.
 *   codeServerCli(['--install-extension', vsix], { extensionsDir })
 *   codeServerCli(['--list-extensions', '--show-versions'], { extensionsDir })
 * Returns { status, stdout, stderr, runDir, extensionsDir, userDataDir }; throws when the status
 * is not 0 (unless opts.check === false). Give runDir (or extensionsDir + userDataDir) to keep
 * state between calls: a run dir this function made itself is deleted afterwards.
 */
export function codeServerCli(args, opts = {}) {
  const p = prepareRunDir(opts);
  const r = spawnSync(p.cs.node, [p.cs.entry, ...baseArgs(p), ...args], {
    env: p.env, encoding: 'utf8', timeout: opts.timeoutMs ?? 120000,
  });
  const out = { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '', runDir: p.runDir,
                extensionsDir: p.extensionsDir, userDataDir: p.userDataDir };
  p.cleanup();
  if (opts.check !== false && r.status !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed (status ${r.status}${r.error ? ', ' + r.error.message : ''}):\n${out.stderr}${out.stdout}`);
  }
  return out;
}

const live = new Set();
let hooked = false;
function killGroup(pid, sig) { try { process.kill(-pid, sig); return true; } catch { return false; } }
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => { for (const s of live) { killGroup(s.pid, 'SIGKILL'); s._cleanup(); } });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      if (live.size) console.error(`${sig}: stopping code-server (process group ${[...live].map((s) => s.pid).join(', ')})`);
      for (const s of live) killGroup(s.pid, 'SIGKILL');
      process.exit(128 + (os.constants.signals[sig] || 1));
    });
  }
}

/**
 * Starts code-server and waits until GET /healthz answers.
 * Options (all optional):
 *   runDir, userDataDir, extensionsDir, settings, home, env, cacheDir   see prepareRunDir
 *   host               '127.0.0.1'              port   a free one
 *   testDriver         false  true: --vscode-option enable-smoke-test-driver (needed for the
 *                      `payload` URL parameter = extensionDevelopmentPath/extensionTestsPath;
 *                      side effect: no notification toasts, only the notification center)
 *   disableWorkspaceTrust  false  true: --disable-workspace-trust
 *   graceTimeSec       5      --reconnection-grace-time (how long a closed page's extension host lives)
 *   extraArgs          []     more code-server arguments
 *   logFile            <runDir>/server.log (stdout+stderr of the server)
 *   startTimeoutMs     30000
 *   keepRunDir         false  a run dir made by startCodeServer (no runDir given) is deleted by
 *                      stop(); true keeps it (server.log, user data) for debugging
 * Returns { url, host, port, pid, runDir, userDataDir, extensionsDir, tmpDir, home, env, logFile,
 *           testDriver, version, vscodeVersion, workbenchUrl(folderOrWorkspaceFile, payload?), remoteUri(path),
 *           stop({ keepRunDir }?): Promise<void> }.
 */
export async function startCodeServer(opts = {}) {
  const p = prepareRunDir(opts);
  const host = opts.host || '127.0.0.1';
  const port = opts.port || await freePort(host);
  const logFile = path.resolve(opts.logFile || path.join(p.runDir, 'server.log'));
  const args = [
    p.cs.entry, ...baseArgs(p),
    '--bind-addr', `${host}:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    '--reconnection-grace-time', String(opts.graceTimeSec ?? 5),
  ];
  if (opts.disableWorkspaceTrust) args.push('--disable-workspace-trust');
  if (opts.testDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(...(opts.extraArgs || []));
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(p.cs.node, args, { env: p.env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  hookExit();
  const server = {
    url: `http://${host}:${port}`, host, port, pid: child.pid, logFile, testDriver: !!opts.testDriver,
    runDir: p.runDir, userDataDir: p.userDataDir, extensionsDir: p.extensionsDir, tmpDir: p.tmpDir,
    home: p.home, env: p.env, version: p.cs.version, vscodeVersion: p.cs.vscodeVersion, exited: false,
    /** vscode-remote URI of a server-side path; the authority must be the page's location.host. */
    remoteUri(fsPath) { return `vscode-remote://${host}:${port}${path.resolve(fsPath)}`; },
    /**
     * Workbench URL opening `target`: a folder, or a `.code-workspace` file (a multi-root
     * workspace: `?workspace=`, the web workbench's parameter for it); payload: [[key, value], ...]
     * (see run-extension-tests.mjs).
     */
    workbenchUrl(target, payload) {
      let u = `${server.url}/`;
      const q = [];
      if (target) q.push(`${isWorkspaceFile(target) ? 'workspace' : 'folder'}=${encodeURIComponent(path.resolve(target))}`);
      if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return q.length ? `${u}?${q.join('&')}` : u;
    },
    async stop({ keepRunDir = opts.keepRunDir } = {}) {
      if (!live.has(server)) return;
      live.delete(server);
      killGroup(child.pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && groupAlive(child.pid)) await sleep(100);
      if (groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
      for (let i = 0; i < 20 && groupAlive(child.pid); i++) await sleep(100);
      if (!keepRunDir) p.cleanup();
    },
  };
  server._cleanup = () => { if (!opts.keepRunDir) try { p.cleanup(); } catch {} };
  live.add(server);
  child.on('exit', () => { server.exited = true; });
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30000);
  for (;;) {
    if (server.exited) {
      live.delete(server);
      opts.keepRunDir = true;   // the log is the only clue
      throw new Error(`code-server exited during startup; log ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const r = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer ${server.url}/healthz within ${opts.startTimeoutMs ?? 30000} ms; log ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(100);
  }
  return server;
}

/**
 * Whether `p` names a VS Code workspace file (multi-root): a `.code-workspace` path that is not a
 * directory. code-server's own rule for its positional argument, which the web workbench then
 * opens with `?workspace=`.
 */
export function isWorkspaceFile(p) {
  if (path.extname(p) !== '.code-workspace') return false;
  try { return !fs.statSync(p).isDirectory(); } catch { return true; }
}

/**
 * true while a process of the group pgid is alive. Zombies don't count: a killed process whose
 * parent died waits for PID 1 to reap it, which in a container can take seconds.
 */
export function groupAlive(pgid) {
  try { process.kill(-pgid, 0); } catch (e) { return e.code === 'EPERM'; }
  let pids;
  try { pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)); } catch { return true; }
  for (const pid of pids) {
    let stat;
    try { stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { continue; }
    // pid (comm) state ppid pgrp ...: comm may contain spaces and parentheses, so split after the last ')'
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) === pgid && f[0] !== 'Z') return true;
  }
  return false;
}

export function tail(file, lines = 30) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

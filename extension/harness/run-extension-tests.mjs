#!/usr/bin/env node
// extension/harness/run-extension-tests.mjs - runs a mocha suite INSIDE the real VS Code
// extension host (code-server 4.139.1 = VS Code 1.139.1, Node extension host), driven by headless
// Chromium. VS Code's own extensionDevelopmentPath / extensionTestsPath mechanism, passed in the
// web workbench's `payload` URL parameter (honoured only with enable-smoke-test-driver).
//
// CLI:
//   node extension/harness/run-extension-tests.mjs --ext extension --tests extension/out/test/suite/index.js \
//        [--workspace DIR|--workspace-file FILE.code-workspace] [--env K=V]... [--home DIR|--temp-home]
//        [--extensions-dir DIR] [--results FILE]
//        [--also-ext DIR]... (more extensions, copied from folders into the extensions dir, e.g.
//        stand-ins for other extensions)
//        [--artifacts DIR] [--timeout MS] [--grep RE] [--name NAME] [--verbose]
//   --tests may be omitted: then the harness's own mocha-index.cjs is the entry and --files GLOB
//   (repeatable, relative to --ext; default test/**/*.test.js) selects the test files.
// Prints one line per test and `N passed, N failed`; exit status 0 only when all passed.
//
// Library: import { runExtensionTests } from './run-extension-tests.mjs' (options below).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer, HARNESS_DIR, isWorkspaceFile, tail } from './codeserver.mjs';
import { launchBrowser, ARTIFACTS_DIR } from './ui.mjs';

export const MOCHA_INDEX = path.join(HARNESS_DIR, 'mocha-index.cjs');

/**
 * runExtensionTests(options) -> Promise<result>
 *   extensionDevelopmentPath  (required) the extension folder (package.json)
 *   alsoExtensions            more extension folders, copied into the server's extensions dir
 *                             (a temporary one unless serverOptions.extensionsDir) as
 *                             <publisher>.<name>-<version> before it starts, e.g. a stand-in for
 *                             another extension (VS Code loads only one development extension
 *                             from the web payload)
 *   extensionTestsPath        the test entry module (exports.run(): Promise); default: MOCHA_INDEX,
 *                             which runs `files`
 *   files                     globs relative to the extension (only with the default entry)
 *   workspace                 folder to open; default: an empty <runDir>/workspace
 *   workspaceFile             a .code-workspace file to open instead (a multi-root workspace; its
 *                             folders must exist); not with `workspace`
 *   extensionEnvironment      { K: V } extra env for the extension host (the `payload` route)
 *   server                    a running startCodeServer({ testDriver: true }) server to reuse;
 *                             default: one is started for this run and stopped after it
 *   serverOptions             options for that server (home, env, extensionsDir, settings, ...)
 *   resultsFile               default <artifacts>/<name>-results.json
 *   artifactsDir              default artifacts/vscode: <name>-results.json, <name>-workbench.log (the
 *                             workbench + extension host console), <name>-server.log (own server),
 *                             <name>-failure.png (on failure or timeout)
 *   name                      prefix for the artifacts, default 'extension-tests'
 *   timeoutMs                 default 300000: the whole run (page load + activation + tests)
 *   grep, mochaTimeoutMs      passed to the mocha side (VSCODE_HARNESS_GREP / _MOCHA_TIMEOUT)
 *   log                       (line) => void, default console.log; verbose: also the workbench console
 * result: { ok, passed, failed, pending, tests, metrics, host, exitCode, how: 'exit'|'timeout',
 *           durationMs, resultsFile, workbenchLog, serverLog?, screenshot?, running?, error? }
 */
export async function runExtensionTests(o) {
  const t0 = Date.now();
  const log = o.log || ((l) => console.log(l));
  const name = o.name || 'extension-tests';
  const artifactsDir = path.resolve(o.artifactsDir || ARTIFACTS_DIR);
  fs.mkdirSync(artifactsDir, { recursive: true });
  const ext = path.resolve(o.extensionDevelopmentPath);
  if (!fs.existsSync(path.join(ext, 'package.json'))) throw new Error(`no package.json in extensionDevelopmentPath ${ext}`);
  const entry = path.resolve(o.extensionTestsPath || MOCHA_INDEX);
  if (!fs.existsSync(entry)) throw new Error(`extensionTestsPath ${entry} does not exist (build the tests first?)`);
  if (o.workspaceFile) checkWorkspaceFile(o.workspaceFile, o.workspace);
  const resultsFile = path.resolve(o.resultsFile || path.join(artifactsDir, `${name}-results.json`));
  fs.rmSync(resultsFile, { force: true });
  const workbenchLog = path.join(artifactsDir, `${name}-workbench.log`);
  const serverLog = path.join(artifactsDir, `${name}-server.log`);

  let server = o.server;
  const ownServer = !server;
  const serverOptions = { ...(o.serverOptions || {}) };
  let tempExtensionsDir;
  if (o.alsoExtensions?.length) {
    if (!ownServer) throw new Error('alsoExtensions needs a server of its own (they are copied in before it starts)');
    if (!serverOptions.extensionsDir) serverOptions.extensionsDir = tempExtensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-vsext-'));
    for (const dir of o.alsoExtensions) {
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      fs.cpSync(dir, path.join(serverOptions.extensionsDir, `${m.publisher}.${m.name}-${m.version}`), { recursive: true });
    }
  }
  if (ownServer) server = await startCodeServer({ ...serverOptions, testDriver: true });
  else if (!server.testDriver) throw new Error('the server must be started with startCodeServer({ testDriver: true }): without enable-smoke-test-driver VS Code ignores the test payload');
  const wlog = fs.createWriteStream(workbenchLog);
  // What the workbench opens: a .code-workspace file (multi-root), else a folder.
  let workspace;
  if (o.workspaceFile) workspace = path.resolve(o.workspaceFile);
  else {
    workspace = path.resolve(o.workspace || path.join(server.runDir, 'workspace'));
    fs.mkdirSync(workspace, { recursive: true });
  }
  const lap = (m) => log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

  const extEnv = {
    VSCODE_HARNESS_RESULTS: resultsFile,
    VSCODE_HARNESS_EXT_DIR: ext,
    ...(o.files ? { VSCODE_HARNESS_TESTS: JSON.stringify(o.files) } : {}),
    ...(o.grep ? { VSCODE_HARNESS_GREP: o.grep } : {}),
    ...(o.mochaTimeoutMs ? { VSCODE_HARNESS_MOCHA_TIMEOUT: String(o.mochaTimeoutMs) } : {}),
    ...(o.extensionEnvironment || {}),
  };
  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(ext)],
    ['extensionTestsPath', server.remoteUri(entry)],
    ['extensionEnvironment', JSON.stringify(extEnv)],
  ];

  let browser, how, exitCode, screenshotFile, error;
  try {
    browser = await launchBrowser({ resolveFrom: [ext] });
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    // The workbench calls window.codeAutomationExit(code) once the test promise settled, and
    // forwards its console (incl. the extension host's) through window.codeAutomationLog.
    await browser.context.exposeBinding('codeAutomationExit', (_src, code) => { exitCode = code; resolveExit(); });
    await browser.context.exposeBinding('codeAutomationLog', (_src, type, args) => {
      const line = `[${type}] ${(args || []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
      wlog.write(line + '\n');
      if (o.verbose) log(`  workbench ${line}`);
    });
    browser.page.on('pageerror', (e) => wlog.write(`[pageerror] ${e.message}\n`));
    const url = server.workbenchUrl(workspace, payload);
    await browser.page.goto(url, { waitUntil: 'domcontentloaded' });
    lap(`workbench opened (VS Code ${server.vscodeVersion}); the extension host runs the tests`);
    const limit = o.timeoutMs ?? 300000;
    let timer;
    how = await Promise.race([
      exited.then(() => 'exit'),
      new Promise((r) => { timer = setTimeout(() => r('timeout'), limit); }),
    ]);
    clearTimeout(timer);
    lap(how === 'exit' ? `extension host finished, exit code ${exitCode}` : `TIMEOUT after ${limit} ms`);
    if (how === 'timeout' || exitCode !== 0) {
      screenshotFile = path.join(artifactsDir, `${name}-failure.png`);
      await browser.page.screenshot({ path: screenshotFile }).catch(() => { screenshotFile = undefined; });
    }
  } catch (e) {
    error = e;
  } finally {
    if (browser) await browser.close();
    await new Promise((r) => wlog.end(r));
    if (ownServer) {
      try { fs.copyFileSync(server.logFile, serverLog); } catch {}
      await server.stop();
    }
    if (tempExtensionsDir) fs.rmSync(tempExtensionsDir, { recursive: true, force: true });
  }

  let r = null;
  try { r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')); } catch {}
  const res = {
    ok: false, passed: r?.passed ?? 0, failed: r?.failed ?? 0, pending: r?.pending ?? 0, tests: r?.tests ?? [],
    metrics: r?.metrics ?? {}, host: r?.host, exitCode, how, durationMs: Date.now() - t0, resultsFile,
    workbenchLog, screenshot: screenshotFile, running: r?.running,
  };
  if (error) res.error = `driver error: ${error.message}`;
  else if (how === 'timeout') {
    res.error = `timed out after ${o.timeoutMs ?? 300000} ms waiting for the extension host to finish` +
      (r ? (r.running ? `; still running: "${r.running}"` : `; ${r.tests.length} test(s) had finished`) :
        '; no results file was written (did the tests start? is the entry using harness/mocha-index.cjs?)');
  } else if (!r) {
    res.error = `the extension host exited with code ${exitCode} but wrote no results file ${resultsFile}` +
      ' (the test entry must use harness/mocha-index.cjs; the workbench log may say why it did not start)';
  } else if (r.error) res.error = r.error;
  else if (!r.done) res.error = 'the results file says the run did not finish';
  else if (r.tests.length === 0) res.error = 'no tests ran';
  res.ok = !res.error && exitCode === 0 && res.failed === 0 && res.passed > 0;
  if (!res.ok && !res.error && exitCode !== 0) res.error = `the extension host reported exit code ${exitCode}`;
  if (!res.ok) res.serverLog = ownServer ? serverLog : server.logFile;
  return res;
}

/**
 * Refuses, before a server starts, a workspace file the workbench could not open as asked: not a
 * .code-workspace file, missing, not JSON with comments, without folders, or naming a folder that
 * does not exist (VS Code would open the workspace with that folder missing, and the tests would
 * fail far from the cause). Relative folder paths are relative to the file, as in VS Code.
 */
export function checkWorkspaceFile(file, folder) {
  if (folder) throw new Error('give either a workspace folder or a workspace file, not both');
  const abs = path.resolve(file);
  if (!isWorkspaceFile(abs)) throw new Error(`workspace file ${abs}: not a .code-workspace file`);
  if (!fs.existsSync(abs)) throw new Error(`workspace file ${abs} does not exist`);
  let ws;
  try {
    // JSONC: line and block comments, trailing commas (string contents are left alone).
    const text = fs.readFileSync(abs, 'utf8')
      .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str) => str ?? '')
      .replace(/("(?:[^"\\]|\\.)*")|,(?=\s*[\]}])/g, (m, str) => str ?? '');
    ws = JSON.parse(text);
  } catch (e) {
    throw new Error(`workspace file ${abs} is not valid JSON: ${e.message}`);
  }
  const folders = Array.isArray(ws?.folders) ? ws.folders : [];
  if (!folders.length) throw new Error(`workspace file ${abs} lists no folders`);
  for (const f of folders) {
    if (typeof f?.path !== 'string') throw new Error(`workspace file ${abs}: a folder without a "path" (a "uri" folder is not supported here): ${JSON.stringify(f)}`);
    const dir = path.resolve(path.dirname(abs), f.path);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`workspace file ${abs}: folder ${dir} does not exist`);
  }
  return folders.map((f) => path.resolve(path.dirname(abs), f.path));
}

// workbench errors that every offline run has (gallery, telemetry, GitHub auth): not worth printing
const NOISE = /open-vsx\.org|mobile\.events\.data|authentication provider 'github'|ENOTFOUND/;

/** Prints a result the way the CLI does; returns the `N passed, N failed` line. */
export function printResult(res, log = (l) => console.log(l)) {
  for (const t of res.tests) {
    const tag = t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip';
    log(`  ${tag} ${t.fullTitle} (${t.durationMs} ms)`);
    if (t.error) log(`       ${t.error.message.split('\n').join('\n       ')}`);
  }
  for (const [k, v] of Object.entries(res.metrics || {})) log(`  metric ${k} = ${JSON.stringify(v)}`);
  if (res.error) {
    log(`ERROR: ${res.error}`);
    const errs = fs.existsSync(res.workbenchLog)
      ? fs.readFileSync(res.workbenchLog, 'utf8').split('\n').filter((l) => /^\[(error|pageerror)\]/.test(l) && !NOISE.test(l)).slice(-15) : [];
    if (errs.length) log(`last workbench errors (${res.workbenchLog}):\n  ${errs.join('\n  ')}`);
    if (res.serverLog) log(`server log ${res.serverLog}:\n${tail(res.serverLog, 15)}`);
  }
  if (res.screenshot) log(`screenshot: ${res.screenshot}`);
  const line = `${res.passed} passed, ${res.failed} failed${res.pending ? `, ${res.pending} skipped` : ''}`;
  log(`${(res.durationMs / 1000).toFixed(1)}s; results ${res.resultsFile}`);
  log(line);
  return line;
}

function parseArgs(argv) {
  const o = { files: [], env: {}, serverOptions: {}, alsoExt: [] };
  const need = (i) => { if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`); return argv[i + 1]; };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--ext': o.ext = need(i); i++; break;
      case '--also-ext': o.alsoExt.push(need(i)); i++; break;
      case '--tests': o.tests = need(i); i++; break;
      case '--files': o.files.push(need(i)); i++; break;
      case '--workspace': o.workspace = need(i); i++; break;
      case '--workspace-file': o.workspaceFile = need(i); i++; break;
      case '--env': { const kv = need(i); i++; const k = kv.indexOf('='); if (k < 1) usage(`--env wants K=V, got ${kv}`); o.env[kv.slice(0, k)] = kv.slice(k + 1); break; }
      case '--server-env': { const kv = need(i); i++; const k = kv.indexOf('='); if (k < 1) usage(`--server-env wants K=V, got ${kv}`); (o.serverOptions.env ||= {})[kv.slice(0, k)] = kv.slice(k + 1); break; }
      case '--home': o.serverOptions.home = need(i); i++; break;
      case '--temp-home': o.serverOptions.home = true; break;
      case '--extensions-dir': o.serverOptions.extensionsDir = need(i); i++; break;
      case '--disable-workspace-trust': o.serverOptions.disableWorkspaceTrust = true; break;
      case '--results': o.results = need(i); i++; break;
      case '--artifacts': o.artifacts = need(i); i++; break;
      case '--timeout': o.timeout = Number(need(i)); i++; break;
      case '--grep': o.grep = need(i); i++; break;
      case '--name': o.name = need(i); i++; break;
      case '--verbose': o.verbose = true; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!o.ext) usage('--ext is required');
  if (o.workspace && o.workspaceFile) usage('--workspace and --workspace-file: give one');
  return o;
}

function usage(err) {
  const text = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 16).map((l) => l.replace(/^\/\/ ?/, '')).join('\n');
  if (err) { console.error(`run-extension-tests: ${err}\n\n${text}`); process.exit(2); }
  console.log(text); process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const a = parseArgs(process.argv.slice(2));
  const res = await runExtensionTests({
    extensionDevelopmentPath: a.ext, alsoExtensions: a.alsoExt, extensionTestsPath: a.tests, files: a.files.length ? a.files : undefined,
    workspace: a.workspace, workspaceFile: a.workspaceFile, extensionEnvironment: a.env, serverOptions: a.serverOptions, resultsFile: a.results,
    artifactsDir: a.artifacts, timeoutMs: a.timeout, grep: a.grep, name: a.name, verbose: a.verbose,
  }).catch((e) => ({ ok: false, passed: 0, failed: 0, tests: [], error: e.message, durationMs: 0, resultsFile: '-', workbenchLog: '-' }));
  printResult(res);
  process.exit(res.ok ? 0 : 1);
}

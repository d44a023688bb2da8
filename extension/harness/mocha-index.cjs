// extension/harness/mocha-index.cjs - the test side of run-extension-tests.mjs. Runs INSIDE the
// VS Code extension host (Node 24, CommonJS, `require('vscode')` works in the test files).
//
// Either use it directly as extensionTestsPath (files from VSCODE_HARNESS_TESTS, see below), or
// from the extension's own test/suite/index.js:
//
//   // extension/test/suite/index.js
//   const { runMocha } = require('../../harness/mocha-index.cjs');
//   exports.run = () => runMocha({ cwd: __dirname, files: ['**/*.test.js'] });
//
// and from a test, record extra numbers that land in the results JSON under "metrics":
//   require('../../harness/mocha-index.cjs').recordMetric('activationMs', 123);
//
// runMocha(options) -> Promise<void> (rejects when a test failed, so VS Code reports exit code 1):
//   cwd        base for relative globs   default: VSCODE_HARNESS_EXT_DIR, else process.cwd()
//   files      globs or paths            default: JSON array in VSCODE_HARNESS_TESTS, else ['test/**/*.test.js']
//   resultsFile                          default: VSCODE_HARNESS_RESULTS (set by run-extension-tests.mjs)
//   mocha      Mocha options             default { ui: 'bdd', timeout: 20000 }; VSCODE_HARNESS_GREP
//                                        and VSCODE_HARNESS_MOCHA_TIMEOUT override grep/timeout
//   mochaPath  where `mocha` is resolved from (default: the extension dir, cwd, then this folder)
//
// Results JSON (rewritten after every test, so a hung run still shows where it was):
//   { done, running, passed, failed, pending, durationMs, metrics: {}, host: {node, vscode, pid, home},
//     tests: [{ fullTitle, title, file, state: 'passed'|'failed'|'pending', durationMs,
//               error?: { message, stack, expected?, actual? } }] }
'use strict';
const fs = require('fs');
const path = require('path');

const METRICS_KEY = Symbol.for('vscode-harness.metrics');
function metricsStore() {
  if (!globalThis[METRICS_KEY]) globalThis[METRICS_KEY] = {};
  return globalThis[METRICS_KEY];
}

/** Records a number (or any JSON value) under results.metrics[name]. */
function recordMetric(name, value) { metricsStore()[name] = value; }

function expandGlobs(cwd, patterns) {
  const out = [];
  for (const pat of patterns) {
    const abs = path.isAbsolute(pat) ? pat : path.join(cwd, pat);
    if (!/[*?[{]/.test(pat)) { out.push(abs); continue; }
    let hits;
    if (typeof fs.globSync === 'function') hits = fs.globSync(pat, { cwd }).map((f) => path.join(cwd, f));
    else hits = require(resolveFrom(['glob'], [cwd])).globSync(pat, { cwd, absolute: true });
    out.push(...hits.filter((f) => !f.split(path.sep).includes('node_modules')));
  }
  return [...new Set(out)].sort();
}

function resolveFrom(names, dirs) {
  for (const n of names) {
    try { return require.resolve(n, { paths: dirs.filter(Boolean) }); } catch {}
  }
  throw new Error(`cannot find ${names.join('/')} from ${dirs.filter(Boolean).join(', ')}: ` +
    'add mocha@10 to the extension\'s devDependencies');
}

function runMocha(options = {}) {
  const env = process.env;
  const cwd = path.resolve(options.cwd || env.VSCODE_HARNESS_EXT_DIR || process.cwd());
  const files = options.files || (env.VSCODE_HARNESS_TESTS ? JSON.parse(env.VSCODE_HARNESS_TESTS) : ['test/**/*.test.js']);
  const resultsFile = options.resultsFile || env.VSCODE_HARNESS_RESULTS;
  const Mocha = require(resolveFrom(['mocha'], [options.mochaPath, env.VSCODE_HARNESS_EXT_DIR, cwd, __dirname]));
  const mochaOpts = { ui: 'bdd', timeout: 20000, color: false, ...(options.mocha || {}) };
  if (env.VSCODE_HARNESS_GREP) mochaOpts.grep = env.VSCODE_HARNESS_GREP;
  if (env.VSCODE_HARNESS_MOCHA_TIMEOUT) mochaOpts.timeout = Number(env.VSCODE_HARNESS_MOCHA_TIMEOUT);
  // Quiet reporter: the driver prints the results from the JSON; the extension host console only
  // gets one line per test (visible with run-extension-tests --verbose).
  mochaOpts.reporter = function HarnessReporter(runner) {
    Mocha.reporters.Base.call(this, runner);
  };
  const mocha = new Mocha(mochaOpts);
  const list = expandGlobs(cwd, files);
  for (const f of list) mocha.addFile(f);

  let vscodeVersion;
  try { vscodeVersion = require('vscode').version; } catch {}
  const t0 = Date.now();
  const results = {
    done: false, running: null, passed: 0, failed: 0, pending: 0, durationMs: 0,
    files: list, metrics: metricsStore(), tests: [],
    host: { node: process.version, vscode: vscodeVersion, pid: process.pid, home: require('os').homedir() },
  };
  const write = () => {
    if (!resultsFile) return;
    results.durationMs = Date.now() - t0;
    const tmp = `${resultsFile}.tmp`;
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
    fs.renameSync(tmp, resultsFile);
  };
  const rec = (t, state, err) => {
    const r = { fullTitle: t.fullTitle(), title: t.title, file: t.file, state, durationMs: t.duration ?? 0 };
    if (err) {
      r.error = { message: String(err.message ?? err), stack: err.stack ? String(err.stack) : undefined };
      if (err.expected !== undefined || err.actual !== undefined) { r.error.expected = err.expected; r.error.actual = err.actual; }
    }
    results.tests.push(r);
    results[state] += 1;
    results.running = null;
    console.log(`[harness] ${state} ${r.fullTitle} (${r.durationMs} ms)${err ? ': ' + r.error.message : ''}`);
    write();
  };
  write();
  return new Promise((resolve, reject) => {
    if (list.length === 0) {
      results.done = true;
      results.error = `no test files matched ${JSON.stringify(files)} in ${cwd}`;
      write();
      reject(new Error(results.error));
      return;
    }
    let runner;
    try {
      runner = mocha.run((failures) => {
        results.done = true;
        write();
        if (failures > 0 || results.failed > 0) reject(new Error(`${results.failed || failures} test(s) failed`));
        else resolve();
      });
    } catch (e) {
      results.done = true;
      results.error = `mocha could not start: ${e && e.stack || e}`;
      write();
      reject(e);
      return;
    }
    runner.on('test', (t) => { results.running = t.fullTitle(); write(); });
    runner.on('pass', (t) => rec(t, 'passed'));
    runner.on('fail', (t, err) => {
      // hook failures ("before all" hook ...) count as failed tests too
      rec(t, 'failed', err);
    });
    runner.on('pending', (t) => rec(t, 'pending'));
  });
}

module.exports = { runMocha, recordMetric, run: () => runMocha() };

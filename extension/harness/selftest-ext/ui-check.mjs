#!/usr/bin/env node
// UI check of the harness self-test: code-server with the installed .vsix (no test driver, so
// notification toasts show), headless Chromium through extension/harness/ui.mjs.
//   node ui-check.mjs --extensions-dir DIR --run-dir DIR
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer, groupAlive } from '../codeserver.mjs';
import * as ui from '../ui.mjs';

const arg = (n) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : undefined; };
const runDir = path.resolve(arg('--run-dir'));
const marker = path.join(runDir, 'marker.txt');
fs.rmSync(marker, { force: true });
const t0 = Date.now();
const lap = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const server = await startCodeServer({
  runDir, extensionsDir: arg('--extensions-dir'), home: true, env: { SELFTEST_MARKER: marker },
});
lap(`code-server ${server.version} (VS Code ${server.vscodeVersion}) at ${server.url}`);
const browser = await ui.launchBrowser();
let ok = false;
try {
  const ws = path.join(runDir, 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'hello.txt'), 'hello\n');
  const page = await ui.openWorkbench(browser, server, { folder: ws });
  lap('workbench up');
  const item = await ui.statusBarItem(page, { label: 'Harness Selftest status' });
  const id = await item.getAttribute('id');
  await ui.statusBarItem(page, { id });           // the same item by its entry id
  await ui.statusBarItem(page, /Selftest \d/);    // and by its text
  lap(`status bar item visible: "${(await item.innerText()).trim()}" (id ${id})`);
  await item.click();
  await ui.waitForStatusText(page, 'Selftest 1');
  lap('click -> command ran');
  await ui.runCommand(page, 'Harness Selftest: Click');
  await ui.waitForStatusText(page, 'Selftest 2');
  lap('F1 command -> command ran');
  await ui.runCommand(page, 'Harness Selftest: Pick');
  await ui.pickQuickItem(page, 'beta');
  await ui.waitForStatusText(page, 'Picked beta');
  lap('QuickPick item picked');
  await ui.waitForNotification(page, 'Harness selftest clicked 2');
  const texts = await ui.notificationTexts(page);
  if (!texts.some((t) => t.includes('clicked 1'))) throw new Error(`notifications: ${JSON.stringify(texts)}`);
  lap(`notifications: ${texts.length}`);
  const shot = await ui.screenshot(page, 'selftest-ui');
  lap(`screenshot ${path.relative(process.cwd(), shot)}`);
  const lines = fs.readFileSync(marker, 'utf8').trim().split('\n');
  if (lines.length !== 2) throw new Error(`marker file has ${lines.length} lines, expected 2`);
  ok = true;
} catch (e) {
  console.error(`UI check FAILED: ${e.message}`);
  await ui.screenshot(browser.page, 'selftest-ui-failure').then((f) => console.error(`screenshot ${f}`)).catch(() => {});
  console.error(`server log: ${server.logFile}`);
} finally {
  await browser.close();
  await server.stop();
}
if (groupAlive(server.pid)) { console.error(`process group ${server.pid} still alive after stop()`); ok = false; }
else lap('server process group gone');
process.exit(ok ? 0 : 1);

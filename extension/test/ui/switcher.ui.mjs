// UI test: the packaged extension (.vsix installed with --install-extension) in a real VS Code
// (code-server) driven by headless Chromium. The status item shows the provider; clicking it
// opens the switcher; picking Bedrock and a region updates the status and the settings file.
// Screenshots go to artifacts/vscode/ (the README's screenshot is one of them).
//
//   node extension/test/ui/switcher.ui.mjs --extensions-dir DIR   (after install-vsix.mjs)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer } from '../../harness/codeserver.mjs';
import * as ui from '../../harness/ui.mjs';

const { values: args } = parseArgs({ options: { 'extensions-dir': { type: 'string' }, screenshot: { type: 'string' } } });
if (!args['extensions-dir']) throw new Error('usage: switcher.ui.mjs --extensions-dir DIR (where the .vsix is installed)');

const root = mkdtempSync(join(tmpdir(), 'cp-ui-'));
const home = join(root, 'home');
const ws = join(root, 'project');
mkdirSync(join(home, '.claude'), { recursive: true });
mkdirSync(ws, { recursive: true });
// A user settings file with another key, and the Anthropic API (no selector) to start from.
const userSettings = join(home, '.claude', 'settings.json');
writeFileSync(userSettings, JSON.stringify({ theme: 'dark', env: { ANTHROPIC_MODEL: 'opus' } }, null, 2) + '\n');

const results = [];
async function step(name, f) {
  const t0 = Date.now();
  try {
    await f();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e.message}`);
    throw e;
  }
}

const server = await startCodeServer({
  home,
  extensionsDir: args['extensions-dir'],
  disableWorkspaceTrust: true,
  settings: { 'claudeProvider.managedSettingsPath': join(home, 'managed-settings.json'), 'workbench.colorTheme': 'Default Dark Modern' },
});
const browser = await ui.launchBrowser({ viewport: { width: 1280, height: 720 } });
let failed = false;
try {
  const page = await ui.openWorkbench(browser, server, { folder: ws, timeoutMs: 120000 });
  await step('the status item shows the provider and model', async () => {
    await ui.waitForStatusText(page, /Anthropic · opus/, { timeoutMs: 60000 });
    await ui.screenshot(page, 'ui-1-status-anthropic');
  });
  await step('clicking it opens the switcher with every provider', async () => {
    const item = await ui.statusBarItem(page, /Anthropic · opus/);
    await item.click();
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30000 });
    const rows = await ui.quickInputItems(page);
    for (const p of ['Anthropic', 'Bedrock', 'Vertex', 'Foundry']) assert.ok(rows.some((r) => r.startsWith(p)), `${p} in ${rows.join(' | ')}`);
    await ui.screenshot(page, 'ui-2-switcher');
    if (args.screenshot) await page.screenshot({ path: args.screenshot });
  });
  await step('picking Bedrock asks for a region; picking one updates the status and the file', async () => {
    await ui.pickQuickItem(page, 'Bedrock', { filter: 'Bedrock' });
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: 'us-west-2' }).first().waitFor({ state: 'visible', timeout: 30000 });
    const regions = await ui.quickInputItems(page);
    assert.ok(regions.some((r) => r.startsWith('us-west-2')), regions.join(' | '));
    await ui.screenshot(page, 'ui-3-region');
    await ui.pickQuickItem(page, 'us-west-2', { filter: 'us-west-2' });
    await ui.waitForStatusText(page, /Bedrock · us-west-2 · opus/, { timeoutMs: 30000 });
    const doc = JSON.parse(readFileSync(userSettings, 'utf8'));
    assert.equal(doc.theme, 'dark', 'other keys kept');
    assert.deepEqual(doc.env, { ANTHROPIC_MODEL: 'opus', CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2' });
    await ui.screenshot(page, 'ui-4-status-bedrock');
  });
  await step('the tooltip says where each value came from', async () => {
    const item = await ui.statusBarItem(page, /Bedrock · us-west-2/);
    await item.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'us-west-2' }).first();
    await hover.waitFor({ timeout: 15000 });
    const text = await hover.innerText();
    assert.match(text, /AWS_REGION, user settings \(~\/\.claude\/settings\.json\)/);
    await ui.screenshot(page, 'ui-5-tooltip');
  });
} catch {
  failed = true;
} finally {
  await browser.close();
  await server.stop();
}
const passed = results.filter((r) => r.ok).length;
console.log(`${passed} passed, ${results.length - passed + (failed && results.every((r) => r.ok) ? 1 : 0)} failed`);
process.exit(failed ? 1 : 0);

// extension/harness/ui.mjs - Playwright helpers for UI tests against code-server's workbench in
// headless Debian Chromium (/usr/bin/chromium; no browser downloads).
//
//   import { startCodeServer } from './codeserver.mjs';
//   import * as ui from './ui.mjs';
//   const server = await startCodeServer({ extensionsDir, home: true });
//   const b = await ui.launchBrowser();
//   const page = await ui.openWorkbench(b, server, { folder: '/path/ws' });
//   await (await ui.statusBarItem(page, 'Claude')).click();
//   await ui.runCommand(page, 'Claude Provider: Switch Provider');
//   await ui.pickQuickItem(page, 'Bedrock');
//   await ui.screenshot(page, 'switched');            // artifacts/vscode/switched.png
//   await b.close(); await server.stop();
//
// Note: with startCodeServer({ testDriver: true }) VS Code shows no notification toasts; use
// notificationTexts()/waitForNotification(), which read the notification center.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from './codeserver.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(process.env.VSCODE_ARTIFACTS_DIR || path.join(REPO_ROOT, 'artifacts/vscode'));
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--password-store=basic'];

/**
 * playwright-core, resolved from $VSCODE_HARNESS_MODULES (a node_modules dir), this folder (and up:
 * extension/node_modules, the workspace root), the dirs in `from`, then the current directory.
 */
export function loadPlaywright(from = []) {
  const bases = [import.meta.url, ...from.map((d) => path.join(path.resolve(d), 'noop.js')), path.join(process.cwd(), 'noop.js')];
  // createRequire(<dir>/node_modules/noop.js) searches <dir>/node_modules first
  if (process.env.VSCODE_HARNESS_MODULES) bases.unshift(path.join(path.resolve(process.env.VSCODE_HARNESS_MODULES), 'noop.js'));
  for (const b of bases) {
    try { return createRequire(b)('playwright-core'); } catch {}
  }
  throw new Error('playwright-core not found: add "playwright-core": "1.65.1" to the extension\'s devDependencies and npm install');
}

/**
 * Launches headless Chromium with a fresh profile.
 * opts: { headless = true, viewport = {width: 1280, height: 800}, executablePath = CHROMIUM, args = [],
 *         resolveFrom = [] (more dirs to find playwright-core from, e.g. the extension folder) }
 * Returns { context, page (first page), close() }; close() also removes the profile.
 */
export async function launchBrowser(opts = {}) {
  const { chromium } = loadPlaywright(opts.resolveFrom);
  if (!fs.existsSync(opts.executablePath || CHROMIUM)) {
    throw new Error(`${opts.executablePath || CHROMIUM} not found: apt-get install chromium (bash scripts/setup.sh vscode)`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vsch-'));
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') };
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: opts.executablePath || CHROMIUM,
    headless: opts.headless ?? true,
    viewport: opts.viewport || { width: 1280, height: 800 },
    args: [...CHROMIUM_ARGS, ...(opts.args || [])],
    env,
  });
  const page = context.pages()[0] || await context.newPage();
  let closed = false;
  // on process.exit (e.g. SIGINT via codeserver.mjs) playwright kills Chromium; drop the profile too
  const onExit = () => { try { fs.rmSync(profile, { recursive: true, force: true }); } catch {} };
  process.on('exit', onExit);
  return {
    context, page,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      process.off('exit', onExit);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the workbench (optionally on opts.folder, or on opts.workspaceFile, a .code-workspace
 * file: a multi-root workspace) in browser.page (or opts.page) and waits for .monaco-workbench;
 * with opts.waitForExtensionsMs > 0, also waits until the status bar exists.
 * server: the object from startCodeServer, or a base URL string. Returns the page.
 */
export async function openWorkbench(browser, server, opts = {}) {
  const page = opts.page || browser.page;
  if (opts.folder && opts.workspaceFile) throw new Error('openWorkbench: give either folder or workspaceFile, not both');
  const target = opts.workspaceFile || opts.folder;
  const param = opts.workspaceFile ? 'workspace' : 'folder';
  const url = typeof server === 'string'
    ? `${server.replace(/\/$/, '')}/${target ? `?${param}=${encodeURIComponent(path.resolve(target))}` : ''}`
    : server.workbenchUrl(target, opts.payload);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: opts.timeoutMs ?? 120000 });
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: opts.timeoutMs ?? 120000 });
  return page;
}

export const statusBar = (page) => page.locator('#workbench\\.parts\\.statusbar');

/**
 * A status bar item, waited for until visible. what: a string/RegExp matched against the
 * visible text, or { text }, { label } (aria-label, substring), or { id } (the entry id, e.g.
 * '<publisher>.<name>.<itemId>' for createStatusBarItem(itemId, ...)).
 */
export async function statusBarItem(page, what, { timeoutMs = 60000 } = {}) {
  const bar = statusBar(page);
  let loc;
  if (typeof what === 'string' || what instanceof RegExp) loc = bar.locator('.statusbar-item').filter({ hasText: what });
  else if (what.id) loc = bar.locator(`.statusbar-item[id="${what.id}"]`);
  else if (what.label) loc = bar.locator(`.statusbar-item:has([aria-label*="${what.label.replace(/"/g, '\\"')}"])`);
  else loc = bar.locator('.statusbar-item').filter({ hasText: what.text });
  loc = loc.first();
  await loc.waitFor({ state: 'visible', timeout: timeoutMs });
  return loc;
}

/** Waits until a status bar item's text matches (string: substring; RegExp). */
export async function waitForStatusText(page, text, { timeoutMs = 30000 } = {}) {
  const loc = statusBar(page).locator('.statusbar-item').filter({ hasText: text }).first();
  await loc.waitFor({ state: 'visible', timeout: timeoutMs });
  return loc;
}

/** Opens the quick input with F1 (command palette) and returns its text box. */
export async function openCommandPalette(page, { timeoutMs = 30000 } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return input.first();
}

/** The quick input list rows' texts (labels with descriptions), as shown. */
export async function quickInputItems(page) {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
}

/**
 * Runs a command by its palette title: F1, types `>title`, waits for the row (opts.rowText,
 * default: title) and presses Enter on it.
 */
export async function runCommand(page, title, { rowText, timeoutMs = 30000 } = {}) {
  const input = await openCommandPalette(page, { timeoutMs });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: rowText || title }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

/**
 * Picks an item in the open QuickPick (showQuickPick / createQuickPick): optionally types
 * opts.filter first, then clicks the first row containing text (string or RegExp).
 */
export async function pickQuickItem(page, text, { filter, timeoutMs = 30000 } = {}) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  if (filter !== undefined) await widget.locator('input.input').first().fill(filter);
  const row = widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

/** Types into an open InputBox (showInputBox) and presses Enter. */
export async function submitInputBox(page, value, { timeoutMs = 30000 } = {}) {
  const input = page.locator('.quick-input-widget input.input').first();
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(value);
  await page.keyboard.press('Enter');
}

/** Opens the notification center (Notifications: Show Notifications) and returns its locator. */
export async function showNotificationCenter(page, { timeoutMs = 30000 } = {}) {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible().catch(() => false))) {
    await runCommand(page, 'Notifications: Show Notifications', { rowText: 'Show Notifications', timeoutMs });
  }
  await center.waitFor({ state: 'visible', timeout: timeoutMs });
  return center;
}

/** Texts of the notifications: toasts (when shown) plus the notification center (opened). */
export async function notificationTexts(page) {
  const center = await showNotificationCenter(page);
  const texts = await center.locator('.notification-list-item-message').allInnerTexts();
  const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts().catch(() => []);
  return [...new Set([...toasts, ...texts])];
}

/** Waits until a notification containing text (string/RegExp) is in the toasts or the center. */
export async function waitForNotification(page, text, { timeoutMs = 30000 } = {}) {
  const toast = page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: text }).first();
  if (await toast.isVisible().catch(() => false)) return toast;
  const center = await showNotificationCenter(page, { timeoutMs });
  const item = center.locator('.notification-list-item-message').filter({ hasText: text }).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  return item;
}

/** Clears all notifications (Notifications: Clear All Notifications). */
export async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications', { rowText: 'Clear All Notifications' });
}

/** Screenshot to <dir = ARTIFACTS_DIR>/<name>.png; returns the path. */
export async function screenshot(page, name, { dir = ARTIFACTS_DIR, fullPage = false } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

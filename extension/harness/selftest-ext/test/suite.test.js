// Runs inside the extension host (extension/harness/mocha-index.cjs loads it).
const assert = require('assert');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { recordMetric } = require('../../mocha-index.cjs');

const ID = 'claude-provider.harness-selftest';

describe('harness selftest (in the extension host)', () => {
  it('activates the extension under development and runs its command', async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, `${ID} is not loaded`);
    // the development copy wins over the installed .vsix copy
    assert.strictEqual(ext.extensionUri.fsPath, process.env.VSCODE_HARNESS_EXT_DIR);
    const t0 = Date.now();
    const api = await ext.activate();
    recordMetric('activateMs', Date.now() - t0);
    const before = api.count();
    assert.strictEqual(await vscode.commands.executeCommand('harnessSelftest.click'), before + 1);
    assert.ok(vscode.version.startsWith('1.139.'), `VS Code ${vscode.version}`);
  });

  it('sees the environment passed by the harness (extensionEnvironment and the server HOME)', () => {
    assert.strictEqual(process.env.SELFTEST_FROM_PAYLOAD, 'payload-ok');
    assert.strictEqual(process.env.SELFTEST_FROM_SERVER, 'server-ok');
    if (process.env.SELFTEST_EXPECT_HOME) {
      assert.strictEqual(os.homedir(), process.env.SELFTEST_EXPECT_HOME);
      assert.strictEqual(process.env.HOME, process.env.SELFTEST_EXPECT_HOME);
      assert.strictEqual(path.join(os.homedir(), '.claude'), path.join(process.env.SELFTEST_EXPECT_HOME, '.claude'));
    }
    recordMetric('hostNode', process.version);
  });

  it('fails on demand (SELFTEST_FAIL=1) so the harness can prove failures propagate', () => {
    assert.ok(!process.env.SELFTEST_FAIL, 'SELFTEST_FAIL is set');
  });
});

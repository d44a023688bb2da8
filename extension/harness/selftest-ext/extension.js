// The harness self-test extension: a status bar item whose text counts the clicks, a command
// that the item runs, and a QuickPick command. Writes a line per click to $SELFTEST_MARKER
// (proves the Node extension host ran it) and exposes an API for the in-host tests.
const vscode = require('vscode');
const fs = require('fs');
let count = 0;
const activatedAt = Date.now();

function activate(context) {
  const item = vscode.window.createStatusBarItem('harnessSelftest.status', vscode.StatusBarAlignment.Left, 1000);
  item.name = 'Harness Selftest';
  item.text = '$(beaker) Selftest 0';
  item.tooltip = 'Harness selftest: click me';
  item.accessibilityInformation = { label: 'Harness Selftest status' };
  item.command = 'harnessSelftest.click';
  item.show();
  context.subscriptions.push(item);
  context.subscriptions.push(vscode.commands.registerCommand('harnessSelftest.click', () => {
    count += 1;
    item.text = `$(beaker) Selftest ${count}`;
    vscode.window.showInformationMessage(`Harness selftest clicked ${count}`);
    if (process.env.SELFTEST_MARKER) fs.appendFileSync(process.env.SELFTEST_MARKER, `click ${count}\n`);
    return count;
  }));
  context.subscriptions.push(vscode.commands.registerCommand('harnessSelftest.pick', async () => {
    const pick = await vscode.window.showQuickPick(['alpha', 'beta', 'gamma'], { placeHolder: 'Pick a letter' });
    if (pick) item.text = `$(beaker) Picked ${pick}`;
    return pick;
  }));
  return { count: () => count, activatedAt };
}

function deactivate() {}
module.exports = { activate, deactivate };

// Sign in: runs the cloud's own flow (`aws sso login --profile P`, `aws configure sso`,
// `gcloud auth application-default login`, `az login`) as a VS Code task with an argument
// array (no shell), in the environment Claude Code would have; when it ends, re-checks.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { signInPlan } from '../model/signin.js';
import type { Snapshot } from './snapshot.js';

export interface SignInOutcome {
  command: string;
  args: string[];
  exitCode: number | undefined;
}

export async function signIn(s: Snapshot, log: (m: string) => void): Promise<SignInOutcome | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('Claude Provider: sign-in runs programs, so it is off in an untrusted workspace.');
    return undefined;
  }
  const plan = signInPlan(s.resolution);
  if (plan && 'reason' in plan) {
    log(`sign-in: ${plan.reason}`);
    if (plan.error) void vscode.window.showErrorMessage(`Claude Provider: ${plan.reason}.`);
    else void vscode.window.showInformationMessage(`Claude Provider: ${plan.reason}.`);
    return undefined;
  }
  if (!plan) {
    void vscode.window.showInformationMessage(`Claude Provider: ${s.resolution.provider} has no cloud sign-in; it uses an API key (Store an API Key, or Switch Provider).`);
    return undefined;
  }
  const env = s.effectiveEnv;
  // Found on Claude Code's PATH here: the terminal host would look in its own, and a missing
  // CLI deserves a clear message rather than a failed terminal.
  const program = findOnPath(plan.command, env.PATH ?? process.env.PATH ?? '');
  if (!program) {
    log(`sign-in: ${plan.command} not found on PATH`);
    void vscode.window.showErrorMessage(`Claude Provider: the ${plan.command} CLI is not on your PATH. ${INSTALL[plan.command] ?? ''}`);
    return { command: plan.command, args: plan.args, exitCode: undefined };
  }
  const task = new vscode.Task(
    { type: 'claudeProvider.signIn', command: plan.command },
    vscode.TaskScope.Workspace,
    plan.title,
    'Claude Provider',
    new vscode.ProcessExecution(program, plan.args, { env, ...(s.options.cwd ? { cwd: s.options.cwd } : {}) }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, focus: true, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  log(`sign-in: running ${plan.title}`);
  const execution = await vscode.tasks.executeTask(task);
  const exitCode = await new Promise<number | undefined>((resolve) => {
    const d = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution === execution) {
        d.dispose();
        resolve(e.exitCode);
      }
    });
  });
  log(`sign-in: ${plan.title} exited with ${exitCode ?? 'no code'}`);
  if (exitCode === 0) void vscode.window.showInformationMessage(`Claude Provider: ${plan.title} finished.`);
  else void vscode.window.showErrorMessage(`Claude Provider: ${plan.title} failed (exit ${exitCode ?? '?'})${exitCode === undefined ? ' — is the CLI installed?' : ''}. See the terminal.`);
  return { command: plan.command, args: plan.args, exitCode };
}

const INSTALL: Record<string, string> = {
  aws: 'Install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html',
  gcloud: 'Install the Google Cloud CLI: https://cloud.google.com/sdk/docs/install',
  az: 'Install the Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli',
};

/** The executable `name` in the directories of `path`, as a shell would find it. */
export function findOnPath(name: string, path: string): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of path.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

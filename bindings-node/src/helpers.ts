// Claude Code's credential commands (apiKeyHelper, awsCredentialExport, awsAuthRefresh,
// gcpAuthRefresh). Claude Code defines each of these settings as a shell command line, so it
// runs as `/bin/sh -c <the setting's value>` (`cmd /d /s /c` on Windows) — the value comes from
// the user's own settings, never from anything this package builds — with the environment
// Claude Code's process has (settings `env` applied), a timeout, and no shell string built here.
import { spawn } from 'node:child_process';
import { ClaudeProviderError } from './errors.js';

export interface HelperResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a credential command. Its output is a secret: it never goes into an error message.
 * Settles when the command exits, or at once when the time limit passes: the shell is then
 * killed and its output no longer waited for (a program it started that
 * keeps the output open, `sleep 30; echo key`, would otherwise hold the call until it ends).
 */
export function runHelper(
  key: string,
  command: string,
  options: { env: Record<string, string>; cwd?: string | undefined; timeoutMs: number; file?: string | undefined },
): Promise<HelperResult> {
  const [shell, args] = process.platform === 'win32' ? ['cmd.exe', ['/d', '/s', '/c', command]] : ['/bin/sh', ['-c', command]];
  return new Promise((resolve, reject) => {
    const child = spawn(shell, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    /** Ends the command without waiting for its output any longer. */
    const stop = () => {
      child.kill('SIGTERM');
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const fail = (why: string) =>
      settle(() =>
        reject(
          new ClaudeProviderError({
            code: 'CREDENTIALS_MISSING',
            message: `The ${key} command ${why}.`,
            help: `Run the ${key} command from your settings in a terminal to see what it prints, fix it, and try again.`,
            ...(options.file ? { file: options.file } : {}),
          }),
        ),
      );
    const timer = setTimeout(() => {
      fail(`did not finish within ${options.timeoutMs} ms`);
      stop();
    }, options.timeoutMs);
    child.on('error', (e) => fail(`could not start (${(e as NodeJS.ErrnoException).code ?? e.message})`));
    child.on('close', (code, signal) => {
      if (signal) return fail(`was killed by ${signal}`);
      // The shell's own statuses for a program it could not run (POSIX: 127, 126).
      if (code === 127 && process.platform !== 'win32') return fail('exited with status 127: the shell found no such command (is the program installed and on PATH?)');
      if (code === 126 && process.platform !== 'win32') return fail('exited with status 126: the program is not executable (check its permissions)');
      if (code !== 0) return fail(`exited with status ${code}`);
      settle(() => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
  });
}

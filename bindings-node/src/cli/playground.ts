// `claude-provider playground`: serves the WASM playground (claude-provider-wasm's static page
// and web build) on 127.0.0.1. The page keeps every input in the browser; the server only
// hands out files.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UsageError } from './common.js';

export async function playground(port: string | undefined): Promise<number> {
  const n = port === undefined ? 8787 : /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(n >= 0 && n <= 65535)) {
    throw new UsageError(`--port ${port}: not a port number`, { help: 'Give --port a number from 1 to 65535, or 0 for any free port.' });
  }
  const missing = (what: string) =>
    new UsageError(`the playground is not installed: ${what}`, {
      code: 'PLAYGROUND_MISSING',
      help: 'Install claude-provider-wasm next to claude-provider (npm install claude-provider-wasm), or in this repository run `npm run build -w bindings-wasm`.',
    });
  let serve: typeof import('claude-provider-wasm/playground');
  try {
    serve = await import('claude-provider-wasm/playground');
  } catch (e) {
    // Only a missing package; an error inside it is a bug to report as it is.
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') throw missing('the package claude-provider-wasm was not found');
    throw e;
  }
  // The page needs the web build next to it (a repository checkout before its build has none).
  try {
    statSync(createRequire(import.meta.url).resolve('claude-provider-wasm/web/claude_provider_wasm_bg.wasm'));
  } catch {
    throw missing("claude-provider-wasm's web build (claude_provider_wasm_bg.wasm) was not found");
  }
  try {
    const { url } = await serve.startServer({ port: n, quiet: true });
    process.stdout.write(`playground: ${url}  (static files only; your inputs stay in the page; Ctrl-C stops)\n`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new UsageError(`--port ${n}: ${code === 'EADDRINUSE' ? 'already in use' : 'not allowed for this user'} on 127.0.0.1`, {
        code: 'PORT_UNAVAILABLE',
        help: 'Pick another port with --port N (0: any free port).',
      });
    }
    throw e;
  }
  // The server keeps the process alive until Ctrl-C.
  return new Promise<number>(() => {});
}

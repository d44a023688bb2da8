// Types of serve.mjs, the playground's static file server (`claude-provider playground`).
import type { Server } from "node:http";

/** Starts the server on `host` (default 127.0.0.1) and `port` (default 8787, 0: any free). */
export function startServer(options?: { port?: number; host?: string; quiet?: boolean }): Promise<{ server: Server; url: string }>;

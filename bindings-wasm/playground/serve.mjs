#!/usr/bin/env node
// A tiny static file server for the playground, for local use only: it binds 127.0.0.1 and
// serves bindings-wasm/playground/ and the web build in bindings-wasm/pkg/web/. No server-side
// logic: any static host serving those two folders side by side works the same.
//
//   node playground/serve.mjs [PORT]      (npm run playground; PORT defaults to 8787, 0 = any)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const ALLOWED = ["playground", join("pkg", "web")];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Starts the server; resolves to { server, url }. */
export function startServer({ port = 8787, host = "127.0.0.1", quiet = false } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/" || path === "/playground") {
      res.writeHead(302, { location: "/playground/" });
      return res.end();
    }
    let rel = normalize(path).replace(/^[/\\]+/, "");
    if (rel.endsWith(sep) || rel === "playground") rel = join(rel, "index.html");
    if (rel.includes("..") || !ALLOWED.some((a) => rel.startsWith(a + sep))) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found\n");
    }
    const file = join(ROOT, rel);
    try {
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(rel.startsWith(join("pkg", "web")) ? "not found: run npm run build first\n" : "not found\n");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}/playground/`;
      if (!quiet) console.log(`playground: ${url}  (static files only; Ctrl-C stops)`);
      resolve({ server, url });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8787);
  startServer({ port }).catch((e) => {
    console.error(`playground: ${e.message}`);
    process.exit(1);
  });
}

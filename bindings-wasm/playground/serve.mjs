#!/usr/bin/env node
// A tiny static file server for the playground, for local use only: it binds 127.0.0.1 and
// serves bindings-wasm/playground/ and the web build in bindings-wasm/pkg/web/. No server-side
// logic: any static host serving those two folders side by side works the same.
//
//   node playground/serve.mjs [PORT]      (npm run playground; PORT defaults to 8787, 0 = any)
import { createServer } from "node:http";
import { readFile, realpath, stat } from "node:fs/promises";
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
const HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  // No other site may frame the page (a <meta> CSP cannot say this).
  "content-security-policy": "frame-ancestors 'none'",
  "x-frame-options": "DENY",
};

function send(res, status, text, extra = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...HEADERS, ...extra });
  res.end(text);
}

/**
 * The file a request path names, or null: inside one of the two folders once symlinks are
 * resolved (a link out of them is not followed), and a regular file.
 */
async function fileFor(path) {
  let rel = normalize(path).replace(/^[/\\]+/, "");
  if (rel.endsWith(sep) || rel === "playground") rel = join(rel, "index.html");
  const base = ALLOWED.find((a) => rel.startsWith(a + sep));
  if (!base || rel.split(sep).includes("..")) return null;
  try {
    const [real, realBase] = await Promise.all([realpath(join(ROOT, rel)), realpath(join(ROOT, base))]);
    if (!real.startsWith(realBase + sep) || !(await stat(real)).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/** Starts the server; resolves to { server, url }. */
export function startServer({ port = 8787, host = "127.0.0.1", quiet = false } = {}) {
  let origin = "";
  const server = createServer(async (req, res) => {
    try {
      // Only this server's own name: a page on another site that rebinds its DNS name to
      // 127.0.0.1 sends its own Host and gets nothing.
      const ownHosts = [`127.0.0.1:${server.address().port}`, `localhost:${server.address().port}`];
      if (!ownHosts.includes(req.headers.host ?? "")) return send(res, 421, "wrong host\n");
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "GET or HEAD only\n", { allow: "GET, HEAD" });
      let path;
      try {
        path = decodeURIComponent(new URL(req.url, origin).pathname);
      } catch {
        return send(res, 400, "bad request path\n");
      }
      if (path === "/" || path === "/playground") {
        res.writeHead(302, { location: "/playground/", ...HEADERS });
        return res.end();
      }
      const file = await fileFor(path);
      if (!file) {
        const missingBuild = path.startsWith("/pkg/web/");
        return send(res, 404, missingBuild ? "not found: run npm run build first\n" : "not found\n");
      }
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", ...HEADERS });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (e) {
      if (!res.headersSent) send(res, 500, "server error\n");
      else res.destroy();
      if (!quiet) console.error(`playground: ${e?.message ?? e}`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      origin = `http://${host}:${server.address().port}`;
      const url = `${origin}/playground/`;
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

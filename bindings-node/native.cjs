'use strict';
// Loads the Node-API addon that `npm run build:native` (`napi build --platform --release`) puts
// next to this file: claude-provider.<platform>-<arch>[-<abi>].node. The addon only converts
// between JS values and the Rust core (crate claude-provider-node, src/lib.rs).
const { platform, arch } = process;

function abi() {
  if (platform !== 'linux') return '';
  const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
  const glibc = report && report.header && report.header.glibcVersionRuntime;
  return glibc ? '-gnu' : '-musl';
}

const file = `./claude-provider.${platform}-${arch}${abi()}.node`;
try {
  module.exports = require(file);
} catch (e) {
  const err = new Error(
    `claude-provider: cannot load the native addon ${file} (${e && e.message}). ` +
      'Build it with `npm run build:native` in bindings-node (needs Rust), or install a package built for this platform.',
  );
  err.code = 'NATIVE_ADDON_MISSING';
  err.cause = e;
  throw err;
}

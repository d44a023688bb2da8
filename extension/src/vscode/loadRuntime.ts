// Loads dist/runtime.js (claude-provider) on first use. See src/runtime.ts. (This module's own
// imports never name './runtime.js': the build keeps exactly that specifier external.)
export type Runtime = typeof import('../runtime.js');

let loaded: Runtime | undefined;

export function runtime(): Runtime {
  // esbuild keeps this require as it is (external), so the runtime bundle loads only here.
  loaded ??= require('./runtime.js') as Runtime;
  return loaded;
}

export function runtimeLoaded(): boolean {
  return loaded !== undefined;
}

// Type-checked like types-check.ts: the web build's declarations under moduleResolution
// Node16 (an ES module package: its own imports need their `.js` extension, or every type
// becomes `any` under skipLibCheck and an error without it).
import init, { resolve, type ProviderId, type Resolution } from '../pkg/web/claude_provider_wasm.js';

await init();
const r: Resolution = resolve({ processEnv: {} });
const provider: ProviderId = r.provider;
// @ts-expect-error: a provider is not a number (the types are not `any`)
const notANumber: number = r.provider;
export { provider, notANumber };

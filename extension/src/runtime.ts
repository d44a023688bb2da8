// The extension's runtime: claude-provider (the napi core, settings loading, auth flows,
// transport). Bundled on its own (dist/runtime.js) and loaded on first use, so activation
// does not pay for the native addon, undici and the cloud SDKs.
export {
  applySwitch,
  buildRequest,
  checkEnvEdit,
  ClaudeProviderError,
  configSnippets,
  core,
  createClient,
  editEnv,
  envOverrides,
  loadConfig,
  obtainCredentials,
  planSwitch,
  refusedValues,
  renderRequest,
  settingsFileFor,
  settingsPaths,
  shareableJson,
} from 'claude-provider';

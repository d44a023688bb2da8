// The cloud's own sign-in command for a resolution, as an argument array (never a shell
// string: a profile name from a settings file must not become shell syntax). Pure.
import type { Resolution } from 'claude-provider';

export interface SignInPlan {
  /** Program and arguments. */
  command: string;
  args: string[];
  /** What it does, for the terminal title and messages. */
  title: string;
}

/** `[profile NAME]` / `[sso-session NAME]` sections of an AWS config file. */
export function awsProfiles(configText: string | undefined): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of (configText ?? '').split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const section = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      const name = section[1]!;
      current = name.startsWith('sso-session ') ? undefined : {};
      if (current) out.set(name, current);
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (kv && current) current[kv[1]!.toLowerCase()] = kv[2]!;
  }
  return out;
}

const SAFE_PROFILE = /^[A-Za-z0-9_.@+=,-]{1,128}$/;

/** Why no command is run for a configuration that has a sign-in (a profile name that is not one). */
export interface SignInRefusal {
  refused: string;
}

export function signInPlan(r: Resolution, awsConfigText?: string): SignInPlan | SignInRefusal | null {
  switch (r.provider) {
    case 'bedrock':
    case 'mantle':
    case 'anthropic-aws': {
      const method = r.auth.method;
      const profile = method.kind === 'sigV4' && method.credentials.kind === 'profile' ? method.credentials.profile : r.vars.find((v) => v.name === 'AWS_PROFILE')?.value;
      if (profile && !SAFE_PROFILE.test(profile)) {
        return { refused: `AWS_PROFILE is ${JSON.stringify(profile)}, which is not a profile name (letters, digits and _.@+=,- only): fix it before signing in` };
      }
      const profiles = awsProfiles(awsConfigText);
      if (!profile) return { command: 'aws', args: ['configure', 'sso'], title: 'aws configure sso' };
      const p = profiles.get(profile);
      if (!p || !('sso_session' in p || 'sso_start_url' in p)) {
        return { command: 'aws', args: ['configure', 'sso', '--profile', profile], title: `aws configure sso --profile ${profile}` };
      }
      return { command: 'aws', args: ['sso', 'login', '--profile', profile], title: `aws sso login --profile ${profile}` };
    }
    case 'vertex':
    case 'anthropic-google-cloud':
      return { command: 'gcloud', args: ['auth', 'application-default', 'login'], title: 'gcloud auth application-default login' };
    case 'foundry':
      return { command: 'az', args: ['login'], title: 'az login' };
    default:
      return null;
  }
}

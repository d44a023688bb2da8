// The cloud's own sign-in command for a resolution, as an argument array (never a shell
// string: a profile name from a settings file must not become shell syntax). Which AWS flow a
// profile uses (SSO, `aws login`, static keys…) is the core's finding from ~/.aws. Pure.
import type { Resolution } from 'claude-provider';
import { holdsPastedCredential } from './labels.js';

export interface SignInPlan {
  /** Program and arguments. */
  command: string;
  args: string[];
  /** What it does, for the terminal title and messages. */
  title: string;
}

/** Why nothing is run: a profile name that is not one, or credentials that need no sign-in. */
export interface SignInSkip {
  reason: string;
  /** The configuration is wrong (vs. nothing to do). */
  error: boolean;
}

const SAFE_PROFILE = /^[A-Za-z0-9_.@+=,-]{1,128}$/;

function plan(command: string, args: string[]): SignInPlan {
  return { command, args, title: [command, ...args].join(' ') };
}

export function signInPlan(r: Resolution): SignInPlan | SignInSkip | null {
  switch (r.provider) {
    case 'bedrock':
    case 'mantle':
    case 'anthropic-aws': {
      const m = r.auth.method;
      if (m.kind !== 'sigV4') return { reason: `${r.auth.summary}: there is no AWS sign-in to run`, error: false };
      const c = m.credentials;
      switch (c.kind) {
        case 'profile': {
          if (!SAFE_PROFILE.test(c.profile)) {
            return { reason: `AWS_PROFILE is ${JSON.stringify(c.profile)}, which is not a profile name (letters, digits and _.@+=,- only): fix it before signing in`, error: true };
          }
          if (c.flow === 'sso') return plan('aws', ['sso', 'login', '--profile', c.profile]);
          if (c.flow === 'login') return plan('aws', ['login', '--profile', c.profile]);
          if (c.flow === 'unknown') return plan('aws', ['configure', 'sso', '--profile', c.profile]);
          return { reason: `the AWS profile ${c.profile} uses ${c.flow.replace('_', ' ')} credentials, which need no sign-in`, error: false };
        }
        case 'envKeys':
          return { reason: 'AWS access keys come from the environment: there is no sign-in to run', error: false };
        case 'credentialExport':
          return { reason: 'the awsCredentialExport command supplies the AWS credentials: there is no sign-in to run', error: false };
        case 'defaultChain': {
          // AWS_PROFILE names a profile ~/.aws does not have (AWS_PROFILE_NOT_FOUND): create it.
          if (holdsPastedCredential(r, 'AWS_PROFILE')) {
            return { reason: 'AWS_PROFILE holds a credential, not a profile name (CREDENTIAL_IN_PLAIN_VARIABLE): fix it before signing in', error: true };
          }
          const named = r.vars.find((v) => v.name === 'AWS_PROFILE' && !v.blank)?.value.trim();
          if (named && !SAFE_PROFILE.test(named)) {
            return { reason: `AWS_PROFILE is ${JSON.stringify(named)}, which is not a profile name (letters, digits and _.@+=,- only): fix it before signing in`, error: true };
          }
          return plan('aws', ['configure', 'sso', ...(named ? ['--profile', named] : [])]);
        }
      }
      return null;
    }
    case 'vertex':
    case 'anthropic-google-cloud':
      return plan('gcloud', ['auth', 'application-default', 'login']);
    case 'foundry':
      return plan('az', ['login']);
    default:
      return null;
  }
}

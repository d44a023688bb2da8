// Region choices offered by the switcher (any other value can be typed). Pure.
import type { ProviderId } from 'claude-provider';

const AWS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'ap-northeast-1', 'ap-southeast-2', 'ap-south-1', 'ca-central-1'];
const VERTEX = ['global', 'us-east5', 'us-central1', 'europe-west1', 'europe-west4', 'asia-southeast1', 'asia-east1'];

export function regionChoices(provider: ProviderId): string[] {
  switch (provider) {
    case 'bedrock':
    case 'mantle':
    case 'anthropic-aws':
      return AWS;
    case 'vertex':
    case 'anthropic-google-cloud':
      return VERTEX;
    default:
      return [];
  }
}

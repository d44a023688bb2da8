// Log redaction: every known secret value (from the effective environment and the secret
// storage) is replaced before a line reaches the output channel. Pure.

export const REDACTED = '<redacted>';

export class Redactor {
  #secrets: string[] = [];

  /** Replaces the set of secret values (values shorter than 4 characters are not secrets worth hiding and would mangle text). */
  setSecrets(values: Iterable<string>): void {
    this.#secrets = [...new Set([...values].map((v) => v.trim()).filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join(REDACTED);
    // Credentials in URLs and common header shapes, even when not known in advance.
    return out
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]*:[^/@\s]*@/gi, `$1${REDACTED}@`)
      .replace(/\b(x-api-key|authorization|api-key|x-amz-security-token)(["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',]+/gi, `$1$2$3${REDACTED}`);
  }
}

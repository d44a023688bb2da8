import type { Code, ProviderErrorInfo } from '../types/index.js';

/** What a {@link ClaudeProviderError} carries besides its message. */
export interface ErrorDetails {
  /** A stable code (`BODY_INVALID`, `SETTINGS_INVALID`, …); see the core's `Code`. */
  code: Code;
  message: string;
  /** How to fix it. */
  help: string;
  /** The variable at fault, if one is. */
  envVar?: string | undefined;
  /** The settings or home file at fault, if one is. */
  file?: string | undefined;
  /** 1-based line in `file` (invalid JSON), if known. */
  line?: number | undefined;
  /**
   * The provider's error answer, as `core.parseErrorResponse` reads it, when the error is one
   * (an HTTP error status, or an error event inside a stream): `status`, `kind`
   * (`rate_limited`, `overloaded`, `authentication`…), `retryable`, `retryAfterMs`,
   * `requestId`, the provider's own `errorType`.
   */
  response?: ProviderErrorInfo | undefined;
}

/**
 * Every error claude-provider raises on purpose: the core's errors (thrown by the native addon)
 * and the loader's (unreadable or invalid settings files); a malformed argument is a `TypeError`
 * instead ({@link argumentError}). Never contains a secret value.
 */
export class ClaudeProviderError extends Error implements ErrorDetails {
  override readonly name = 'ClaudeProviderError';
  readonly code: Code;
  readonly help: string;
  readonly envVar?: string;
  readonly file?: string;
  readonly line?: number;
  readonly response?: ProviderErrorInfo;

  constructor(details: ErrorDetails, options?: { cause?: unknown }) {
    super(details.message, options);
    this.code = details.code;
    this.help = details.help;
    if (details.envVar !== undefined) this.envVar = details.envVar;
    if (details.file !== undefined) this.file = details.file;
    if (details.line !== undefined) this.line = details.line;
    if (details.response !== undefined) this.response = details.response;
  }

  toJSON(): ErrorDetails {
    return errorJson(this);
  }
}

/** An error's details as a plain object, without the fields it does not have. */
export function errorJson<C extends string>(e: { code: C; message: string; help: string; envVar?: string | undefined; file?: string | undefined; line?: number | undefined; response?: ProviderErrorInfo | undefined }): { code: C; message: string; help: string; envVar?: string; file?: string; line?: number; response?: ProviderErrorInfo } {
  return {
    code: e.code,
    message: e.message,
    help: e.help,
    ...(e.envVar !== undefined ? { envVar: e.envVar } : {}),
    ...(e.file !== undefined ? { file: e.file } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.response !== undefined ? { response: e.response } : {}),
  };
}

/** What a malformed argument's `TypeError` carries as `code` (the native addon's too). */
export type ArgumentErrorCode = 'ARGUMENT_INVALID';

/**
 * An argument or option of the wrong type, such as `options.now: expected a Date or a number of
 * milliseconds`: a `TypeError` with `code` `ARGUMENT_INVALID`, as the native addon throws for a
 * malformed core input (`invalid ConfigInput: …`; {@link fromNative} makes those one too).
 * `JSON.stringify` shows its code and message (a plain `TypeError`'s message is not enumerable).
 * Never quotes the value (it may be a secret).
 */
export class ArgumentError extends TypeError {
  readonly code: ArgumentErrorCode = 'ARGUMENT_INVALID';

  toJSON(): { name: 'TypeError'; code: ArgumentErrorCode; message: string } {
    return { name: 'TypeError', code: this.code, message: this.message };
  }
}

/** An {@link ArgumentError} for the argument or option `name`, which should be `expected`. */
export function argumentError(name: string, expected: string): ArgumentError {
  return new ArgumentError(`${name}: expected ${expected}`);
}

/** Throws {@link argumentError} unless `value` is an object (not `null`, not an array). */
export function checkObject(value: unknown, name: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw argumentError(name, 'an object');
}

/** Throws {@link argumentError} unless `value` is `undefined` or a `typeof` `type` value. */
export function checkOptional(value: unknown, name: string, type: 'string' | 'number' | 'boolean' | 'function'): void {
  if (value !== undefined && typeof value !== type) throw argumentError(name, type === 'function' ? 'a function' : `a ${type}`);
}

/**
 * Turns the addon's error object (name `ClaudeProviderError`) into the class and its malformed
 * argument `TypeError` into an {@link ArgumentError}; others pass through.
 */
export function fromNative(e: unknown): unknown {
  if (e instanceof Error && e.name === 'ClaudeProviderError' && !(e instanceof ClaudeProviderError)) {
    const o = e as Error & Partial<Record<'code' | 'help' | 'envVar' | 'file', string>>;
    return new ClaudeProviderError(
      {
        code: (o.code ?? 'PROVIDER_ERROR') as Code,
        message: o.message,
        help: o.help ?? '',
        envVar: o.envVar,
        file: o.file,
      },
      { cause: e },
    );
  }
  if (e instanceof TypeError && (e as { code?: unknown }).code === 'ARGUMENT_INVALID' && !(e instanceof ArgumentError)) {
    return new ArgumentError(e.message, { cause: e });
  }
  return e;
}

/**
 * A library's error message without the input V8's JSON.parse quotes in it (`Unexpected token
 * 'x', ..."_API_KEY":sk-ant-…"... is not valid JSON`, or the whole input when it is short): a
 * key file's or a response's secret would be shown.
 */
export function withoutInputText(message: string): string {
  return message
    .replace(/Unexpected token '[\s\S]{1,2}', (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON/g, 'Unexpected token, not valid JSON')
    .replace(/(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON/g, 'not valid JSON')
    .replace(/Unexpected token [\s\S] in JSON/g, 'Unexpected token in JSON');
}

// A request body as the API takes it, turned into what the core reads: JSON text or bytes.
import { types } from 'node:util';
import { argumentError } from './errors.js';

/** A Messages API request body: an object (serialized with `JSON.stringify`), JSON text or bytes. */
export type Body = string | Uint8Array | object;

/**
 * Text and a `Uint8Array` (a `Buffer`, or one from another realm) as they are; a plain object
 * or array as its JSON. Anything else is refused rather than written as JSON: an `ArrayBuffer`,
 * a `DataView`, a `Map` or a `Blob` would become `{}`, another typed array an object of indexes,
 * and the core would build and sign that.
 */
export function bodyOf(body: unknown, name: string): string | Uint8Array {
  if (typeof body === 'string' || types.isUint8Array(body)) return body;
  const tag = Object.prototype.toString.call(body);
  if (tag !== '[object Object]' && !Array.isArray(body)) throw argumentError(name, 'an object, JSON text or a Uint8Array');
  try {
    return JSON.stringify(body);
  } catch {
    // Not its message: V8 names the properties on the cycle's path.
    throw argumentError(name, 'an object JSON.stringify can write (no BigInt, no cycle)');
  }
}

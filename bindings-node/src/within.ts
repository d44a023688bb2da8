// A wait with a limit: for what the package cannot cancel (an auth library's token request, a
// credential command already abandoned), the caller stops waiting instead.

/**
 * `p`, or a rejection with `timeout()` after `ms`, or with the signal's reason once it aborts.
 * What `p` started goes on; its result is not used (its rejection is handled, never unhandled).
 */
export function within<T>(p: Promise<T>, ms: number, timeout: () => Error, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const settle = (f: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () => settle(() => reject(signal!.reason));
    const timer = setTimeout(() => settle(() => reject(timeout())), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => settle(() => resolve(v)),
      (e: unknown) => settle(() => reject(e)),
    );
  });
}

/**
 * Wraps a factory so it runs on the first call only and later calls return the
 * same value. Used for zod schemas, which cost more to build than to use.
 */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

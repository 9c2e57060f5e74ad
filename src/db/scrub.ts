/**
 * A failed statement's error without the personal data it may carry (UU 27/2022: never in logs):
 * the bound parameters (PGlite attaches them), the key values PostgreSQL quotes in `detail`
 * ("Key (nik)=(3509…) already exists") and values quoted in the message. The SQL state, the
 * constraint and the table stay, so the error can still be understood and mapped.
 */
export function scrubDbError(err: unknown): never {
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    for (const key of ['params', 'parameters', 'queryOptions', 'internalQuery']) delete e[key];
    if (typeof e.detail === 'string') e.detail = e.detail.replace(/=\(.*\)/s, '=(…)').replace(/"[^"]*"/g, '"…"');
    if (err instanceof Error && /"[^"]*"|\(\d{6,}\)/.test(err.message)) {
      const message = err.message.replace(/"[^"]*"/g, '"…"').replace(/\(\d{6,}\)/g, '(…)');
      Object.defineProperty(err, 'message', { value: message, configurable: true, writable: true });
    }
  }
  throw err;
}

/**
 * When and how long to wait before retrying a request. Pure functions, so the
 * policy can be tested without a server.
 */

/** HTTP statuses that mean "try again later" for an idempotent request. */
const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

/** Tells whether a response with this status and headers may be retried. */
export function isRetryableResponse(status: number, headers: Headers): boolean {
  // The API's own verdict wins, as in the official case.dev SDKs.
  const verdict = headers.get("x-should-retry");
  if (verdict === "true") {
    return true;
  }
  if (verdict === "false") {
    return false;
  }

  return retryableStatuses.has(status);
}

/**
 * Returns the wait the server asked for, in milliseconds, from `retry-after-ms`,
 * `retry-after` (seconds or an HTTP date) or case.dev's
 * `x-ratelimit-reset-requests` (a duration such as "45s" or "1m30s").
 * Returns undefined when the response names no wait.
 */
export function serverRequestedDelayMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfterMs = parseNonNegativeNumber(headers.get("retry-after-ms"));
  if (retryAfterMs !== undefined) {
    return retryAfterMs;
  }

  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    const seconds = parseNonNegativeNumber(retryAfter);
    if (seconds !== undefined) {
      return seconds * 1000;
    }

    // Only an HTTP date is accepted here: Date.parse also reads strings
    // such as "-3" as years, which would mean "retry now".
    const date = /[a-z]/i.test(retryAfter) ? Date.parse(retryAfter) : NaN;
    if (Number.isFinite(date)) {
      return Math.max(0, date - now);
    }
  }

  const reset = headers.get("x-ratelimit-reset-requests");
  if (reset !== null) {
    return parseDurationMs(reset);
  }

  return undefined;
}

/** Parses a plain non-negative decimal number; undefined for blank or malformed text. */
function parseNonNegativeNumber(text: string | null): number | undefined {
  if (text === null || !/^\s*\d+(\.\d+)?\s*$/.test(text)) {
    return undefined;
  }

  return Number(text);
}

const millisecondsPerUnit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Parses durations such as "45s", "1m30s", "250ms" or "2h"; undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  const pattern = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;

  for (const match of text.trim().matchAll(pattern)) {
    const value = Number(match[1]);
    const unit = match[2];
    total += value * millisecondsPerUnit[unit];
    consumed += match[0].length;
  }

  return consumed > 0 && consumed === text.trim().length ? total : undefined;
}

/** Returns the backoff before retry number `attempt` (1 = first retry) when the server named no wait. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(8000, 500 * 2 ** (attempt - 1));

  // Jitter spreads the retries of many concurrent resources that hit the same limit.
  return Math.round(base * (0.75 + random() * 0.5));
}

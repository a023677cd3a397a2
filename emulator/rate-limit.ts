/** Outcome of counting one request against the limit. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the current window ends, rounded up. */
  retryAfterSeconds: number;
  /** `x-ratelimit-*` headers as documented by case.dev. */
  headers: Record<string, string>;
}

/**
 * A fixed-window request counter shared by all routes and all keys, like case.dev's
 * per-organization limits. The window starts at the first request and lasts `windowMs`.
 */
export class RateLimiter {
  private windowStart = 0;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a request if the window has room, and reports whether it is allowed. */
  take(now = Date.now()): RateLimitDecision {
    this.rollWindow(now);
    const allowed = this.count < this.limit;
    if (allowed) {
      this.count += 1;
    }
    return this.decision(allowed, now);
  }

  /** Reports the current state without counting a request. */
  peek(now = Date.now()): RateLimitDecision {
    this.rollWindow(now);
    return this.decision(this.count < this.limit, now);
  }

  private rollWindow(now: number): void {
    if (now >= this.windowStart + this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
  }

  private decision(allowed: boolean, now: number): RateLimitDecision {
    const retryAfterSeconds = Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000));
    return {
      allowed,
      retryAfterSeconds,
      headers: {
        "x-ratelimit-limit-requests": String(this.limit),
        "x-ratelimit-remaining-requests": String(Math.max(0, this.limit - this.count)),
        "x-ratelimit-reset-requests": `${retryAfterSeconds}s`,
      },
    };
  }
}

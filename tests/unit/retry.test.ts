import { backoffDelayMs, isRetryableResponse, parseDurationMs, serverRequestedDelayMs } from "../../provider/retry";

function headers(values: Record<string, string> = {}): Headers {
  return new Headers(values);
}

describe("isRetryableResponse", () => {
  test.each([408, 429, 500, 502, 503, 504])("retries HTTP %i", (status) => {
    expect(isRetryableResponse(status, headers())).toBe(true);
  });

  test.each([200, 400, 401, 403, 404, 409, 422, 501])("does not retry HTTP %i", (status) => {
    expect(isRetryableResponse(status, headers())).toBe(false);
  });

  test("x-should-retry true wins over status", () => {
    expect(isRetryableResponse(400, headers({ "x-should-retry": "true" }))).toBe(true);
  });

  test("x-should-retry false wins over status", () => {
    expect(isRetryableResponse(503, headers({ "x-should-retry": "false" }))).toBe(false);
  });

  test.each(["TRUE", "yes", "1", ""])("ignores x-should-retry %j", (value) => {
    expect(isRetryableResponse(400, headers({ "x-should-retry": value }))).toBe(false);
    expect(isRetryableResponse(503, headers({ "x-should-retry": value }))).toBe(true);
  });
});

describe("serverRequestedDelayMs", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

  test("returns undefined without headers", () => {
    expect(serverRequestedDelayMs(headers(), now)).toBeUndefined();
  });

  test.each([
    ["1500", 1500],
    ["0", 0],
    ["2.5", 2.5],
  ])("reads retry-after-ms %s", (value, expected) => {
    expect(serverRequestedDelayMs(headers({ "retry-after-ms": value }), now)).toBe(expected);
  });

  test.each([
    ["3", 3000],
    ["0", 0],
    ["1.5", 1500],
  ])("reads retry-after seconds %s", (value, expected) => {
    expect(serverRequestedDelayMs(headers({ "retry-after": value }), now)).toBe(expected);
  });

  test("reads retry-after HTTP date", () => {
    expect(serverRequestedDelayMs(headers({ "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT" }), now)).toBe(30_000);
  });

  test("returns zero for past retry-after date", () => {
    expect(serverRequestedDelayMs(headers({ "retry-after": "Wed, 21 Oct 2015 07:27:00 GMT" }), now)).toBe(0);
  });

  test.each([
    ["45s", 45_000],
    ["1m30s", 90_000],
    ["250ms", 250],
    ["2h", 7_200_000],
    ["1.5s", 1500],
  ])("reads x-ratelimit-reset-requests %s", (value, expected) => {
    expect(serverRequestedDelayMs(headers({ "x-ratelimit-reset-requests": value }), now)).toBe(expected);
  });

  test("retry-after-ms wins over retry-after", () => {
    expect(serverRequestedDelayMs(headers({ "retry-after-ms": "100", "retry-after": "9" }), now)).toBe(100);
  });

  test("retry-after wins over x-ratelimit-reset-requests", () => {
    expect(serverRequestedDelayMs(headers({ "retry-after": "2", "x-ratelimit-reset-requests": "45s" }), now)).toBe(2000);
  });

  test.each(["abc", "-1", "Infinity"])("skips invalid retry-after-ms %s", (value) => {
    expect(serverRequestedDelayMs(headers({ "retry-after-ms": value, "retry-after": "4" }), now)).toBe(4000);
  });

  test.each(["soon", "-3"])("skips invalid retry-after %s", (value) => {
    expect(serverRequestedDelayMs(headers({ "retry-after": value, "x-ratelimit-reset-requests": "45s" }), now)).toBe(45_000);
  });

  test("returns undefined for malformed reset header", () => {
    expect(serverRequestedDelayMs(headers({ "x-ratelimit-reset-requests": "soon" }), now)).toBeUndefined();
  });

  // An empty header names no wait, so the next header decides.
  test("skips empty retry-after-ms", () => {
    expect(serverRequestedDelayMs(headers({ "retry-after-ms": "", "retry-after": "30" }), now)).toBe(30_000);
  });

  test("skips blank retry-after", () => {
    expect(serverRequestedDelayMs(headers({ "retry-after": " ", "x-ratelimit-reset-requests": "45s" }), now)).toBe(45_000);
  });
});

describe("parseDurationMs", () => {
  test.each([
    ["45s", 45_000],
    ["1m30s", 90_000],
    ["250ms", 250],
    ["2h", 7_200_000],
    ["1h1m1s1ms", 3_661_001],
    ["0s", 0],
    ["0.5s", 500],
    [" 45s ", 45_000],
    ["30s1m", 90_000],
  ])("parses %j", (text, expected) => {
    expect(parseDurationMs(text)).toBe(expected);
  });

  test.each([
    "",
    " ",
    "45",
    "s",
    "ms",
    "5x",
    "5 s",
    "5s 3m",
    "-5s",
    "1m30",
    "5s later",
    "in 5s",
    "5S",
    ".5s",
    "1e3ms",
    "1,5s",
    "5sec",
  ])("rejects %j", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  test.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [5, 8000],
    [6, 8000],
    [20, 8000],
  ])("attempt %i without jitter waits %i ms", (attempt, base) => {
    expect(backoffDelayMs(attempt, () => 0.5)).toBe(base);
  });

  test.each([
    [1, 375],
    [3, 1500],
    [5, 6000],
    [20, 6000],
  ])("attempt %i has lower bound %i ms", (attempt, lower) => {
    expect(backoffDelayMs(attempt, () => 0)).toBe(lower);
  });

  test.each([
    [1, 625],
    [3, 2500],
    [5, 10_000],
    [20, 10_000],
  ])("attempt %i has upper bound %i ms", (attempt, upper) => {
    expect(backoffDelayMs(attempt, () => 1)).toBe(upper);
  });

  test("rounds to whole milliseconds", () => {
    expect(Number.isInteger(backoffDelayMs(1, () => 0.123456))).toBe(true);
  });

  test("stays within bounds with Math.random", () => {
    const delays = Array.from({ length: 200 }, () => backoffDelayMs(2));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(750);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1250);
  });
});

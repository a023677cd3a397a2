import { createEmulator, type Emulator } from "../../emulator";
import { callApi } from "./http-client";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator({ requestsPerMinute: 3 });
});

afterAll(async () => {
  await emulator.close();
});

describe("rate limit", () => {
  test("counts down remaining requests", async () => {
    const first = await callApi(emulator, "GET", "/database/v1/projects");
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("3");
    expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("2");
    expect(first.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+s$/);
  });

  test("counts every route and key", async () => {
    const usage = await callApi(emulator, "GET", "/database/v1/usage", { key: "sk_case_second_key" });
    expect(usage.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    const unknownRoute = await callApi(emulator, "GET", "/database/v1/nowhere");
    expect(unknownRoute.headers.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  test("over the limit is 429 with Retry-After", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(response.json.error.type).toBe("rate_limit_error");
    expect(response.json.error.code).toBe("rate_limit_exceeded");
  });

  test("429 skips the operation", async () => {
    await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "over-limit" } });
    expect(emulator.store.listProjects()).toEqual([]);
  });

  test("unauthorized requests are not counted but get headers", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: null });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("3");
  });

  test("admin endpoints are not limited", async () => {
    const response = await fetch(`${emulator.url}/_emulator/state`);
    expect(response.status).toBe(200);
  });
});

describe("rate limit window", () => {
  test("window resets after a minute", async () => {
    // Only Date is faked, so the HTTP server keeps working on real timers.
    jest.useFakeTimers({ doNotFake: ["setTimeout", "setInterval", "setImmediate", "nextTick", "queueMicrotask", "clearTimeout", "clearInterval"] });
    try {
      const own = await createEmulator({ requestsPerMinute: 1 });
      await callApi(own, "GET", "/database/v1/projects");
      const limited = await callApi(own, "GET", "/database/v1/projects");
      jest.setSystemTime(Date.now() + 61_000);
      const afterWindow = await callApi(own, "GET", "/database/v1/projects");
      await own.close();
      expect(limited.status).toBe(429);
      expect(afterWindow.status).toBe(200);
    } finally {
      jest.useRealTimers();
    }
  });
});

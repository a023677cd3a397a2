import { createEmulator, type Emulator } from "../../emulator";
import { callApi, testKey } from "./http-client";

describe("default key rule", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await createEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  test("missing header is 401 AUTH_INVALID", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: null });
    expect(response.status).toBe(401);
    expect(response.json.error.type).toBe("authentication_error");
    expect(response.json.error.code).toBe("AUTH_INVALID");
    expect(response.json.error.message).toBe(
      "Missing API key. Send the header 'Authorization: Bearer <key>' with a key that starts with sk_case_.",
    );
  });

  test("wrong prefix is 401", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: "sk_live_abcdef" });
    expect(response.status).toBe(401);
    expect(response.json.error.message).toBe("Invalid API key. Keys start with sk_case_.");
  });

  test("bare prefix is 401", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: "sk_case_" });
    expect(response.status).toBe(401);
  });

  test("non-Bearer scheme is 401", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", {
      key: null,
      headers: { authorization: `Basic ${testKey}` },
    });
    expect(response.status).toBe(401);
    expect(response.json.error.message).toBe("Invalid Authorization header: expected the Bearer scheme, as in 'Authorization: Bearer <key>'.");
  });

  test("any sk_case_ key is accepted", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: "sk_case_anything" });
    expect(response.status).toBe(200);
  });

  test("401 requests are recorded as unauthorized", async () => {
    emulator.clearRequests();
    await callApi(emulator, "GET", "/database/v1/usage", { key: "wrong_key_value" });
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0].authorized).toBe(false);
    expect(emulator.requests[0].status).toBe(401);
  });

  test("401 changes no state", async () => {
    await callApi(emulator, "POST", "/database/v1/projects", { key: null, body: { name: "unauthorized" } });
    expect(emulator.store.listProjects().some((project) => project.name === "unauthorized")).toBe(false);
  });
});

describe("apiKeys allow-list", () => {
  const allowed = "sk_case_allowed_one";
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await createEmulator({ apiKeys: [allowed, "custom-key-without-prefix"] });
  });

  afterAll(async () => {
    await emulator.close();
  });

  test("listed key is accepted", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: allowed });
    expect(response.status).toBe(200);
  });

  test("listed key without prefix is accepted", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: "custom-key-without-prefix" });
    expect(response.status).toBe(200);
  });

  test("unlisted sk_case_ key is 401", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: "sk_case_other" });
    expect(response.status).toBe(401);
    expect(response.json.error.message).toBe("Invalid API key. This emulator accepts only the keys it was started with.");
  });
});

describe("key secrecy", () => {
  const secret = "sk_case_secret_9b7d1e3f";
  const lines: string[] = [];
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await createEmulator({ log: (line) => lines.push(line), requestsPerMinute: 1000 });
    const created = await callApi(emulator, "POST", "/database/v1/projects", { key: secret, body: { name: "secrecy", description: secret } });
    await callApi(emulator, "GET", `/database/v1/projects/${created.json.id}/connection?branch=${secret}`, { key: secret });
    await callApi(emulator, "GET", `/database/v1/${secret}`, { key: secret });
    await callApi(emulator, "GET", "/database/v1/projects", { key: `${secret}_rejected`, headers: {} });
    await callApi(emulator, "GET", "/database/v1/projects", { key: null, headers: { authorization: secret } });
  });

  afterAll(async () => {
    await emulator.close();
  });

  test("recorded requests never contain the key", () => {
    expect(JSON.stringify(emulator.requests)).not.toContain(secret);
  });

  test("recorded requests have no headers", () => {
    expect(emulator.requests.every((request) => !("headers" in request))).toBe(true);
  });

  test("log lines never contain the key", () => {
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.join("\n")).not.toContain(secret);
  });

  test("redaction marks where the key was", () => {
    expect(emulator.requests[0].body).toEqual({ name: "secrecy", description: "[REDACTED]" });
  });

  test("responses never echo the key", async () => {
    const responses = [
      await callApi(emulator, "GET", "/database/v1/projects", { key: secret }),
      await callApi(emulator, "GET", "/database/v1/projects", { key: "sk_live_not_accepted" }),
      await callApi(emulator, "GET", `/database/v1/${secret}`, { key: secret }),
    ];
    for (const response of responses) {
      expect(response.text).not.toContain(secret);
      expect(JSON.stringify([...response.headers])).not.toContain(secret);
    }
  });

  test("wrong key is not echoed", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects", { key: "sk_live_not_accepted" });
    expect(response.text).not.toContain("sk_live_not_accepted");
  });
});

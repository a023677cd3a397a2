import { checkFaultRule, createEmulator, type Emulator } from "../../emulator";
import { callApi, createProjectViaApi } from "./http-client";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator();
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.faults.clear();
});

const projectNames = (): string[] => emulator.store.listProjects().map((project) => project.name);

describe("status fault", () => {
  test("fails before the create happens", async () => {
    emulator.faults.add({ route: "createProject", kind: "status", status: 503, times: 1 });
    const response = await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "status-before" } });
    expect(response.status).toBe(503);
    expect(response.json.error.type).toBe("api_error");
    expect(projectNames()).not.toContain("status-before");
  });

  test("afterEffect creates then fails", async () => {
    emulator.faults.add({ route: "createProject", kind: "status", status: 502, afterEffect: true, times: 1 });
    const response = await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "status-after" } });
    expect(response.status).toBe(502);
    expect(projectNames()).toContain("status-after");
  });

  test("status defaults to 500", async () => {
    emulator.faults.add({ route: "listProjects", kind: "status", times: 1 });
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.status).toBe(500);
    expect(response.json.error).toEqual({
      message: "Internal Server Error (injected by an emulator fault rule for listProjects).",
      type: "api_error",
      code: "internal_error",
    });
  });

  test("404 and 409 use their error types", async () => {
    emulator.faults.add({ route: "deleteProject", kind: "status", status: 404, times: 1 });
    emulator.faults.add({ route: "createBranch", kind: "status", status: 409, times: 1 });
    const project = await createProjectViaApi(emulator, { name: "status-types" });
    const deleted = await callApi(emulator, "DELETE", `/database/v1/projects/${project.id}`);
    const branch = await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, { body: { name: "dev" } });
    expect(deleted.status).toBe(404);
    expect(deleted.json.error.type).toBe("not_found");
    expect(branch.status).toBe(409);
    expect(branch.json.error.type).toBe("conflict");
    expect(emulator.store.getProject(project.id)?.status).toBe("active");
  });
});

describe("times and skip", () => {
  test("times limits how often a rule applies", async () => {
    emulator.faults.add({ route: "getUsage", kind: "status", status: 503, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await callApi(emulator, "GET", "/database/v1/usage")).status);
    }
    expect(statuses).toEqual([503, 503, 200]);
  });

  test("used-up rule leaves the list", async () => {
    emulator.faults.add({ route: "getUsage", kind: "status", times: 1 });
    expect(emulator.faults.list()).toHaveLength(1);
    await callApi(emulator, "GET", "/database/v1/usage");
    expect(emulator.faults.list()).toEqual([]);
  });

  test("skip lets the first calls pass", async () => {
    emulator.faults.add({ route: "getUsage", kind: "status", status: 500, skip: 2, times: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await callApi(emulator, "GET", "/database/v1/usage")).status);
    }
    expect(statuses).toEqual([200, 200, 500, 200]);
  });

  test("without times a rule never runs out", async () => {
    emulator.faults.add({ route: "getUsage", kind: "status" });
    for (let i = 0; i < 3; i += 1) {
      expect((await callApi(emulator, "GET", "/database/v1/usage")).status).toBe(500);
    }
  });

  test("route scopes the rule", async () => {
    emulator.faults.add({ route: "getUsage", kind: "status", times: 1 });
    const other = await callApi(emulator, "GET", "/database/v1/projects");
    expect(other.status).toBe(200);
    expect(emulator.faults.list()).toHaveLength(1);
  });

  test("no route matches every route", async () => {
    emulator.faults.add({ kind: "status", status: 503, times: 2 });
    const list = await callApi(emulator, "GET", "/database/v1/projects");
    const usage = await callApi(emulator, "GET", "/database/v1/usage");
    expect(list.status).toBe(503);
    expect(usage.status).toBe(503);
  });

  test("earlier rule wins and later one still counts", async () => {
    emulator.faults.add({ route: "getUsage", kind: "status", status: 500, times: 1 });
    emulator.faults.add({ route: "getUsage", kind: "status", status: 503, skip: 1, times: 1 });
    const first = await callApi(emulator, "GET", "/database/v1/usage");
    const second = await callApi(emulator, "GET", "/database/v1/usage");
    const third = await callApi(emulator, "GET", "/database/v1/usage");
    expect([first.status, second.status, third.status]).toEqual([500, 503, 200]);
  });
});

describe("rate-limit fault", () => {
  test("sends 429 with Retry-After", async () => {
    emulator.faults.add({ route: "listProjects", kind: "rate-limit", retryAfterSeconds: 7, times: 1 });
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(response.headers.get("x-ratelimit-reset-requests")).toBe("7s");
    expect(response.json.error.type).toBe("rate_limit_error");
    expect(response.json.error.code).toBe("rate_limit_exceeded");
  });

  test("Retry-After defaults to 1", async () => {
    emulator.faults.add({ route: "listProjects", kind: "rate-limit", times: 1 });
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.headers.get("retry-after")).toBe("1");
  });

  test("create is not performed", async () => {
    emulator.faults.add({ route: "createProject", kind: "rate-limit", times: 1 });
    await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "rate-fault" } });
    expect(projectNames()).not.toContain("rate-fault");
  });
});

describe("reset fault", () => {
  test("fetch fails without a response", async () => {
    emulator.faults.add({ route: "getUsage", kind: "reset", times: 1 });
    await expect(callApi(emulator, "GET", "/database/v1/usage")).rejects.toThrow();
  });

  test("recorded with status 0", async () => {
    emulator.clearRequests();
    emulator.faults.add({ route: "getUsage", kind: "reset", times: 1 });
    await callApi(emulator, "GET", "/database/v1/usage").catch(() => undefined);
    expect(emulator.requests.map((request) => request.status)).toEqual([0]);
  });

  test("before effect creates nothing", async () => {
    emulator.faults.add({ route: "createProject", kind: "reset", times: 1 });
    await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "reset-before" } }).catch(() => undefined);
    expect(projectNames()).not.toContain("reset-before");
  });

  test("afterEffect creates the project", async () => {
    emulator.faults.add({ route: "createProject", kind: "reset", afterEffect: true, times: 1 });
    await expect(callApi(emulator, "POST", "/database/v1/projects", { body: { name: "reset-after" } })).rejects.toThrow();
    expect(projectNames()).toContain("reset-after");
  });
});

describe("latency fault", () => {
  test("delays then responds normally", async () => {
    emulator.faults.add({ route: "listProjects", kind: "latency", latencyMs: 150, times: 1 });
    const started = Date.now();
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
  });
});

describe("hang fault", () => {
  test("never responds", async () => {
    emulator.faults.add({ route: "getUsage", kind: "hang", times: 1 });
    await expect(callApi(emulator, "GET", "/database/v1/usage", { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  test("afterEffect creates the project", async () => {
    emulator.faults.add({ route: "createProject", kind: "hang", afterEffect: true, times: 1 });
    const call = callApi(emulator, "POST", "/database/v1/projects", { body: { name: "hang-after" }, signal: AbortSignal.timeout(200) });
    await expect(call).rejects.toThrow();
    expect(projectNames()).toContain("hang-after");
  });

  test("before effect creates nothing", async () => {
    emulator.faults.add({ route: "createProject", kind: "hang", times: 1 });
    const call = callApi(emulator, "POST", "/database/v1/projects", { body: { name: "hang-before" }, signal: AbortSignal.timeout(200) });
    await expect(call).rejects.toThrow();
    expect(projectNames()).not.toContain("hang-before");
  });

  test("close ends a hanging request", async () => {
    const own = await createEmulator();
    own.faults.add({ kind: "hang" });
    const pending = callApi(own, "GET", "/database/v1/projects");
    const outcome = pending.then(
      () => "responded",
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await own.close();
    await expect(outcome).resolves.toBe("failed");
  });
});

describe("malformed-json fault", () => {
  test("sends 200 with a truncated body", async () => {
    emulator.faults.add({ route: "listProjects", kind: "malformed-json", times: 1 });
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
    expect(response.text.startsWith('{"projects":[')).toBe(true);
  });

  test("before effect creates nothing", async () => {
    emulator.faults.add({ route: "createProject", kind: "malformed-json", times: 1 });
    const response = await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "malformed-before" } });
    expect(response.status).toBe(200);
    expect(projectNames()).not.toContain("malformed-before");
  });

  test("afterEffect creates the project", async () => {
    emulator.faults.add({ route: "createProject", kind: "malformed-json", afterEffect: true, times: 1 });
    const response = await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "malformed-after" } });
    expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
    expect(projectNames()).toContain("malformed-after");
  });
});

describe("missing-optional-fields fault", () => {
  test("create response drops description and defaultBranch fields", async () => {
    emulator.faults.add({ route: "createProject", kind: "missing-optional-fields", times: 1 });
    const response = await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "minimal", description: "d" } });
    expect(response.status).toBe(201);
    expect("description" in response.json).toBe(false);
    expect(response.json.defaultBranch).toEqual({});
    expect(response.json.id).toMatch(/^proj_/);
  });

  test("get project keeps required fields only", async () => {
    const project = await createProjectViaApi(emulator, { name: "minimal-get", description: "d" });
    emulator.faults.add({ route: "getProject", kind: "missing-optional-fields", times: 1 });
    const response = await callApi(emulator, "GET", `/database/v1/projects/${project.id}`);
    expect("description" in response.json).toBe(false);
    expect(response.json.connectionHost).toMatch(/neon\.tech$/);
    expect(response.json.branches).toEqual([{}]);
    expect(response.json.databases).toEqual([{}]);
  });

  test("list items lose every field", async () => {
    emulator.faults.add({ route: "listProjects", kind: "missing-optional-fields", times: 1 });
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.json.projects.length).toBeGreaterThan(0);
    expect(response.json.projects.every((item: object) => Object.keys(item).length === 0)).toBe(true);
  });

  test("usage becomes an empty object", async () => {
    emulator.faults.add({ route: "getUsage", kind: "missing-optional-fields", times: 1 });
    const response = await callApi(emulator, "GET", "/database/v1/usage");
    expect(response.json).toEqual({});
  });

  test("connection keeps all its required fields", async () => {
    const project = await createProjectViaApi(emulator, { name: "minimal-connection" });
    emulator.faults.add({ route: "getConnection", kind: "missing-optional-fields", times: 1 });
    const response = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection`);
    expect(Object.keys(response.json).sort()).toEqual(["branch", "connectionUri", "pooled"]);
  });

  test("error bodies are unchanged", async () => {
    emulator.faults.add({ route: "getProject", kind: "missing-optional-fields", times: 1 });
    const response = await callApi(emulator, "GET", "/database/v1/projects/proj_missing");
    expect(response.json.error.code).toBe("project_not_found");
  });
});

describe("extra-fields fault", () => {
  test("adds unknown fields at every object level", async () => {
    const project = await createProjectViaApi(emulator, { name: "extra" });
    emulator.faults.add({ route: "getProject", kind: "extra-fields", times: 1 });
    const response = await callApi(emulator, "GET", `/database/v1/projects/${project.id}`);
    expect(response.json.emulatorExtraField).toEqual(expect.any(String));
    expect(response.json.branches[0].emulatorExtraField).toEqual(expect.any(String));
    expect(response.json.databases[0].emulatorExtraField).toEqual(expect.any(String));
    expect(response.json.name).toBe("extra");
  });

  test("works on list responses", async () => {
    emulator.faults.add({ route: "listProjects", kind: "extra-fields", times: 1 });
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.json.emulatorExtraField).toEqual(expect.any(String));
    expect(response.json.projects[0].emulatorExtraField).toEqual(expect.any(String));
  });
});

describe("fault rule validation", () => {
  const cases: Array<[string, unknown, string]> = [
    ["unknown field", { kind: "reset", time: 1 }, 'Invalid fault rule: unknown field "time"'],
    ["unknown kind", { kind: "explode" }, 'Invalid fault rule "kind": received the string "explode", expected one of status, rate-limit'],
    ["unknown route", { kind: "reset", route: "getBranch" }, 'Invalid fault rule "route": received the string "getBranch"'],
    ["latency without latencyMs", { kind: "latency" }, 'Invalid fault rule: kind "latency" requires "latencyMs" (milliseconds).'],
    ["status out of range", { kind: "status", status: 200 }, 'Invalid fault rule "status": received number 200, expected an integer from 400 to 599.'],
    ["field of another kind", { kind: "reset", status: 500 }, 'Invalid fault rule: "status" applies only to kind status, not to "reset".'],
    ["times zero", { kind: "reset", times: 0 }, 'Invalid fault rule "times": received number 0'],
    ["afterEffect not boolean", { kind: "hang", afterEffect: "yes" }, 'Invalid fault rule "afterEffect": expected a boolean'],
  ];

  test.each(cases)("%s is rejected", (_label, rule, message) => {
    expect(() => checkFaultRule(rule)).toThrow(message);
  });

  test("add rejects an invalid rule", () => {
    expect(() => emulator.faults.add({ kind: "nope" as never })).toThrow('Invalid fault rule "kind"');
  });
});

describe("fault logging", () => {
  test("log line names the fault", async () => {
    const lines: string[] = [];
    const own = await createEmulator({ log: (line) => lines.push(line) });
    own.faults.add({ route: "getUsage", kind: "status", status: 503, times: 1 });
    await callApi(own, "GET", "/database/v1/usage");
    await own.close();
    expect(lines[0]).toMatch(/^GET \/database\/v1\/usage 503 [\d.]+ms fault=status$/);
  });
});

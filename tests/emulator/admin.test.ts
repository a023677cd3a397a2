import { createEmulator, type Emulator } from "../../emulator";
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

/** Calls an admin endpoint without an API key. */
async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

describe("admin state", () => {
  test("lists projects with branches, deleted included", async () => {
    const activeProject = await createProjectViaApi(emulator, { name: "admin-kept" });
    const deletedProject = await createProjectViaApi(emulator, { name: "admin-gone" });
    await callApi(emulator, "DELETE", `/database/v1/projects/${deletedProject.id}`);
    const response = await admin("GET", "/state");
    expect(response.status).toBe(200);
    const ids = response.json.projects.map((project: { id: string }) => project.id);
    expect(ids).toEqual(expect.arrayContaining([activeProject.id, deletedProject.id]));
    const record = response.json.projects.find((project: { id: string }) => project.id === activeProject.id);
    expect(record.branches[0].name).toBe("main");
  });
});

describe("admin requests", () => {
  test("returns recorded API requests", async () => {
    emulator.clearRequests();
    await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "admin-recorded" } });
    const response = await admin("GET", "/requests");
    expect(response.json.requests).toHaveLength(1);
    expect(response.json.requests[0]).toMatchObject({
      method: "POST",
      path: "/database/v1/projects",
      query: {},
      status: 201,
      body: { name: "admin-recorded" },
      authorized: true,
    });
  });

  test("records query and timing", async () => {
    emulator.clearRequests();
    const project = await createProjectViaApi(emulator, { name: "admin-query" });
    await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection?pooled=true`);
    const recorded = emulator.requests[1];
    expect(recorded.query).toEqual({ pooled: "true" });
    expect(recorded.durationMs).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(recorded.at))).toBe(false);
  });

  test("admin calls are not recorded", async () => {
    emulator.clearRequests();
    await admin("GET", "/state");
    await admin("GET", "/requests");
    expect(emulator.requests).toEqual([]);
  });

  test("DELETE clears the log", async () => {
    await callApi(emulator, "GET", "/database/v1/projects");
    const response = await admin("DELETE", "/requests");
    expect(response.json.success).toBe(true);
    expect(emulator.requests).toEqual([]);
  });
});

describe("admin faults", () => {
  test("POST adds one rule", async () => {
    const response = await admin("POST", "/faults", { route: "getUsage", kind: "status", status: 503, times: 1 });
    expect(response.status).toBe(201);
    expect(emulator.faults.list()).toEqual([{ route: "getUsage", kind: "status", status: 503, times: 1 }]);
    expect((await callApi(emulator, "GET", "/database/v1/usage")).status).toBe(503);
  });

  test("POST adds a list of rules", async () => {
    await admin("POST", "/faults", [
      { route: "getUsage", kind: "rate-limit", times: 1 },
      { route: "listProjects", kind: "latency", latencyMs: 10 },
    ]);
    expect(emulator.faults.list()).toHaveLength(2);
  });

  test("invalid rule in a list adds nothing", async () => {
    const response = await admin("POST", "/faults", [{ kind: "reset" }, { kind: "bogus" }]);
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/^Invalid fault rule "kind"/);
    expect(emulator.faults.list()).toEqual([]);
  });

  test("GET lists rules", async () => {
    emulator.faults.add({ kind: "extra-fields" });
    const response = await admin("GET", "/faults");
    expect(response.json.faults).toEqual([{ kind: "extra-fields" }]);
  });

  test("DELETE clears rules", async () => {
    emulator.faults.add({ kind: "reset" });
    await admin("DELETE", "/faults");
    expect(emulator.faults.list()).toEqual([]);
  });
});

describe("admin projects", () => {
  test("POST makes a hand-made project", async () => {
    const response = await admin("POST", "/projects", { name: "hand-made", region: "aws-eu-west-2" });
    expect(response.status).toBe(201);
    const detail = await callApi(emulator, "GET", `/database/v1/projects/${response.json.id}`);
    expect(detail.json.name).toBe("hand-made");
    expect(detail.json.connectionHost).toMatch(/\.eu-west-2\.aws\.neon\.tech$/);
  });

  test("POST validates like the API", async () => {
    const response = await admin("POST", "/projects", { name: "" });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toBe('Invalid "name": must not be empty.');
  });

  test("PATCH changes fields as drift", async () => {
    const project = await createProjectViaApi(emulator, { name: "drift" });
    const response = await admin("PATCH", `/projects/${project.id}`, {
      name: "drifted",
      description: "changed outside",
      region: "aws-us-west-2",
      status: "suspended",
      connectionHost: "ep-moved-host-000001.us-west-2.aws.neon.tech",
    });
    expect(response.status).toBe(200);
    const detail = await callApi(emulator, "GET", `/database/v1/projects/${project.id}`);
    expect(detail.json).toMatchObject({
      name: "drifted",
      description: "changed outside",
      region: "aws-us-west-2",
      status: "suspended",
      connectionHost: "ep-moved-host-000001.us-west-2.aws.neon.tech",
    });
    expect(detail.json.updatedAt > project.createdAt).toBe(true);
  });

  test("PATCH connectionHost moves the connection URI", async () => {
    const project = await createProjectViaApi(emulator, { name: "drift-host" });
    await admin("PATCH", `/projects/${project.id}`, { connectionHost: "ep-new-host-123456.us-east-1.aws.neon.tech" });
    const connection = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection?pooled=true`);
    expect(new URL(connection.json.connectionUri).hostname).toBe("ep-new-host-123456-pooler.us-east-1.aws.neon.tech");
  });

  test("PATCH rejects an invalid region", async () => {
    const project = await createProjectViaApi(emulator, { name: "drift-bad" });
    const response = await admin("PATCH", `/projects/${project.id}`, { region: "mars-1" });
    expect(response.status).toBe(400);
  });

  test("PATCH unknown project is 404", async () => {
    const response = await admin("PATCH", "/projects/proj_nope", { name: "x" });
    expect(response.status).toBe(404);
  });

  test("DELETE deletes behind the API's back", async () => {
    const project = await createProjectViaApi(emulator, { name: "out-of-band" });
    const response = await admin("DELETE", `/projects/${project.id}`);
    expect(response.status).toBe(200);
    expect(response.json.status).toBe("deleted");
    expect((await callApi(emulator, "GET", `/database/v1/projects/${project.id}`)).status).toBe(404);
  });

  test("store methods mirror the admin endpoints", () => {
    const project = emulator.store.createProject({ name: "store-made" });
    const branch = emulator.store.createBranch(project.id, { name: "dev" });
    expect(emulator.store.listBranches(project.id).map((entry) => entry.id)).toEqual([project.branches[0].id, branch.id]);
    expect(emulator.store.connection(project.id, { branch: "dev", pooled: true }).connectionUri).toContain("-pooler.");
    emulator.store.deleteProject(project.id);
    expect(emulator.store.listProjects().some((entry) => entry.id === project.id)).toBe(false);
    expect(emulator.store.listProjects({ includeDeleted: true }).some((entry) => entry.id === project.id)).toBe(true);
  });

  test("store returns copies", () => {
    const project = emulator.store.createProject({ name: "copy-check" });
    project.name = "mutated";
    expect(emulator.store.getProject(project.id)?.name).toBe("copy-check");
  });
});

describe("admin routing", () => {
  test("unknown admin path is 404", async () => {
    const response = await admin("GET", "/nothing");
    expect(response.status).toBe(404);
  });

  test("wrong admin method is 405", async () => {
    const response = await admin("PUT", "/state");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});

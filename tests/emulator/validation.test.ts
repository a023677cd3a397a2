import { createEmulator, type Emulator } from "../../emulator";
import { callApi, createProjectViaApi } from "./http-client";

const regionList =
  "aws-us-east-1, aws-us-east-2, aws-us-west-2, aws-eu-central-1, aws-eu-west-1, aws-eu-west-2, aws-ap-southeast-1, aws-ap-southeast-2";

let emulator: Emulator;
let projectId: string;

beforeAll(async () => {
  emulator = await createEmulator();
  projectId = (await createProjectViaApi(emulator, { name: "validation-target" })).id;
});

afterAll(async () => {
  await emulator.close();
});

describe("create project validation", () => {
  const cases: Array<[string, unknown, string]> = [
    ["name missing", { description: "x" }, 'Missing required field "name".'],
    ["name not a string", { name: 42 }, 'Invalid "name": expected a string, received number 42.'],
    ["name empty", { name: "" }, 'Invalid "name": must not be empty.'],
    [
      "name with a space",
      { name: "my project" },
      'Invalid "name" "my project": use only letters, numbers, hyphens and underscores (pattern ^[a-zA-Z0-9_-]+$).',
    ],
    ["region unknown", { name: "ok", region: "us-east-1" }, `Invalid "region": received the string "us-east-1", expected one of ${regionList}.`],
    ["region not a string", { name: "ok", region: 1 }, `Invalid "region": received number 1, expected one of ${regionList}.`],
    ["description not a string", { name: "ok", description: ["a"] }, 'Invalid "description": expected a string, received an array.'],
    ["body an array", [{ name: "ok" }], "Invalid request body: expected a JSON object, received an array."],
    ["body null", null, "Invalid request body: expected a JSON object, received null."],
  ];

  test.each(cases)("%s is 400", async (_label, body, message) => {
    const response = await callApi(emulator, "POST", "/database/v1/projects", { rawBody: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: { message, type: "invalid_request_error", code: "invalid_request" } });
  });

  test("body not JSON is 400", async () => {
    const response = await callApi(emulator, "POST", "/database/v1/projects", { rawBody: "{name:" });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/^Invalid request body: not valid JSON \(.+\)\.$/);
  });

  test("empty body is 400", async () => {
    const response = await callApi(emulator, "POST", "/database/v1/projects", { rawBody: "" });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toBe("Missing request body: send a JSON object with Content-Type: application/json.");
  });

  test("invalid request creates nothing", async () => {
    const before = emulator.store.listProjects({ includeDeleted: true }).length;
    await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "bad name" } });
    expect(emulator.store.listProjects({ includeDeleted: true })).toHaveLength(before);
  });

  test("unknown body fields are ignored", async () => {
    const response = await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "extra-ok", color: "blue" } });
    expect(response.status).toBe(201);
  });
});

describe("create branch validation", () => {
  const cases: Array<[string, unknown, string]> = [
    ["name missing", {}, 'Missing required field "name".'],
    ["name not a string", { name: true }, 'Invalid "name": expected a string, received boolean true.'],
    ["name empty", { name: "" }, 'Invalid "name": must not be empty.'],
    ["name with a slash", { name: "a/b" }, 'Invalid "name" "a/b": use only letters, numbers, hyphens and underscores (pattern ^[a-zA-Z0-9_-]+$).'],
    ["parentBranchId not a string", { name: "ok", parentBranchId: 5 }, 'Invalid "parentBranchId": expected a string, received number 5.'],
  ];

  test.each(cases)("%s is 400", async (_label, body, message) => {
    const response = await callApi(emulator, "POST", `/database/v1/projects/${projectId}/branches`, { body });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toBe(message);
  });

  test("body not JSON is 400", async () => {
    const response = await callApi(emulator, "POST", `/database/v1/projects/${projectId}/branches`, { rawBody: "nope" });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/^Invalid request body: not valid JSON/);
  });

  test("unknown parentBranchId is 404", async () => {
    const response = await callApi(emulator, "POST", `/database/v1/projects/${projectId}/branches`, {
      body: { name: "child", parentBranchId: "branch_unknown" },
    });
    expect(response.status).toBe(404);
    expect(response.json.error).toEqual({
      message: `Parent branch "branch_unknown" was not found in project ${projectId}.`,
      type: "not_found",
      code: "branch_not_found",
    });
  });

  test("parentBranchId given as a name is 404", async () => {
    const response = await callApi(emulator, "POST", `/database/v1/projects/${projectId}/branches`, {
      body: { name: "child", parentBranchId: "main" },
    });
    expect(response.status).toBe(404);
  });
});

describe("connection validation", () => {
  test("pooled other than true or false is 400", async () => {
    const response = await callApi(emulator, "GET", `/database/v1/projects/${projectId}/connection?pooled=1`);
    expect(response.status).toBe(400);
    expect(response.json.error.message).toBe('Invalid query parameter "pooled": received "1", expected "true" or "false".');
  });

  test("unknown branch name is 404", async () => {
    const response = await callApi(emulator, "GET", `/database/v1/projects/${projectId}/connection?branch=ghost`);
    expect(response.status).toBe(404);
    expect(response.json.error.message).toBe(`Branch "ghost" was not found in project ${projectId}.`);
  });

  test("branch id instead of name is 404", async () => {
    const branchId = emulator.store.listBranches(projectId)[0].id;
    const response = await callApi(emulator, "GET", `/database/v1/projects/${projectId}/connection?branch=${branchId}`);
    expect(response.status).toBe(404);
  });

  test("empty branch is 400", async () => {
    const response = await callApi(emulator, "GET", `/database/v1/projects/${projectId}/connection?branch=`);
    expect(response.status).toBe(400);
  });
});

describe("store validation", () => {
  test("createProject rejects what the route rejects", () => {
    expect(() => emulator.store.createProject({ name: "has space" })).toThrow(
      'Invalid "name" "has space": use only letters, numbers, hyphens and underscores (pattern ^[a-zA-Z0-9_-]+$).',
    );
  });

  test("updateProject rejects an unknown status", () => {
    expect(() => emulator.store.updateProject(projectId, { status: "paused" as never })).toThrow(
      'Invalid "status": received the string "paused", expected one of active, suspended, deleted.',
    );
  });
});

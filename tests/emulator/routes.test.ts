import { createEmulator, type Emulator } from "../../emulator";
import { callApi, createProjectViaApi } from "./http-client";

const isoWithMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const neonHost = /^ep-[a-z]+-[a-z]+-\d{6}\.eu-central-1\.aws\.neon\.tech$/;

let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe("create project", () => {
  test("returns 201 with the documented fields", async () => {
    const response = await callApi(emulator, "POST", "/database/v1/projects", {
      body: { name: "routes-create", description: "first", region: "aws-eu-central-1" },
    });
    expect(response.status).toBe(201);
    expect(Object.keys(response.json).sort()).toEqual(
      ["createdAt", "defaultBranch", "description", "id", "name", "pgVersion", "region", "status"].sort(),
    );
    expect(response.json.id).toMatch(/^proj_[a-z0-9]{12}$/);
    expect(response.json.name).toBe("routes-create");
    expect(response.json.description).toBe("first");
    expect(response.json.region).toBe("aws-eu-central-1");
    expect(response.json.pgVersion).toBe(17);
    expect(response.json.status).toBe("active");
    expect(response.json.createdAt).toMatch(isoWithMs);
  });

  test("defaultBranch is main with a branch id", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-default-branch" });
    expect(project.defaultBranch.name).toBe("main");
    expect(project.defaultBranch.id).toMatch(/^branch_[a-z0-9]{12}$/);
  });

  test("region defaults to aws-us-east-1", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-default-region" });
    expect(project.region).toBe("aws-us-east-1");
  });

  test("description is null when omitted", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-no-description" });
    expect(project.description).toBeNull();
  });

  test("duplicate names are allowed by default", async () => {
    await createProjectViaApi(emulator, { name: "routes-twice" });
    const second = await callApi(emulator, "POST", "/database/v1/projects", { body: { name: "routes-twice" } });
    expect(second.status).toBe(201);
  });
});

describe("get project", () => {
  test("returns the detail shape", async () => {
    const created = await createProjectViaApi(emulator, { name: "routes-get", region: "aws-eu-central-1" });
    const response = await callApi(emulator, "GET", `/database/v1/projects/${created.id}`);
    expect(response.status).toBe(200);
    expect(Object.keys(response.json).sort()).toEqual(
      [
        "branches", "computeTimeSeconds", "connectionHost", "createdAt", "databases", "description", "id",
        "linkedDeployments", "name", "pgVersion", "region", "status", "storageSizeBytes", "updatedAt",
      ].sort(),
    );
    expect(response.json.connectionHost).toMatch(neonHost);
    expect(response.json.storageSizeBytes).toBe(0);
    expect(response.json.computeTimeSeconds).toBe(0);
    expect(response.json.linkedDeployments).toEqual([]);
    expect(response.json.updatedAt).toMatch(isoWithMs);
  });

  test("branches items omit parentBranchId and updatedAt", async () => {
    const created = await createProjectViaApi(emulator, { name: "routes-get-branches" });
    const response = await callApi(emulator, "GET", `/database/v1/projects/${created.id}`);
    expect(response.json.branches).toEqual([
      { id: created.defaultBranch.id, name: "main", isDefault: true, status: "active", createdAt: created.createdAt },
    ]);
  });

  test("databases hold neondb owned by neondb_owner", async () => {
    const created = await createProjectViaApi(emulator, { name: "routes-get-databases" });
    const response = await callApi(emulator, "GET", `/database/v1/projects/${created.id}`);
    expect(response.json.databases).toHaveLength(1);
    expect(response.json.databases[0].id).toMatch(/^db_[a-z0-9]{12}$/);
    expect(response.json.databases[0].name).toBe("neondb");
    expect(response.json.databases[0].ownerName).toBe("neondb_owner");
  });

  test("unknown id is 404 not_found", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects/proj_doesnotexist");
    expect(response.status).toBe(404);
    expect(response.json).toEqual({
      error: { message: 'Project "proj_doesnotexist" was not found.', type: "not_found", code: "project_not_found" },
    });
  });
});

describe("list projects", () => {
  test("wraps items in projects", async () => {
    const created = await createProjectViaApi(emulator, { name: "routes-list" });
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.status).toBe(200);
    expect(Array.isArray(response.json.projects)).toBe(true);
    const item = response.json.projects.find((project: { id: string }) => project.id === created.id);
    expect(Object.keys(item).sort()).toEqual(
      [
        "computeTimeSeconds", "createdAt", "description", "id", "linkedDeployments", "name", "pgVersion", "region",
        "status", "storageSizeBytes", "updatedAt",
      ].sort(),
    );
  });

  test("list items drop envVarName from linked deployments", async () => {
    const created = await createProjectViaApi(emulator, { name: "routes-linked" });
    emulator.store.updateProject(created.id, {
      linkedDeployments: [{ id: "dep_1", name: "intake", type: "compute", url: "https://intake.example", envVarName: "DATABASE_URL" }],
    });
    const list = await callApi(emulator, "GET", "/database/v1/projects");
    const item = list.json.projects.find((project: { id: string }) => project.id === created.id);
    expect(item.linkedDeployments).toEqual([{ id: "dep_1", name: "intake", type: "compute", url: "https://intake.example" }]);
    const detail = await callApi(emulator, "GET", `/database/v1/projects/${created.id}`);
    expect(detail.json.linkedDeployments[0].envVarName).toBe("DATABASE_URL");
  });
});

describe("delete project", () => {
  test("returns 200 with success and message", async () => {
    const created = await createProjectViaApi(emulator, { name: "routes-delete" });
    const response = await callApi(emulator, "DELETE", `/database/v1/projects/${created.id}`);
    expect(response.status).toBe(200);
    expect(response.json.success).toBe(true);
    expect(typeof response.json.message).toBe("string");
  });

  test("deleted project disappears from get and list", async () => {
    const created = await createProjectViaApi(emulator, { name: "routes-delete-gone" });
    await callApi(emulator, "DELETE", `/database/v1/projects/${created.id}`);
    const get = await callApi(emulator, "GET", `/database/v1/projects/${created.id}`);
    expect(get.status).toBe(404);
    const list = await callApi(emulator, "GET", "/database/v1/projects");
    expect(list.json.projects.some((project: { id: string }) => project.id === created.id)).toBe(false);
  });

  test("second delete is 404", async () => {
    const created = await createProjectViaApi(emulator, { name: "routes-delete-twice" });
    await callApi(emulator, "DELETE", `/database/v1/projects/${created.id}`);
    const second = await callApi(emulator, "DELETE", `/database/v1/projects/${created.id}`);
    expect(second.status).toBe(404);
  });
});

describe("branches", () => {
  test("create branch returns 201 with the documented fields", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-branch" });
    const response = await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, { body: { name: "staging" } });
    expect(response.status).toBe(201);
    expect(Object.keys(response.json).sort()).toEqual(["createdAt", "id", "isDefault", "name", "parentBranchId", "status"]);
    expect(response.json.parentBranchId).toBe(project.defaultBranch.id);
    expect(response.json.isDefault).toBe(false);
    expect(response.json.status).toBe("active");
  });

  test("create branch accepts a parent branch id", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-branch-parent" });
    const staging = await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, { body: { name: "staging" } });
    const child = await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, {
      body: { name: "feature", parentBranchId: staging.json.id },
    });
    expect(child.json.parentBranchId).toBe(staging.json.id);
  });

  test("list branches includes parent and updatedAt", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-branch-list" });
    await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, { body: { name: "dev" } });
    const response = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/branches`);
    expect(response.status).toBe(200);
    expect(response.json.branches.map((branch: { name: string }) => branch.name)).toEqual(["main", "dev"]);
    expect(response.json.branches[0].parentBranchId).toBeNull();
    expect(Object.keys(response.json.branches[1]).sort()).toEqual(
      ["createdAt", "id", "isDefault", "name", "parentBranchId", "status", "updatedAt"],
    );
  });

  test("new branch gets its own endpoint host", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-branch-host", region: "aws-eu-central-1" });
    await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, { body: { name: "dev" } });
    const main = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection`);
    const dev = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection?branch=dev`);
    const hostOf = (uri: string): string => new URL(uri).hostname;
    expect(hostOf(dev.json.connectionUri)).toMatch(neonHost);
    expect(hostOf(dev.json.connectionUri)).not.toBe(hostOf(main.json.connectionUri));
  });

  test("create branch bumps project updatedAt", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-branch-updated" });
    await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, { body: { name: "dev" } });
    const detail = await callApi(emulator, "GET", `/database/v1/projects/${project.id}`);
    expect(detail.json.updatedAt > project.createdAt).toBe(true);
  });

  test("duplicate branch name is 409 without retry", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-branch-dup" });
    const response = await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, { body: { name: "main" } });
    expect(response.status).toBe(409);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(response.json.error.type).toBe("conflict");
  });
});

describe("connection", () => {
  test("returns a direct URI for main by default", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-connection", region: "aws-eu-central-1" });
    const detail = await callApi(emulator, "GET", `/database/v1/projects/${project.id}`);
    const response = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection`);
    expect(response.status).toBe(200);
    expect(response.json.branch).toBe("main");
    expect(response.json.pooled).toBe(false);
    expect(response.json.connectionUri).toMatch(
      new RegExp(`^postgresql://neondb_owner:[^@]+@${detail.json.connectionHost.replace(/\./g, "\\.")}/neondb\\?sslmode=require$`),
    );
  });

  test("pooled=true inserts -pooler after the endpoint id", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-pooled", region: "aws-eu-central-1" });
    const detail = await callApi(emulator, "GET", `/database/v1/projects/${project.id}`);
    const response = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection?pooled=true`);
    const [endpointId, ...rest] = detail.json.connectionHost.split(".");
    expect(new URL(response.json.connectionUri).hostname).toBe([`${endpointId}-pooler`, ...rest].join("."));
    expect(response.json.pooled).toBe(true);
  });

  test("pooled=false returns the direct host", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-unpooled" });
    const detail = await callApi(emulator, "GET", `/database/v1/projects/${project.id}`);
    const response = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection?pooled=false`);
    expect(new URL(response.json.connectionUri).hostname).toBe(detail.json.connectionHost);
  });
});

describe("usage", () => {
  test("returns period, pricing, totals and projects", async () => {
    const project = await createProjectViaApi(emulator, { name: "routes-usage" });
    emulator.store.updateProject(project.id, { computeTimeSeconds: 36_000, storageSizeBytes: 2 * 1024 ** 3 });
    const response = await callApi(emulator, "GET", "/database/v1/usage");
    expect(response.status).toBe(200);
    expect(response.json.period.start).toMatch(isoWithMs);
    expect(response.json.pricing).toEqual({
      computePerCuHour: 0.102, storagePerGbMonth: 0.024, transferPerGb: 0.09, branchPerMonth: 0, freeBranches: 10,
    });
    expect(typeof response.json.totals.totalCostDollars).toBe("string");
    expect(response.json.projectCount).toBe(response.json.projects.length);
    const item = response.json.projects.find((entry: { projectId: string }) => entry.projectId === project.id);
    expect(item.computeCuHours).toBe(10);
    expect(item.storageGbMonths).toBe(2);
    expect(item.costs.compute).toBe("1.02");
    expect(item.costs.storage).toBe("0.05");
    expect(item.branchCount).toBe(1);
  });
});

describe("unknown project id", () => {
  const cases: Array<[string, string, unknown]> = [
    ["GET", "/database/v1/projects/proj_missing", undefined],
    ["DELETE", "/database/v1/projects/proj_missing", undefined],
    ["POST", "/database/v1/projects/proj_missing/branches", { name: "dev" }],
    ["GET", "/database/v1/projects/proj_missing/branches", undefined],
    ["GET", "/database/v1/projects/proj_missing/connection", undefined],
  ];

  test.each(cases)("%s %s is 404", async (method, path, body) => {
    const response = await callApi(emulator, method, path, { body });
    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe("project_not_found");
  });
});

describe("routing", () => {
  test("unknown route is 404", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/nothing");
    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe("route_not_found");
  });

  test("wrong method is 405 with Allow", async () => {
    const response = await callApi(emulator, "PUT", "/database/v1/projects");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, GET");
  });

  test("every response has a request id", async () => {
    const ok = await callApi(emulator, "GET", "/database/v1/projects");
    const failed = await callApi(emulator, "GET", "/database/v1/projects", { key: null });
    expect(ok.headers.get("x-request-id")).toMatch(/^req_[a-z0-9]{16}$/);
    expect(failed.headers.get("x-request-id")).toMatch(/^req_[a-z0-9]{16}$/);
  });

  test("path ids are URL-decoded", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects/proj%5Fencoded");
    expect(response.json.error.message).toBe('Project "proj_encoded" was not found.');
  });

  test("oversized body is 413", async () => {
    const response = await callApi(emulator, "POST", "/database/v1/projects", { rawBody: `"${"x".repeat(1024 * 1024)}"` });
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe("payload_too_large");
  });

  test("no rate-limit headers without a limit", async () => {
    const response = await callApi(emulator, "GET", "/database/v1/projects");
    expect(response.headers.get("x-ratelimit-limit-requests")).toBeNull();
  });
});

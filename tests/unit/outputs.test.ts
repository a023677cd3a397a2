import { checkProjectInputs } from "../../provider/inputs";
import { diffProject } from "../../provider/diff";
import { inputsFromOutputs, toProjectOutputs, type ProjectOutputs } from "../../provider/outputs";
import {
  branchListSchema,
  connectionSchema,
  createdProjectSchema,
  deleteResultSchema,
  projectDetailSchema,
  projectListSchema,
} from "../../provider/schemas";

const inputs = { name: "cases", region: "aws-us-east-1" };

function parseDetail(body: unknown) {
  return projectDetailSchema().parse(body);
}

function parseCreated(body: unknown) {
  return createdProjectSchema().parse(body);
}

/** A complete GET response, as the API documents it. */
const fullDetail = {
  id: "proj_1",
  name: "cases",
  description: "Case files",
  region: "aws-eu-west-1",
  pgVersion: 17,
  status: "active",
  connectionHost: "ep-1.eu-west-1.aws.neon.tech",
  storageSizeBytes: 1024,
  computeTimeSeconds: 60,
  branches: [
    { id: "br_dev", name: "dev", isDefault: false, status: "ready", createdAt: "2025-01-02T00:00:00Z" },
    { id: "br_main", name: "main", isDefault: true, status: "ready", createdAt: "2025-01-01T00:00:00Z" },
  ],
  databases: [{ id: "db_1", name: "neondb", ownerName: "neondb_owner" }],
  linkedDeployments: [{ id: "dep_1", name: "web", type: "vercel", url: "https://web.test", envVarName: "DATABASE_URL" }],
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-01-03T00:00:00Z",
};

const connection = { direct: "postgresql://u:p@ep-1/neondb", pooled: "postgresql://u:p@ep-1-pooler/neondb" };

describe("toProjectOutputs", () => {
  test("maps a complete response", () => {
    expect(toProjectOutputs(parseDetail(fullDetail), inputs, connection)).toStrictEqual({
      projectId: "proj_1",
      name: "cases",
      description: "Case files",
      region: "aws-eu-west-1",
      pgVersion: 17,
      status: "active",
      defaultBranch: { id: "br_main", name: "main" },
      connectionHostname: "ep-1.eu-west-1.aws.neon.tech",
      branches: [
        { id: "br_dev", name: "dev", isDefault: false, status: "ready", createdAt: "2025-01-02T00:00:00Z" },
        { id: "br_main", name: "main", isDefault: true, status: "ready", createdAt: "2025-01-01T00:00:00Z" },
      ],
      databases: [{ id: "db_1", name: "neondb", ownerName: "neondb_owner" }],
      storageSizeBytes: 1024,
      computeTimeSeconds: 60,
      linkedDeployments: [{ id: "dep_1", name: "web", type: "vercel", url: "https://web.test", envVarName: "DATABASE_URL" }],
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-01-03T00:00:00Z",
      connectionUri: "postgresql://u:p@ep-1/neondb",
      pooledConnectionUri: "postgresql://u:p@ep-1-pooler/neondb",
    });
  });

  describe("connection host", () => {
    test("maps connectionHost", () => {
      const detail = parseDetail({ id: "proj_1", connectionHost: "host-a" });

      expect(toProjectOutputs(detail, inputs, undefined).connectionHostname).toBe("host-a");
    });

    test("maps connectionHostname", () => {
      const detail = parseDetail({ id: "proj_1", connectionHostname: "host-b" });

      expect(toProjectOutputs(detail, inputs, undefined).connectionHostname).toBe("host-b");
    });

    test("prefers connectionHost over connectionHostname", () => {
      const detail = parseDetail({ id: "proj_1", connectionHost: "host-a", connectionHostname: "host-b" });

      expect(toProjectOutputs(detail, inputs, undefined).connectionHostname).toBe("host-a");
    });

    test("falls back when connectionHost is null", () => {
      const detail = parseDetail({ id: "proj_1", connectionHost: null, connectionHostname: "host-b" });

      expect(toProjectOutputs(detail, inputs, undefined).connectionHostname).toBe("host-b");
    });

    test("returns null without a host", () => {
      expect(toProjectOutputs(parseDetail({ id: "proj_1" }), inputs, undefined).connectionHostname).toBeNull();
    });
  });

  describe("default branch", () => {
    test("takes the branch marked isDefault", () => {
      const detail = parseDetail({
        id: "proj_1",
        branches: [
          { id: "br_a", name: "a" },
          { id: "br_b", name: "trunk", isDefault: true },
        ],
      });
      const created = parseCreated({ id: "proj_1", defaultBranch: { id: "br_created", name: "created" } });

      expect(toProjectOutputs(detail, inputs, undefined, created).defaultBranch).toEqual({ id: "br_b", name: "trunk" });
    });

    test("falls back to the create response", () => {
      const detail = parseDetail({ id: "proj_1", branches: [{ id: "br_a", name: "a", isDefault: false }] });
      const created = parseCreated({ id: "proj_1", defaultBranch: { id: "br_created", name: "trunk" } });

      expect(toProjectOutputs(detail, inputs, undefined, created).defaultBranch).toEqual({ id: "br_created", name: "trunk" });
    });

    test("names the created branch main when unnamed", () => {
      const created = parseCreated({ id: "proj_1", defaultBranch: { id: "br_created" } });

      expect(toProjectOutputs(parseDetail({ id: "proj_1" }), inputs, undefined, created).defaultBranch).toEqual({
        id: "br_created",
        name: "main",
      });
    });

    test("defaults to main without any branch", () => {
      expect(toProjectOutputs(parseDetail({ id: "proj_1" }), inputs, undefined).defaultBranch).toEqual({ id: null, name: "main" });
    });

    test("skips a default branch without id", () => {
      const detail = parseDetail({ id: "proj_1", branches: [{ name: "ghost", isDefault: true }] });

      expect(toProjectOutputs(detail, inputs, undefined).defaultBranch).toEqual({ id: null, name: "main" });
    });
  });

  describe("branches, databases and deployments", () => {
    test("drops branches without id", () => {
      const detail = parseDetail({ id: "proj_1", branches: [{ name: "ghost" }, { id: "br_a", name: "a" }] });

      expect(toProjectOutputs(detail, inputs, undefined).branches).toEqual([{ id: "br_a", name: "a", isDefault: false }]);
    });

    test("names an unnamed branch by its id", () => {
      const detail = parseDetail({ id: "proj_1", branches: [{ id: "br_a", name: null, isDefault: null }] });

      expect(toProjectOutputs(detail, inputs, undefined).branches).toStrictEqual([{ id: "br_a", name: "br_a", isDefault: false }]);
    });

    test("drops databases without name", () => {
      const detail = parseDetail({ id: "proj_1", databases: [{ id: "db_0" }, { name: "neondb" }] });

      expect(toProjectOutputs(detail, inputs, undefined).databases).toStrictEqual([{ name: "neondb" }]);
    });

    test("keeps only present deployment fields", () => {
      const detail = parseDetail({ id: "proj_1", linkedDeployments: [{ id: "dep_1", url: null, extra: 1 }] });

      expect(toProjectOutputs(detail, inputs, undefined).linkedDeployments).toStrictEqual([{ id: "dep_1" }]);
    });
  });

  describe("missing optional fields", () => {
    const minimalOutputs: ProjectOutputs = {
      projectId: "proj_1",
      name: "cases",
      description: null,
      region: "aws-us-east-1",
      pgVersion: null,
      status: "active",
      defaultBranch: { id: null, name: "main" },
      connectionHostname: null,
      branches: [],
      databases: [],
      storageSizeBytes: null,
      computeTimeSeconds: null,
      linkedDeployments: [],
      createdAt: null,
      updatedAt: null,
      connectionUri: null,
      pooledConnectionUri: null,
    };

    test("fills nulls and empty lists for absent fields", () => {
      expect(toProjectOutputs(parseDetail({ id: "proj_1" }), inputs, undefined)).toStrictEqual(minimalOutputs);
    });

    test("fills nulls and empty lists for null fields", () => {
      const detail = parseDetail({
        id: "proj_1",
        name: null,
        description: null,
        region: null,
        pgVersion: null,
        status: null,
        connectionHost: null,
        connectionHostname: null,
        storageSizeBytes: null,
        computeTimeSeconds: null,
        branches: null,
        databases: null,
        linkedDeployments: null,
        createdAt: null,
        updatedAt: null,
      });

      expect(toProjectOutputs(detail, inputs, undefined)).toStrictEqual(minimalOutputs);
    });

    test("turns empty description into null", () => {
      expect(toProjectOutputs(parseDetail({ id: "proj_1", description: "" }), inputs, undefined).description).toBeNull();
    });

    test("fills from the create response", () => {
      const created = parseCreated({
        id: "proj_1",
        name: "created-name",
        description: "From create",
        region: "aws-eu-west-2",
        pgVersion: 16,
        status: "provisioning",
        createdAt: "2025-02-01T00:00:00Z",
      });
      const outputs = toProjectOutputs(parseDetail({ id: "proj_1" }), inputs, undefined, created);

      expect(outputs.name).toBe("created-name");
      expect(outputs.description).toBe("From create");
      expect(outputs.region).toBe("aws-eu-west-2");
      expect(outputs.pgVersion).toBe(16);
      expect(outputs.status).toBe("provisioning");
      expect(outputs.createdAt).toBe("2025-02-01T00:00:00Z");
    });

    test("prefers the GET response over the create response", () => {
      const created = parseCreated({ id: "proj_1", name: "created-name", region: "aws-eu-west-2", status: "provisioning" });
      const outputs = toProjectOutputs(parseDetail(fullDetail), inputs, undefined, created);

      expect(outputs.name).toBe("cases");
      expect(outputs.region).toBe("aws-eu-west-1");
      expect(outputs.status).toBe("active");
    });
  });

  describe("control inputs", () => {
    test("echoes allowUnknownRegion and adoptExistingId", () => {
      const outputs = toProjectOutputs(parseDetail({ id: "proj_1" }), { ...inputs, allowUnknownRegion: false, adoptExistingId: "proj_1" }, undefined);

      expect(outputs.allowUnknownRegion).toBe(false);
      expect(outputs.adoptExistingId).toBe("proj_1");
    });

    test("omits unset control inputs", () => {
      const outputs = toProjectOutputs(parseDetail({ id: "proj_1" }), inputs, undefined);

      expect(outputs).not.toHaveProperty("allowUnknownRegion");
      expect(outputs).not.toHaveProperty("adoptExistingId");
    });
  });

  test("ignores unknown response fields", () => {
    const detail = parseDetail({ ...fullDetail, futureField: { nested: true } });

    expect(toProjectOutputs(detail, inputs, connection)).not.toHaveProperty("futureField");
  });
});

describe("inputsFromOutputs", () => {
  const outputs = toProjectOutputs(parseDetail(fullDetail), inputs, connection);

  test("returns name, region and description", () => {
    expect(inputsFromOutputs(outputs)).toStrictEqual({ name: "cases", region: "aws-eu-west-1", description: "Case files" });
  });

  test("omits null description", () => {
    expect(inputsFromOutputs({ ...outputs, description: null })).not.toHaveProperty("description");
  });

  test("echoes control inputs", () => {
    const withControls = { ...outputs, allowUnknownRegion: true, adoptExistingId: "proj_1" };

    expect(inputsFromOutputs(withControls)).toStrictEqual({
      name: "cases",
      region: "aws-eu-west-1",
      description: "Case files",
      allowUnknownRegion: true,
      adoptExistingId: "proj_1",
    });
  });

  test("passes check without failures", () => {
    expect(checkProjectInputs(inputsFromOutputs(outputs)).failures).toEqual([]);
  });

  test("produces no diff against its outputs", () => {
    const minimal = toProjectOutputs(parseDetail({ id: "proj_1" }), inputs, undefined);

    expect(diffProject({ ...outputs }, inputsFromOutputs(outputs)).changes).toBe(false);
    expect(diffProject({ ...minimal }, inputsFromOutputs(minimal)).changes).toBe(false);
  });
});

describe("schemas", () => {
  describe("projectDetailSchema", () => {
    test("keeps unknown fields", () => {
      expect(parseDetail({ id: "proj_1", futureField: 1 })).toMatchObject({ futureField: 1 });
    });

    test.each([
      ["missing id", { name: "cases" }],
      ["empty id", { id: "" }],
      ["numeric id", { id: 1 }],
      ["null id", { id: null }],
      ["null body", null],
      ["array body", [{ id: "proj_1" }]],
      ["string body", "proj_1"],
    ])("rejects %s", (_label, body) => {
      expect(projectDetailSchema().safeParse(body).success).toBe(false);
    });
  });

  describe("createdProjectSchema", () => {
    test("turns null defaultBranch into undefined", () => {
      expect(parseCreated({ id: "proj_1", defaultBranch: null }).defaultBranch).toBeUndefined();
    });

    test("keeps unknown fields", () => {
      expect(parseCreated({ id: "proj_1", futureField: "x" })).toMatchObject({ futureField: "x" });
    });

    test.each([
      ["missing id", {}],
      ["empty id", { id: "" }],
      ["numeric id", { id: 7 }],
    ])("rejects %s", (_label, body) => {
      expect(createdProjectSchema().safeParse(body).success).toBe(false);
    });
  });

  describe("projectListSchema", () => {
    const items = [{ id: "proj_1", name: "cases", region: "aws-us-east-1", status: "active", createdAt: "2025-01-01T00:00:00Z" }];

    test.each([
      ["bare array", items],
      ["projects envelope", { projects: items }],
      ["data envelope", { data: items }],
      ["envelope with extra fields", { projects: items, total: 1, nextCursor: null }],
    ])("accepts %s", (_label, body) => {
      expect(projectListSchema().parse(body)).toEqual(items);
    });

    test.each([
      ["bare array", []],
      ["projects envelope", { projects: [] }],
      ["data envelope", { data: [] }],
    ])("accepts empty %s", (_label, body) => {
      expect(projectListSchema().parse(body)).toEqual([]);
    });

    test("keeps unknown item fields", () => {
      expect(projectListSchema().parse([{ id: "proj_1", branchCount: 2 }])).toEqual([{ id: "proj_1", branchCount: 2 }]);
    });

    test("accepts items without id", () => {
      expect(projectListSchema().parse([{ name: "cases" }])).toEqual([{ name: "cases" }]);
    });

    test.each([
      ["unknown envelope", { items: [] }],
      ["null projects", { projects: null }],
      ["projects as object", { projects: {} }],
      ["null body", null],
      ["string body", "[]"],
    ])("rejects %s", (_label, body) => {
      expect(projectListSchema().safeParse(body).success).toBe(false);
    });
  });

  describe("branchListSchema", () => {
    const items = [{ id: "br_main", name: "main", isDefault: true }];

    test.each([
      ["bare array", items],
      ["branches envelope", { branches: items }],
      ["data envelope", { data: items }],
    ])("accepts %s", (_label, body) => {
      expect(branchListSchema().parse(body)).toEqual(items);
    });

    test.each([
      ["bare array", []],
      ["branches envelope", { branches: [] }],
      ["data envelope", { data: [] }],
    ])("accepts empty %s", (_label, body) => {
      expect(branchListSchema().parse(body)).toEqual([]);
    });

    test.each([
      ["projects envelope", { projects: items }],
      ["null branches", { branches: null }],
      ["null body", null],
    ])("rejects %s", (_label, body) => {
      expect(branchListSchema().safeParse(body).success).toBe(false);
    });
  });

  describe("connectionSchema", () => {
    test("accepts connectionUri", () => {
      expect(connectionSchema().parse({ connectionUri: "postgresql://h/db", pooled: null })).toEqual({
        connectionUri: "postgresql://h/db",
        pooled: undefined,
        branch: undefined,
      });
    });

    test.each([
      ["missing connectionUri", {}],
      ["empty connectionUri", { connectionUri: "" }],
      ["null connectionUri", { connectionUri: null }],
      ["numeric connectionUri", { connectionUri: 5 }],
    ])("rejects %s", (_label, body) => {
      expect(connectionSchema().safeParse(body).success).toBe(false);
    });
  });

  describe("deleteResultSchema", () => {
    test.each([
      ["empty body", {}],
      ["success body", { success: true, message: "deleted" }],
      ["null fields", { success: null, message: null }],
    ])("accepts %s", (_label, body) => {
      expect(deleteResultSchema().safeParse(body).success).toBe(true);
    });

    test("drops success of the wrong type", () => {
      const parsed = deleteResultSchema().safeParse({ success: "yes", message: "gone" });

      expect(parsed.success).toBe(true);
      expect(parsed.data?.success).toBeUndefined();
      expect(parsed.data?.message).toBe("gone");
    });
  });
});

describe("projectDetailSchema tolerance", () => {
  test("drops optional fields of the wrong type", () => {
    const parsed = projectDetailSchema().parse({ id: "proj_1", pgVersion: "17", connectionHost: 5, branches: [{ id: 7, name: "x" }] });

    expect(parsed.pgVersion).toBeUndefined();
    expect(parsed.connectionHostname).toBeUndefined();
    expect(parsed.branches[0].id).toBeUndefined();
  });

  test("still rejects a missing id", () => {
    expect(projectDetailSchema().safeParse({ name: "no-id" }).success).toBe(false);
  });
});

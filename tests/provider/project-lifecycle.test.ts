import type { Emulator } from "../../emulator";
import * as project from "../../provider/project-handlers";
import { startEmulator, testApiKey } from "../helpers/emulator";
import { useEmulatorEnvironment } from "../helpers/provider-env";

const providerKey = "__provider";
const serializedProvider = "exports.handler = () => ({})";

let emulator: Emulator;
let restoreEnvironment: () => void;

beforeAll(async () => {
  emulator = await startEmulator();
  restoreEnvironment = useEmulatorEnvironment(emulator.url, testApiKey, { CASEDEV_MAX_RETRY_WAIT_SECONDS: "5" });
});

afterAll(async () => {
  restoreEnvironment();
  await emulator.close();
});

beforeEach(() => {
  emulator.clearRequests();
  emulator.faults.clear();
});

async function checkedInputs(news: Record<string, unknown>) {
  const result = await project.check({}, { ...news, [providerKey]: serializedProvider });
  expect(result.failures).toEqual([]);
  return { ...result.inputs, [providerKey]: serializedProvider };
}

describe("project create", () => {
  test("creates one project and returns complete outputs", async () => {
    const inputs = await checkedInputs({ name: "lifecycle-create", description: "cases", region: "aws-eu-west-1" });

    const result = await project.create(inputs);

    const stored = emulator.store.getProject(result.id);
    expect(stored?.name).toBe("lifecycle-create");
    expect(stored?.region).toBe("aws-eu-west-1");
    expect(result.outs.projectId).toBe(result.id);
    expect(result.outs.name).toBe("lifecycle-create");
    expect(result.outs.description).toBe("cases");
    expect(result.outs.region).toBe("aws-eu-west-1");
    expect(result.outs.status).toBe("active");
    expect(result.outs.pgVersion).toBe(17);
    expect(result.outs.defaultBranch).toEqual({ id: stored?.branches.find((b) => b.isDefault)?.id, name: "main" });
    expect(result.outs.connectionHostname).toMatch(/^ep-[a-z]+-[a-z]+-\d{6}\.eu-west-1\.aws\.neon\.tech$/);
    expect(result.outs.databases).toEqual([expect.objectContaining({ name: "neondb", ownerName: "neondb_owner" })]);
    expect(result.outs.connectionUri).toMatch(/^postgresql:\/\/neondb_owner:[^@]+@ep-[^/]+\/neondb\?sslmode=require$/);
    expect(result.outs.pooledConnectionUri).toContain("-pooler.");
  });

  test("sends at most four requests", async () => {
    const inputs = await checkedInputs({ name: "lifecycle-count" });

    await project.create(inputs);

    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toHaveLength(4);
  });

  test("sends no description when none is set", async () => {
    const inputs = await checkedInputs({ name: "lifecycle-nodesc", description: "" });

    const result = await project.create(inputs);

    const post = emulator.requests.find((r) => r.method === "POST");
    expect(post?.body).toEqual({ name: "lifecycle-nodesc", region: "aws-us-east-1" });
    expect(result.outs.description).toBeNull();
  });
});

describe("project read", () => {
  test("returns outputs and matching inputs", async () => {
    const created = await project.create(await checkedInputs({ name: "lifecycle-read", description: "d" }));
    emulator.clearRequests();

    const result = await project.read!(created.id, created.outs);

    expect(result.id).toBe(created.id);
    expect(result.props).toEqual(created.outs);
    expect(result.inputs).toEqual({ name: "lifecycle-read", description: "d", region: "aws-us-east-1" });
    expect(emulator.requests).toHaveLength(3);
  });

  test("reports drift made outside Pulumi", async () => {
    const created = await project.create(await checkedInputs({ name: "lifecycle-drift" }));
    emulator.store.updateProject(created.id, { description: "edited by hand" });

    const result = await project.read!(created.id, created.outs);

    expect(result.props?.description).toBe("edited by hand");
    expect(result.inputs?.description).toBe("edited by hand");
  });

  test("returns no id for a deleted project", async () => {
    const created = await project.create(await checkedInputs({ name: "lifecycle-gone" }));
    emulator.store.deleteProject(created.id);

    const result = await project.read!(created.id, created.outs);

    expect(result.id).toBeUndefined();
  });
});

describe("project delete", () => {
  test("deletes the project", async () => {
    const created = await project.create(await checkedInputs({ name: "lifecycle-delete" }));

    await project.delete!(created.id, created.outs);

    expect(emulator.store.getProject(created.id)?.status).toBe("deleted");
    expect(emulator.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
  });

  test("treats 404 as already deleted", async () => {
    const created = await project.create(await checkedInputs({ name: "lifecycle-delete-twice" }));
    emulator.store.deleteProject(created.id);

    await expect(project.delete!(created.id, created.outs)).resolves.toBeUndefined();
  });
});

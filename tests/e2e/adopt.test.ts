import type { Emulator } from "../../emulator";
import { changingSteps, projectType, setProjects, startEmulatorStack, stopEmulatorStack, type TestStack } from "../helpers/pulumi-cli";

/**
 * Projects made outside Pulumi: adopted through `adoptExistingId`, rejected
 * when they differ from the program, and looked up read-only through
 * `CaseDevDatabaseProject.get`.
 */

jest.setTimeout(300_000);

let emulator: Emulator;
let stack: TestStack;

beforeAll(async () => {
  ({ emulator, stack } = await startEmulatorStack({ projectDir: "tests/e2e/fixtures/projects" }));
});

afterAll(async () => {
  await stopEmulatorStack(emulator, stack);
});

function liveProjects() {
  return emulator.store.listProjects();
}

function sentChanges() {
  return emulator.requests.filter((request) => request.method === "POST" || request.method === "DELETE");
}

type ProjectOutputs = Record<string, Record<string, unknown>>;

describe("adoptExistingId", () => {
  let handMadeId: string;

  beforeAll(() => {
    handMadeId = emulator.store.createProject({ name: "adopt-match", region: "aws-eu-west-1", description: "made by hand" }).id;
  });

  test("up adopts without creating", async () => {
    await setProjects(stack, [{ key: "a", name: "adopt-match", region: "aws-eu-west-1", description: "made by hand", adoptExistingId: handMadeId }]);
    emulator.clearRequests();

    await stack.up();

    expect(liveProjects().map((project) => project.id)).toEqual([handMadeId]);
    expect(sentChanges()).toEqual([]);
    const [state] = await stack.resourcesOfType(projectType);
    expect(state.id).toBe(handMadeId);
    expect(state.outputs?.adoptExistingId).toBe(handMadeId);
    const outputs = (await stack.outputs()).projects as ProjectOutputs;
    expect(outputs.a).toEqual({ projectId: handMadeId, name: "adopt-match", region: "aws-eu-west-1", description: "made by hand", status: "active" });
  });

  test("preview after adoption shows no changes", async () => {
    emulator.clearRequests();

    const preview = await stack.preview();

    expect(changingSteps(preview)).toEqual([]);
    expect(emulator.requests).toEqual([]);
  });

  test("destroy deletes an adopted project", async () => {
    emulator.clearRequests();

    await stack.destroy();

    expect(liveProjects()).toEqual([]);
    expect(emulator.store.getProject(handMadeId)?.status).toBe("deleted");
    expect(sentChanges().map((request) => [request.method, request.path])).toEqual([["DELETE", `/database/v1/projects/${handMadeId}`]]);
    expect(await stack.resourcesOfType(projectType)).toEqual([]);
  });

  test("differing project fails adoption", async () => {
    const handMade = emulator.store.createProject({ name: "adopt-live-name", region: "aws-eu-west-1" });
    await setProjects(stack, [{ key: "b", name: "adopt-program-name", region: "aws-us-east-2", adoptExistingId: handMade.id }]);
    emulator.clearRequests();

    const result = await stack.up([], { allowFailure: true });

    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code).not.toBe(0);
    expect(output).toContain('name is "adopt-live-name" but the program sets "adopt-program-name"');
    expect(output).toContain('region is "aws-eu-west-1" but the program sets "aws-us-east-2"');
    expect(output).not.toContain("description is");
    expect(liveProjects()).toEqual([handMade]);
    expect(sentChanges()).toEqual([]);
    expect(await stack.resourcesOfType(projectType)).toEqual([]);

    emulator.store.deleteProject(handMade.id);
  });
});

describe("CaseDevDatabaseProject.get", () => {
  let handMadeId: string;

  beforeAll(() => {
    handMadeId = emulator.store.createProject({ name: "lookup-live", region: "aws-ap-southeast-2", description: "read only" }).id;
  });

  test("get exposes the live project's outputs", async () => {
    await setProjects(stack, [{ key: "lookup", getId: handMadeId }]);
    emulator.clearRequests();

    await stack.up();

    const live = emulator.store.getProject(handMadeId)!;
    const [state] = await stack.resourcesOfType(projectType);
    expect(state.id).toBe(live.id);
    expect((state as { external?: boolean }).external).toBe(true);
    expect(state.outputs).toMatchObject({ projectId: live.id, name: live.name, region: live.region, description: live.description, status: live.status });
    expect(state.outputs?.connectionHostname).toBe(live.branches.find((branch) => branch.isDefault)?.host);
    expect(state.outputs?.pgVersion).toBe(live.pgVersion);
    expect(sentChanges()).toEqual([]);
    expect(liveProjects().map((project) => project.id)).toEqual([handMadeId]);

    // The program reads the lookup's outputs as any other resource's.
    const outputs = (await stack.outputs()).projects as ProjectOutputs;
    expect(outputs.lookup).toEqual({ projectId: live.id, name: live.name, region: live.region, description: live.description, status: live.status });
  });

  test("destroy leaves a looked-up project", async () => {
    const before = emulator.store.getProject(handMadeId);
    emulator.clearRequests();

    await stack.destroy();

    expect(await stack.resourcesOfType(projectType)).toEqual([]);
    expect(sentChanges()).toEqual([]);
    expect(liveProjects()).toEqual([before]);
  });
});

import type { Emulator, RecordedRequest } from "../../emulator";
import { changingSteps, projectType, setProjects, startEmulatorStack, stopEmulatorStack, type TestStack } from "../helpers/pulumi-cli";

/**
 * Pulumi's resource options on a project: protect, retainOnDelete,
 * ignoreChanges and dependsOn, checked against the requests the emulator received.
 */

jest.setTimeout(300_000);

let emulator: Emulator;
let stack: TestStack;

beforeAll(async () => {
  ({ emulator, stack } = await startEmulatorStack({ projectDir: "tests/e2e/fixtures/projects" }));
});

afterAll(async () => {
  // A protected project left by a failed test would make destroy fail.
  await stack?.run(["state", "unprotect", "--all", "--yes", "--stack", stack.stackName], { allowFailure: true });
  await stopEmulatorStack(emulator, stack);
});

function liveProjects() {
  return emulator.store.listProjects();
}

function sentChanges(): RecordedRequest[] {
  return emulator.requests.filter((request) => request.method === "POST" || request.method === "DELETE");
}

/** Returns the position in `emulator.requests` of the create request for `name`, or -1. */
function createIndex(name: string): number {
  return emulator.requests.findIndex((request) => request.method === "POST" && (request.body as { name?: string } | undefined)?.name === name);
}

/** Returns the position in `emulator.requests` of the delete request for project `id`, or -1. */
function deleteIndex(id: string): number {
  return emulator.requests.findIndex((request) => request.method === "DELETE" && request.path === `/database/v1/projects/${id}`);
}

describe("protect, retainOnDelete and ignoreChanges", () => {
  const protectedProject = { key: "p", name: "opt-protect", region: "aws-us-east-1", protect: true };
  const unprotectedProject = { ...protectedProject, protect: false };
  const retainedProject = { key: "r", name: "opt-retain", retainOnDelete: true };
  const ignoringProject = { key: "i", name: "opt-ignore", description: "first", ignoreChanges: ["description"] };

  // One up creates all three projects, to keep the file fast.
  beforeAll(async () => {
    await setProjects(stack, [protectedProject, retainedProject, ignoringProject]);
    await stack.up();
  });

  test("protect blocks a region replacement", async () => {
    const before = liveProjects();
    expect(before.map((project) => project.name).sort()).toEqual(["opt-ignore", "opt-protect", "opt-retain"]);
    await setProjects(stack, [{ ...protectedProject, region: "aws-eu-west-1" }, retainedProject, ignoringProject]);
    emulator.clearRequests();

    const preview = await stack.previewFailure();
    const up = await stack.up([], { allowFailure: true });

    for (const output of [preview.stdout, up.stdout]) {
      expect(output).toContain("unable to replace resource");
      expect(output).toContain("as it is currently marked for protection");
    }
    expect(up.code).not.toBe(0);
    expect(sentChanges()).toEqual([]);
    expect(liveProjects()).toEqual(before);
    const state = (await stack.resourcesOfType(projectType)).find((resource) => resource.urn.endsWith("::p"));
    expect(state?.id).toBe(before.find((project) => project.name === "opt-protect")?.id);
    expect(state?.outputs?.region).toBe("aws-us-east-1");

    // Unprotect in state and in the program, so the tests below can change and destroy the stack.
    await setProjects(stack, [unprotectedProject, retainedProject, ignoringProject]);
    await stack.run(["state", "unprotect", "--all", "--yes", "--stack", stack.stackName]);
  });

  test("ignoreChanges skips a description change", async () => {
    const before = liveProjects();
    await setProjects(stack, [unprotectedProject, retainedProject, { ...ignoringProject, description: "second" }]);
    emulator.clearRequests();

    const preview = await stack.preview();
    await stack.up();

    expect(changingSteps(preview)).toEqual([]);
    expect(sentChanges()).toEqual([]);
    expect(liveProjects()).toEqual(before);
    const state = (await stack.resourcesOfType(projectType)).find((resource) => resource.urn.endsWith("::i"));
    expect(state?.id).toBe(before.find((project) => project.name === "opt-ignore")?.id);
    expect(state?.outputs?.description).toBe("first");
    const outputs = (await stack.outputs()).projects as Record<string, Record<string, unknown>>;
    expect(outputs.i.description).toBe("first");
  });

  test("retainOnDelete keeps the project on destroy", async () => {
    const before = liveProjects();
    const retained = before.find((project) => project.name === "opt-retain")!;
    emulator.clearRequests();

    await stack.destroy();

    expect(await stack.resourcesOfType(projectType)).toEqual([]);
    const deletedIds = sentChanges().map((request) => request.path.split("/").pop());
    expect(deletedIds.sort()).toEqual(before.filter((project) => project !== retained).map((project) => project.id).sort());
    expect(sentChanges().every((request) => request.method === "DELETE")).toBe(true);
    expect(liveProjects()).toEqual([retained]);

    emulator.store.deleteProject(retained.id);
  });
});

describe("dependsOn", () => {
  test("dependsOn orders create and delete", async () => {
    await setProjects(stack, [
      { key: "base", name: "opt-base" },
      { key: "dependent", name: "opt-dependent", dependsOn: ["base"] },
    ]);
    emulator.clearRequests();

    await stack.up();

    const projects = liveProjects();
    expect(projects.map((project) => project.name).sort()).toEqual(["opt-base", "opt-dependent"]);
    const baseId = projects.find((project) => project.name === "opt-base")!.id;
    const dependentId = projects.find((project) => project.name === "opt-dependent")!.id;
    // The dependent's create starts only after the base's create has read back the new project.
    const lastBaseRead = emulator.requests.map((request) => request.path.startsWith(`/database/v1/projects/${baseId}`)).lastIndexOf(true);
    expect(createIndex("opt-base")).toBeGreaterThanOrEqual(0);
    expect(createIndex("opt-dependent")).toBeGreaterThan(lastBaseRead);

    emulator.clearRequests();
    await stack.destroy();

    expect(deleteIndex(dependentId)).toBeGreaterThanOrEqual(0);
    expect(deleteIndex(baseId)).toBeGreaterThan(deleteIndex(dependentId));
    expect(liveProjects()).toEqual([]);
    expect(await stack.resourcesOfType(projectType)).toEqual([]);
  });
});

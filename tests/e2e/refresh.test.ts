import type { Emulator } from "../../emulator";
import { changingSteps, projectType, setProjects, startEmulatorStack, stopEmulatorStack, type TestStack } from "../helpers/pulumi-cli";

/**
 * `pulumi refresh` against changes made in the emulator behind Pulumi's back:
 * an edited description, a suspended project and a deleted one. The emulator
 * keeps deleted projects and reports them with status "deleted".
 */

jest.setTimeout(300_000);

let emulator: Emulator;
let stack: TestStack;

const program = [{ key: "a", name: "refresh-a", description: "from the program" }];

beforeAll(async () => {
  ({ emulator, stack } = await startEmulatorStack({ projectDir: "tests/e2e/fixtures/projects", emulator: { deletedProjects: "status-deleted" } }));
  await setProjects(stack, program);
});

afterAll(async () => {
  await stopEmulatorStack(emulator, stack);
});

function liveProjects() {
  return emulator.store.listProjects();
}

async function projectState() {
  const resources = await stack.resourcesOfType(projectType);
  expect(resources).toHaveLength(1);
  return resources[0];
}

function sentChanges() {
  return emulator.requests.filter((request) => request.method === "POST" || request.method === "DELETE");
}

test("up creates the project", async () => {
  await stack.up();

  expect(liveProjects().map((project) => [project.name, project.description])).toEqual([["refresh-a", "from the program"]]);
  expect((await projectState()).id).toBe(liveProjects()[0].id);
});

test("refresh records an edited description", async () => {
  const [live] = liveProjects();
  emulator.store.updateProject(live.id, { description: "edited by hand" });
  emulator.clearRequests();

  await stack.refresh();

  const state = await projectState();
  expect(state.id).toBe(live.id);
  expect(state.outputs?.description).toBe("edited by hand");
  expect(state.inputs?.description).toBe("edited by hand");
  expect(sentChanges()).toEqual([]);
  expect(liveProjects().map((project) => [project.id, project.description])).toEqual([[live.id, "edited by hand"]]);
});

test("preview after drift replaces for description", async () => {
  emulator.clearRequests();

  const preview = await stack.preview();

  const replace = changingSteps(preview).find((step) => step.op === "replace");
  expect(replace?.urn.endsWith(`${projectType}::a`)).toBe(true);
  expect(replace?.replaceReasons).toEqual(["description"]);
  expect(emulator.requests).toEqual([]);
});

test("up after drift restores the program's description", async () => {
  const [before] = liveProjects();

  await stack.up();

  const projects = liveProjects();
  expect(projects.map((project) => [project.name, project.description])).toEqual([["refresh-a", "from the program"]]);
  expect(projects[0].id).not.toBe(before.id);
  expect(emulator.store.getProject(before.id)?.status).toBe("deleted");
  const state = await projectState();
  expect(state.id).toBe(projects[0].id);
  expect(state.outputs?.description).toBe("from the program");
});

test("suspended status is not drift", async () => {
  const [live] = liveProjects();
  emulator.store.updateProject(live.id, { status: "suspended" });

  await stack.refresh();
  emulator.clearRequests();
  const preview = await stack.preview();

  expect(changingSteps(preview)).toEqual([]);
  expect(emulator.requests).toEqual([]);
  const state = await projectState();
  expect(state.id).toBe(live.id);
  expect(state.outputs?.status).toBe("suspended");
  expect(liveProjects().map((project) => [project.id, project.status])).toEqual([[live.id, "suspended"]]);
});

test("refresh drops a project deleted by hand", async () => {
  const [live] = liveProjects();
  emulator.store.deleteProject(live.id);
  emulator.clearRequests();

  await stack.refresh();

  expect(await stack.resourcesOfType(projectType)).toEqual([]);
  expect(sentChanges()).toEqual([]);
  expect(liveProjects()).toEqual([]);
  expect(emulator.store.getProject(live.id)?.status).toBe("deleted");
});

test("up --refresh re-creates a deleted project", async () => {
  emulator.clearRequests();

  await stack.up(["--refresh"]);

  const projects = liveProjects();
  expect(projects.map((project) => [project.name, project.description, project.status])).toEqual([["refresh-a", "from the program", "active"]]);
  expect(sentChanges().map((request) => request.method)).toEqual(["POST"]);
  expect((await projectState()).id).toBe(projects[0].id);
  const outputs = (await stack.outputs()).projects as Record<string, Record<string, unknown>>;
  expect(outputs.a.projectId).toBe(projects[0].id);
});

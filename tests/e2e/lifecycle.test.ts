import type { Emulator } from "../../emulator";
import { testApiKey } from "../helpers/emulator";
import { projectType, startEmulatorStack, stopEmulatorStack, type TestStack } from "../helpers/pulumi-cli";

/**
 * The whole lifecycle of one project through the real `pulumi` CLI: up,
 * an idle preview, a region change, an out-of-band delete and destroy.
 */

jest.setTimeout(300_000);

let emulator: Emulator;
let stack: TestStack;

beforeAll(async () => {
  ({ emulator, stack } = await startEmulatorStack({ projectDir: "tests/e2e/fixtures/single-project", config: { projectName: "e2e-lifecycle" } }));
});

afterAll(async () => {
  await stopEmulatorStack(emulator, stack);
});

function liveProjects() {
  return emulator.store.listProjects();
}

test("up creates the project with the emulator's values", async () => {
  await stack.up();

  const projects = liveProjects();
  expect(projects).toHaveLength(1);
  const [live] = projects;

  const outputs = await stack.outputs({ showSecrets: true });
  expect(outputs.projectId).toBe(live.id);
  expect(outputs.name).toBe("e2e-lifecycle");
  expect(outputs.region).toBe("aws-us-east-1");
  expect(outputs.status).toBe("active");
  expect(outputs.pgVersion).toBe(17);
  expect(outputs.defaultBranch).toEqual({ id: live.branches.find((b) => b.isDefault)?.id, name: "main" });
  expect(outputs.connectionHostname).toBe(live.branches.find((b) => b.isDefault)?.host);
  expect(outputs.connectionUri).toBe(emulator.store.connection(live.id, { pooled: false }).connectionUri);
});

test("preview of an unchanged stack shows no changes and sends no request", async () => {
  emulator.clearRequests();

  const preview = await stack.preview();

  expect(preview.steps.filter((step) => step.op !== "same")).toEqual([]);
  expect(emulator.requests).toEqual([]);
});

test("state holds neither the API key nor a checkout path", async () => {
  const exported = await stack.exportText();

  expect(exported).not.toContain(testApiKey);
  expect(exported).not.toContain(process.cwd());
  expect(exported).not.toContain("/work/");
});

test("region change previews as a replacement caused by region", async () => {
  await stack.setConfig("region", "aws-eu-central-1");

  const preview = await stack.preview();

  const replaced = preview.steps.filter((step) => step.urn.endsWith(`${projectType}::db`) && step.op !== "same");
  expect(replaced.map((step) => step.op)).toEqual(expect.arrayContaining(["replace"]));
  const withReasons = replaced.find((step) => step.replaceReasons !== undefined);
  expect(withReasons?.replaceReasons).toEqual(["region"]);
});

test("up after a region change leaves one project in the new region", async () => {
  const before = liveProjects()[0];

  await stack.up();

  const projects = liveProjects();
  expect(projects).toHaveLength(1);
  expect(projects[0].region).toBe("aws-eu-central-1");
  expect(projects[0].id).not.toBe(before.id);
  expect((await stack.outputs()).projectId).toBe(projects[0].id);
});

test("refresh drops a project deleted behind Pulumi's back", async () => {
  const [live] = liveProjects();
  emulator.store.deleteProject(live.id);

  await stack.refresh();

  expect(await stack.resourcesOfType(projectType)).toEqual([]);
});

test("up --refresh re-creates the deleted project", async () => {
  await stack.up(["--refresh"]);

  const projects = liveProjects();
  expect(projects).toHaveLength(1);
  expect((await stack.outputs()).projectId).toBe(projects[0].id);
});

test("destroy leaves the emulator empty", async () => {
  await stack.destroy();

  expect(liveProjects()).toEqual([]);
  expect(await stack.resourcesOfType(projectType)).toEqual([]);
});

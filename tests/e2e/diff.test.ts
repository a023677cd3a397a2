import type { Emulator } from "../../emulator";
import { changingSteps, projectType, setProjects, startEmulatorStack, stopEmulatorStack, type TestStack } from "../helpers/pulumi-cli";

/** What `pulumi preview` reports for changes, read from the engine's own JSON. */

jest.setTimeout(300_000);

let emulator: Emulator;
let stack: TestStack;

beforeAll(async () => {
  ({ emulator, stack } = await startEmulatorStack({ projectDir: "tests/e2e/fixtures/projects", emulator: { uniqueProjectNames: true } }));
});

afterAll(async () => {
  await stopEmulatorStack(emulator, stack);
});

const urnOf = (key: string) => (urn: string) => urn.endsWith(`${projectType}::${key}`);

test("empty, null and missing descriptions are not a change", async () => {
  await setProjects(stack, [{ key: "a", name: "diff-a" }]);
  await stack.up();

  for (const description of ["", null]) {
    await setProjects(stack, [{ key: "a", name: "diff-a", description }]);

    const preview = await stack.preview();

    expect(changingSteps(preview)).toEqual([]);
  }
});

test("description change replaces for description alone", async () => {
  await setProjects(stack, [{ key: "a", name: "diff-a", description: "new text" }]);

  const preview = await stack.preview();

  const steps = changingSteps(preview).filter((step) => urnOf("a")(step.urn));
  expect(steps.find((step) => step.op === "replace")?.replaceReasons).toEqual(["description"]);
});

test("keeping the name deletes before creating", async () => {
  const preview = await stack.preview();

  const ops = changingSteps(preview).filter((step) => urnOf("a")(step.urn)).map((step) => step.op);
  expect(ops).toEqual(["delete-replaced", "replace", "create-replacement"]);
});

test("renaming creates before deleting", async () => {
  await setProjects(stack, [{ key: "a", name: "diff-a-renamed" }]);

  const preview = await stack.preview();

  const steps = changingSteps(preview).filter((step) => urnOf("a")(step.urn));
  expect(steps.map((step) => step.op)).toEqual(["create-replacement", "replace", "delete-replaced"]);
  expect(steps.find((step) => step.op === "replace")?.replaceReasons).toEqual(["name"]);
});

test("replacement that keeps the name succeeds with unique names enforced", async () => {
  const before = emulator.store.listProjects()[0];
  await setProjects(stack, [{ key: "a", name: "diff-a", region: "aws-us-west-2" }]);

  await stack.up();

  const live = emulator.store.listProjects();
  expect(live.map((project) => [project.name, project.region])).toEqual([["diff-a", "aws-us-west-2"]]);
  expect(live[0].id).not.toBe(before.id);
});

test("unknown description previews without failing", async () => {
  await setProjects(stack, [
    { key: "a", name: "diff-a", region: "aws-us-west-2" },
    { key: "c", name: "diff-c" },
    { key: "b", name: "diff-b", descriptionFrom: "c" },
  ]);

  const preview = await stack.preview();

  const creates = changingSteps(preview).filter((step) => step.op === "create");
  expect(creates.map((step) => step.urn.split("::").pop())).toEqual(["c", "b"]);
  expect(preview.diagnostics ?? []).toEqual([]);
});

test("unknown region previews as a possible replacement", async () => {
  await setProjects(stack, [
    { key: "a", name: "diff-a", region: "aws-us-west-2" },
    { key: "b", name: "diff-b", region: "aws-us-west-2", regionAfter: "a" },
  ]);
  await stack.up();
  expect(emulator.store.listProjects().find((project) => project.name === "diff-b")?.region).toBe("aws-us-west-2");

  // Renaming "a" replaces it, so its projectId, and with it b's region, is unknown during preview.
  await setProjects(stack, [
    { key: "a", name: "diff-a-next", region: "aws-us-west-2" },
    { key: "b", name: "diff-b", region: "aws-us-west-2", regionAfter: "a" },
  ]);
  const preview = await stack.preview();

  const replaceOfB = changingSteps(preview).find((step) => urnOf("b")(step.urn) && step.op === "replace");
  expect(replaceOfB?.replaceReasons).toEqual(["region"]);
});

test("provider code change alone is not a change", async () => {
  await setProjects(stack, [
    { key: "a", name: "diff-a", region: "aws-us-west-2" },
    { key: "b", name: "diff-b", region: "aws-us-west-2", regionAfter: "a" },
  ]);
  const exported = JSON.parse(await stack.exportText());
  for (const resource of exported.deployment.resources) {
    if (resource.type === projectType) {
      // A different serialized provider, as an older or newer package version would store.
      resource.inputs.__provider = `${resource.inputs.__provider}\n// another version`;
      resource.outputs.__provider = `${resource.outputs.__provider}\n// another version`;
    }
  }
  await stack.importState(exported);
  emulator.clearRequests();

  const preview = await stack.preview();

  expect(changingSteps(preview)).toEqual([]);
  expect(emulator.requests).toEqual([]);
});

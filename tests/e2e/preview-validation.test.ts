import type { Emulator } from "../../emulator";
import { changingSteps, projectType, setProjects, startEmulatorStack, stopEmulatorStack, type TestStack } from "../helpers/pulumi-cli";

/**
 * Invalid inputs fail `pulumi preview` in the provider's `check`, before any
 * request reaches the API, with a message that names the property, the value
 * and what is allowed.
 */

jest.setTimeout(300_000);

/** A region this provider version does not list, standing in for one that case.dev adds later. */
const newerRegion = "aws-sa-east-1";

let emulator: Emulator;
let stack: TestStack;

beforeAll(async () => {
  // The emulator plays a case.dev that added a region after this provider version.
  ({ emulator, stack } = await startEmulatorStack({ projectDir: "tests/e2e/fixtures/projects", emulator: { extraRegions: [newerRegion] } }));
});

afterAll(async () => {
  await stopEmulatorStack(emulator, stack);
});

/** Runs a preview of `project` that must fail, and returns its combined output. */
async function rejectedPreviewOutput(project: Record<string, unknown>): Promise<string> {
  await setProjects(stack, [project]);
  emulator.clearRequests();

  const result = await stack.previewFailure();

  return `${result.stdout}\n${result.stderr}`;
}

function expectNothingSent(): void {
  expect(emulator.requests).toEqual([]);
  expect(emulator.store.listProjects({ includeDeleted: true })).toEqual([]);
}

test("missing name fails preview", async () => {
  const output = await rejectedPreviewOutput({ key: "a", description: "no name" });

  expect(output).toContain('name is required: set it to a project name of letters, digits, "-" and "_".');
  expectNothingSent();
});

test("empty name fails preview", async () => {
  const output = await rejectedPreviewOutput({ key: "a", name: "" });

  expect(output).toContain('name must not be empty: use letters, digits, "-" and "_".');
  expectNothingSent();
});

test("name with a space fails preview", async () => {
  const output = await rejectedPreviewOutput({ key: "a", name: "case files" });

  expect(output).toContain('name "case files" contains " ": use only letters, digits, "-" and "_" (pattern ^[a-zA-Z0-9_-]+$).');
  expectNothingSent();
});

test("name with a slash fails preview", async () => {
  const output = await rejectedPreviewOutput({ key: "a", name: "team/cases" });

  expect(output).toContain('name "team/cases" contains "/": use only letters, digits, "-" and "_" (pattern ^[a-zA-Z0-9_-]+$).');
  expectNothingSent();
});

test("unknown region fails preview", async () => {
  const output = await rejectedPreviewOutput({ key: "a", name: "val-region", region: newerRegion });

  expect(output).toContain(`region "${newerRegion}" is not a case.dev region.`);
  expect(output).toContain(
    "Allowed regions: aws-us-east-1, aws-us-east-2, aws-us-west-2, aws-eu-central-1, aws-eu-west-1, aws-eu-west-2, aws-ap-southeast-1, aws-ap-southeast-2.",
  );
  expect(output).toContain("set allowUnknownRegion: true");
  expectNothingSent();
});

test("numeric description fails preview", async () => {
  const output = await rejectedPreviewOutput({ key: "a", name: "val-description", description: 42 });

  expect(output).toContain("description must be a string, got 42 (a number).");
  expectNothingSent();
});

test("newer region previews with allowUnknownRegion", async () => {
  await setProjects(stack, [{ key: "a", name: "val-newer-region", region: newerRegion, allowUnknownRegion: true }]);
  emulator.clearRequests();

  const preview = await stack.preview();

  const steps = changingSteps(preview);
  expect(steps.map((step) => step.op)).toEqual(["create"]);
  expect(steps[0].urn.endsWith(`${projectType}::a`)).toBe(true);
  expect((preview.diagnostics ?? []).filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
  expectNothingSent();
});

test("newer region up creates the project there", async () => {
  await stack.up();

  const live = emulator.store.listProjects();
  expect(live.map((project) => [project.name, project.region])).toEqual([["val-newer-region", newerRegion]]);
  const creates = emulator.requests.filter((request) => request.method === "POST");
  expect(creates.map((request) => request.body)).toEqual([{ name: "val-newer-region", region: newerRegion }]);

  const outputs = (await stack.outputs()).projects as Record<string, Record<string, unknown>>;
  expect(outputs.a.projectId).toBe(live[0].id);
  expect(outputs.a.region).toBe(newerRegion);
  const [resource] = await stack.resourcesOfType(projectType);
  expect(resource.outputs?.allowUnknownRegion).toBe(true);
});

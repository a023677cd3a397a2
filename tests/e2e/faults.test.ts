import type { Emulator, FaultRule } from "../../emulator";
import { startEmulator, testApiKey } from "../helpers/emulator";
import { createTestStack, projectType, type CommandResult, type TestStack } from "../helpers/pulumi-cli";

/**
 * The most important fault cases through the real `pulumi` CLI: a create
 * whose response is lost, a create whose follow-up reads fail, a delete that
 * fails once, and rate limiting during `up`. Each test gets its own emulator
 * and stack.
 */

jest.setTimeout(300_000);

interface Fixture {
  emulator: Emulator;
  stack: TestStack;
  /** The output of every CLI command the test ran, checked for secrets. */
  outputs: CommandResult[];
}

let current: Fixture | undefined;

async function setUp(projectName: string): Promise<Fixture> {
  const emulator = await startEmulator();
  const stack = await createTestStack({
    projectDir: "tests/e2e/fixtures/single-project",
    config: {
      projectName,
      "casedev:baseUrl": emulator.url,
      "casedev:requestTimeoutSeconds": "2",
      "casedev:maxRetries": "2",
      "casedev:maxRetryWaitSeconds": "20",
    },
  });
  await stack.setConfig("casedev:apiKey", testApiKey, { secret: true });

  current = { emulator, stack, outputs: [] };
  return current;
}

afterEach(async () => {
  if (current === undefined) {
    return;
  }

  const { emulator, stack } = current;
  current = undefined;
  emulator.faults.clear();
  await stack.destroy([], { allowFailure: true });
  stack.dispose();
  await emulator.close();
});

/** Runs a CLI command through `run` and keeps its output for the secret check. */
async function record(fixture: Fixture, run: Promise<CommandResult>): Promise<CommandResult> {
  const result = await run;
  fixture.outputs.push(result);
  return result;
}

/** Checks that no CLI output shows the API key, a password or a connection URI. */
function expectNoSecretsPrinted(fixture: Fixture): void {
  const passwords = fixture.emulator.store.snapshot().projects.flatMap((project) => project.branches.map((branch) => branch.password));
  const printed = fixture.outputs.map((result) => `${result.stdout}\n${result.stderr}`).join("\n");

  expect(printed).not.toContain(testApiKey);
  for (const password of passwords) {
    expect(printed).not.toContain(password);
  }
  expect(printed).not.toMatch(/postgres(ql)?:\/\/[^\s"]*@/);
}

function projectCreates(emulator: Emulator) {
  return emulator.requests.filter((request) => request.method === "POST" && request.path === "/database/v1/projects");
}

/** Checks that `up` left exactly one live project and that the stack outputs describe it in full. */
async function expectOneCompleteProject(fixture: Fixture, name: string): Promise<string> {
  const live = fixture.emulator.store.listProjects();
  expect(live.map((project) => project.name)).toEqual([name]);

  const outputs = await fixture.stack.outputs({ showSecrets: true });
  expect(outputs.projectId).toBe(live[0].id);
  expect(outputs.name).toBe(name);
  expect(outputs.status).toBe("active");
  expect(outputs.connectionHostname).toBe(live[0].branches[0].host);
  expect(outputs.connectionUri).toBe(fixture.emulator.store.connection(live[0].id, { pooled: false }).connectionUri);
  expect(outputs.pooledConnectionUri).toBe(fixture.emulator.store.connection(live[0].id, { pooled: true }).connectionUri);

  const resources = await fixture.stack.resourcesOfType(projectType);
  expect(resources.map((resource) => resource.id)).toEqual([live[0].id]);
  return live[0].id;
}

describe.each<[string, FaultRule]>([
  ["HTTP 503 after the create ran", { route: "createProject", kind: "status", status: 503, times: 1, afterEffect: true }],
  ["reset after the create ran", { route: "createProject", kind: "reset", times: 1, afterEffect: true }],
])("create with %s", (_label, fault) => {
  test("up adopts the one project", async () => {
    const fixture = await setUp("e2e-lost-create");
    fixture.emulator.faults.add(fault);

    await record(fixture, fixture.stack.up());

    await expectOneCompleteProject(fixture, "e2e-lost-create");
    expect(projectCreates(fixture.emulator)).toHaveLength(1);
    expect(fixture.emulator.requests.filter((request) => request.method === "GET" && request.path === "/database/v1/projects")).toHaveLength(1);
    expectNoSecretsPrinted(fixture);
  });
});

describe("create whose follow-up reads fail", () => {
  test("state keeps the id, then up finishes", async () => {
    const fixture = await setUp("e2e-partial");
    // Three failures outlast one request and its two retries.
    fixture.emulator.faults.add({ route: "getProject", kind: "status", status: 500, times: 3 });

    const failed = await record(fixture, fixture.stack.up([], { allowFailure: true }));

    expect(failed.code).not.toBe(0);
    const live = fixture.emulator.store.listProjects();
    expect(live).toHaveLength(1);
    expect(failed.stdout + failed.stderr).toContain(`Created case.dev database project "e2e-partial" (${live[0].id})`);
    expect(failed.stdout + failed.stderr).toContain("HTTP 500");

    const [partial] = await fixture.stack.resourcesOfType(projectType);
    expect(partial.id).toBe(live[0].id);
    expect(partial.outputs?.projectId).toBe(live[0].id);
    expect(partial.outputs?.__provider).toEqual(expect.any(String));
    expect((partial as { initErrors?: string[] }).initErrors?.length).toBeGreaterThan(0);

    fixture.emulator.clearRequests();
    await record(fixture, fixture.stack.up());

    await expectOneCompleteProject(fixture, "e2e-partial");
    // The second up finished the project through update, without a second create.
    expect(projectCreates(fixture.emulator)).toHaveLength(0);
    const [finished] = await fixture.stack.resourcesOfType(projectType);
    expect((finished as { initErrors?: string[] }).initErrors ?? []).toEqual([]);
    expectNoSecretsPrinted(fixture);
  });

  test("destroy deletes the partly created project", async () => {
    const fixture = await setUp("e2e-partial-destroy");
    fixture.emulator.faults.add({ route: "getConnection", kind: "status", status: 503 });

    const failed = await record(fixture, fixture.stack.up([], { allowFailure: true }));

    expect(failed.code).not.toBe(0);
    const live = fixture.emulator.store.listProjects();
    expect(live).toHaveLength(1);
    expect((await fixture.stack.resourcesOfType(projectType)).map((resource) => resource.id)).toEqual([live[0].id]);

    fixture.emulator.faults.clear();
    await record(fixture, fixture.stack.destroy());

    expect(fixture.emulator.store.listProjects()).toEqual([]);
    expect(fixture.emulator.store.getProject(live[0].id)?.status).toBe("deleted");
    expect(await fixture.stack.resourcesOfType(projectType)).toEqual([]);
    expectNoSecretsPrinted(fixture);
  });
});

describe("delete that fails once", () => {
  test("destroy retries and empties the emulator", async () => {
    const fixture = await setUp("e2e-delete-503");
    await record(fixture, fixture.stack.up());
    const id = await expectOneCompleteProject(fixture, "e2e-delete-503");
    fixture.emulator.faults.add({ route: "deleteProject", kind: "status", status: 503, times: 1 });
    fixture.emulator.clearRequests();

    await record(fixture, fixture.stack.destroy());

    expect(fixture.emulator.store.listProjects()).toEqual([]);
    expect(fixture.emulator.store.getProject(id)?.status).toBe("deleted");
    expect(fixture.emulator.requests.filter((request) => request.method === "DELETE").map((request) => request.status)).toEqual([503, 200]);
    expect(await fixture.stack.resourcesOfType(projectType)).toEqual([]);
    expectNoSecretsPrinted(fixture);
  });
});

describe("rate limit during up", () => {
  test("up waits for Retry-After and succeeds", async () => {
    const fixture = await setUp("e2e-rate-limited");
    fixture.emulator.faults.add({ route: "createProject", kind: "rate-limit", retryAfterSeconds: 2, times: 1 });
    fixture.emulator.faults.add({ route: "getConnection", kind: "rate-limit", retryAfterSeconds: 1, times: 1 });

    await record(fixture, fixture.stack.up());

    await expectOneCompleteProject(fixture, "e2e-rate-limited");
    const creates = projectCreates(fixture.emulator);
    expect(creates.map((request) => request.status)).toEqual([429, 201]);
    expect(Date.parse(creates[1].at) - Date.parse(creates[0].at)).toBeGreaterThanOrEqual(1900);
    expectNoSecretsPrinted(fixture);
  });
});

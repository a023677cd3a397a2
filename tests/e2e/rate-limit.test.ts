import type { Emulator } from "../../emulator";
import { startEmulator, testApiKey } from "../helpers/emulator";
import { createTestStack, projectType, type TestStack } from "../helpers/pulumi-cli";

/**
 * One stack of 25 projects against an emulator that allows 60 requests per
 * minute. Creating a project takes four requests, so `up` needs about 100 and
 * must wait for at least one new window; `destroy` needs 25 more. This test
 * takes a few minutes, because the emulator's window lasts 60 seconds.
 */

const projectCount = 25;
const requestsPerMinute = 60;

/** Each command may wait through several 60-second windows. */
const commandTimeoutMs = 8 * 60_000;

jest.setTimeout(10 * 60_000);

let emulator: Emulator;
let stack: TestStack;

beforeAll(async () => {
  emulator = await startEmulator({ requestsPerMinute });
  stack = await createTestStack({
    projectDir: "tests/e2e/fixtures/many-projects",
    config: {
      projectCount: String(projectCount),
      namePrefix: "bulk",
      "casedev:baseUrl": emulator.url,
      "casedev:maxRetryWaitSeconds": "300",
    },
  });
  await stack.setConfig("casedev:apiKey", testApiKey, { secret: true });
});

afterAll(async () => {
  if (stack !== undefined && emulator.store.listProjects().length > 0) {
    // Clean up after a failure. A new emulator window may be needed first.
    await stack.run(["destroy", "--yes", "--skip-preview", "--config-file", stack.configFile, "--stack", stack.stackName], {
      allowFailure: true,
      timeoutMs: commandTimeoutMs,
    });
  }
  stack?.dispose();
  await emulator?.close();
});

function rateLimited(): number {
  return emulator.requests.filter((request) => request.status === 429).length;
}

test("up creates all projects despite 429s", async () => {
  await stack.run(["up", "--yes", "--skip-preview", "--config-file", stack.configFile, "--stack", stack.stackName], { timeoutMs: commandTimeoutMs });

  const live = emulator.store.listProjects();
  expect(live).toHaveLength(projectCount);
  expect(new Set(live.map((project) => project.name)).size).toBe(projectCount);

  const outputs = await stack.outputs();
  expect([...(outputs.projectIds as string[])].sort()).toEqual(live.map((project) => project.id).sort());
  expect(await stack.resourcesOfType(projectType)).toHaveLength(projectCount);

  // Each project was created by exactly one accepted POST.
  const accepted = emulator.requests.filter((request) => request.method === "POST" && request.status === 201);
  expect(accepted).toHaveLength(projectCount);
  // The limit was really reached, so the retries were exercised.
  expect(rateLimited()).toBeGreaterThan(0);
});

test("destroy deletes all projects", async () => {
  await stack.run(["destroy", "--yes", "--skip-preview", "--config-file", stack.configFile, "--stack", stack.stackName], { timeoutMs: commandTimeoutMs });

  expect(emulator.store.listProjects()).toEqual([]);
  expect(emulator.store.listProjects({ includeDeleted: true })).toHaveLength(projectCount);
  expect(await stack.resourcesOfType(projectType)).toEqual([]);
});

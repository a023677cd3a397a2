import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Emulator } from "../../emulator";
import { startEmulator, testApiKey } from "../helpers/emulator";
import { createTestStack, projectType, type TestStack } from "../helpers/pulumi-cli";

/** Where the provider reads its API key from, and its errors when the key is missing or rejected. */

jest.setTimeout(300_000);

const otherKey = "sk_case_rotated_fedcba9876543210";
const fixture = "tests/e2e/fixtures/single-project";

let emulator: Emulator;
const stacks: TestStack[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  for (const stack of stacks) {
    await stack.destroy([], { allowFailure: true });
    stack.dispose();
  }
  await emulator?.close();
});

async function newStack(projectName: string, env: Record<string, string> = {}): Promise<TestStack> {
  const stack = await createTestStack({ projectDir: fixture, config: { projectName, "casedev:baseUrl": emulator.url }, env });
  stacks.push(stack);
  return stack;
}

function projectsNamed(name: string) {
  return emulator.store.listProjects().filter((project) => project.name === name);
}

test("missing key names both ways to set it", async () => {
  const stack = await newStack("creds-missing");

  const result = await stack.up([], { allowFailure: true });

  const output = result.stdout + result.stderr;
  expect(result.code).not.toBe(0);
  expect(output).toContain("pulumi config set --secret casedev:apiKey");
  expect(output).toContain("CASEDEV_API_KEY");
  expect(projectsNamed("creds-missing")).toEqual([]);
});

test("missing key fails preview without a request", async () => {
  const stack = await newStack("creds-missing-preview");
  emulator.clearRequests();

  const result = await stack.previewFailure();

  expect(result.stdout + result.stderr).toContain("No case.dev API key is configured");
  expect(emulator.requests).toEqual([]);
});

test("refused key names the base URL and hides the key", async () => {
  const refusedKey = "sk_case_not_accepted_0000";
  const stack = await newStack("creds-refused");
  await stack.setConfig("casedev:apiKey", refusedKey, { secret: true });

  const result = await stack.up([], { allowFailure: true });

  const output = result.stdout + result.stderr;
  expect(result.code).not.toBe(0);
  expect(output).toContain(`${emulator.url} refused the API key (HTTP 401`);
  expect(output).not.toContain(refusedKey);
  expect(projectsNamed("creds-refused")).toEqual([]);
});

test("environment variable alone works", async () => {
  const stack = await newStack("creds-env", { CASEDEV_API_KEY: testApiKey });

  await stack.up();

  expect(projectsNamed("creds-env")).toHaveLength(1);
});

test("stack config wins over the environment", async () => {
  const stack = await newStack("creds-precedence", { CASEDEV_API_KEY: "sk_case_wrong_environment_key" });
  await stack.setConfig("casedev:apiKey", testApiKey, { secret: true });

  await stack.up();

  expect(projectsNamed("creds-precedence")).toHaveLength(1);
});

test("destroy uses a rotated environment key", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "casedev-rotate-env-"));
  const dataFile = path.join(dataDir, "state.json");
  const first = await startEmulator({ dataFile, apiKeys: [testApiKey] });
  const stack = await createTestStack({
    projectDir: fixture,
    config: { projectName: "creds-rotate-env", "casedev:baseUrl": first.url },
    env: { CASEDEV_API_KEY: testApiKey },
  });
  await stack.up();
  await first.close();

  const second = await startEmulator({ dataFile, apiKeys: [otherKey], port: first.port });
  try {
    stack.env.CASEDEV_API_KEY = otherKey;

    await stack.destroy();

    expect(second.store.listProjects()).toEqual([]);
    expect(await stack.resourcesOfType(projectType)).toEqual([]);
  } finally {
    await second.close();
    stack.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// Pulumi stores the stack config it configured the provider with, and a plain
// `pulumi destroy` reuses that stored copy; --run-program (or any `pulumi up`)
// hands the provider the current config.
test("destroy --run-program uses a rotated config key", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "casedev-rotate-"));
  const dataFile = path.join(dataDir, "state.json");
  const first = await startEmulator({ dataFile, apiKeys: [testApiKey] });
  const stack = await createTestStack({ projectDir: fixture, config: { projectName: "creds-rotate", "casedev:baseUrl": first.url } });
  await stack.setConfig("casedev:apiKey", testApiKey, { secret: true });
  await stack.up();
  await first.close();

  // The old key is revoked: the restarted API accepts only the new one.
  const second = await startEmulator({ dataFile, apiKeys: [otherKey] });
  try {
    await stack.setConfig("casedev:baseUrl", second.url);
    await stack.setConfig("casedev:apiKey", otherKey, { secret: true });

    await stack.destroy(["--run-program"]);

    expect(second.store.listProjects()).toEqual([]);
    expect(await stack.resourcesOfType(projectType)).toEqual([]);
  } finally {
    await second.close();
    stack.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

import type { Emulator } from "../../emulator";
import { testApiKey } from "../helpers/emulator";
import { changingSteps, type CommandResult, projectType, startEmulatorStack, stopEmulatorStack, type TestStack } from "../helpers/pulumi-cli";

/** Connection URIs are secret outputs, and neither they nor the API key leak anywhere else. */

jest.setTimeout(300_000);

let emulator: Emulator;
let stack: TestStack;
const cliOutput: CommandResult[] = [];

beforeAll(async () => {
  ({ emulator, stack } = await startEmulatorStack({
    projectDir: "tests/e2e/fixtures/single-project",
    config: { projectName: "e2e-secrets" },
    emulator: { stableCredentials: false },
  }));
  cliOutput.push(await stack.up());
});

afterAll(async () => {
  await stopEmulatorStack(emulator, stack);
});

function livePasswords(): string[] {
  return emulator.store.listProjects().flatMap((project) => project.branches.map((branch) => branch.password));
}

function passwordOf(uri: string): string {
  return decodeURIComponent(new URL(uri).password);
}

test("stack output masks both connection URIs", async () => {
  const outputs = await stack.outputs();

  expect(outputs.connectionUri).toBe("[secret]");
  expect(outputs.pooledConnectionUri).toBe("[secret]");
});

test("show-secrets reveals the URIs the emulator issued", async () => {
  const outputs = await stack.outputs({ showSecrets: true });
  const [live] = emulator.store.listProjects();

  const direct = new URL(outputs.connectionUri as string);
  expect(direct.hostname).toBe(live.branches[0].host);
  expect(direct.pathname).toBe("/neondb");
  expect(direct.username).toBe("neondb_owner");
  expect(new URL(outputs.pooledConnectionUri as string).hostname).toBe(live.branches[0].host.replace(/^(ep-[^.]+)/, "$1-pooler"));
});

test("exported state holds the URIs only encrypted", async () => {
  const outputs = await stack.outputs({ showSecrets: true });
  const exported = await stack.exportText();
  const [resource] = await stack.resourcesOfType(projectType);

  expect(exported).not.toContain(passwordOf(outputs.connectionUri as string));
  expect(exported).not.toContain(passwordOf(outputs.pooledConnectionUri as string));
  expect(resource.outputs?.connectionUri).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
  expect(resource.outputs?.pooledConnectionUri).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
});

test("preview shows no change when the API issues new passwords", async () => {
  for (let round = 0; round < 2; round += 1) {
    const preview = await stack.preview();

    expect(changingSteps(preview)).toEqual([]);
  }
});

async function storedOutputs(): Promise<Record<string, unknown>> {
  const exported = JSON.parse(await stack.exportText({ showSecrets: true }));
  return exported.deployment.resources.find((resource: { type: string }) => resource.type === projectType).outputs;
}

test("refresh stores the new credentials without proposing a change", async () => {
  const before = await storedOutputs();

  cliOutput.push(await stack.refresh());

  const after = await storedOutputs();
  expect(after.connectionUri).not.toBe(before.connectionUri);
  expect(after.projectId).toBe(before.projectId);
  expect(emulator.store.listProjects()).toHaveLength(1);
  expect(changingSteps(await stack.preview())).toEqual([]);
});

test("API key and passwords appear in no CLI output, state or request log", async () => {
  cliOutput.push(await stack.preview().then((p) => ({ code: 0, stdout: JSON.stringify(p), stderr: "" })));
  const secrets = [testApiKey, ...livePasswords()];
  const places = {
    cli: cliOutput.map((result) => result.stdout + result.stderr).join("\n"),
    state: await stack.exportText(),
    config: stack.configText(),
    requestLog: JSON.stringify(emulator.requests),
  };

  for (const [place, text] of Object.entries(places)) {
    for (const secret of secrets) {
      expect({ place, leaked: text.includes(secret) }).toEqual({ place, leaked: false });
    }
  }
});

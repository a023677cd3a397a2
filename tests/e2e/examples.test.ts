import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import type { Emulator } from "../../emulator";
import { startEmulator, testApiKey } from "../helpers/emulator";
import { changingSteps, createTestStack, repoRoot, type TestStack } from "../helpers/pulumi-cli";

/** Every example program, and the root demo, deployed against the emulator through the real CLI. */

jest.setTimeout(300_000);

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

async function deploy(projectDir: string, config: Record<string, string>): Promise<TestStack> {
  const stack = await createTestStack({ projectDir, config: { ...config, "casedev:baseUrl": emulator.url } });
  await stack.setConfig("casedev:apiKey", testApiKey, { secret: true });
  await stack.up();
  return stack;
}

function liveNamed(name: string) {
  return emulator.store.listProjects().filter((project) => project.name === name);
}

function fingerprint(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 16);
}

describe("root demo", () => {
  test("deploys, stays unchanged and destroys", async () => {
    const stack = await deploy(".", { projectName: "demo-e2e" });

    try {
      const [live] = liveNamed("demo-e2e");
      const outputs = await stack.outputs({ showSecrets: true });
      expect(outputs.projectId).toBe(live.id);
      expect(outputs.status).toBe("active");
      expect(outputs.connectionHostname).toBe(live.branches[0].host);
      expect(outputs.databaseUrl).toBe(emulator.store.connection(live.id, { pooled: true }).connectionUri);
      expect(outputs.directUrl).toBe(emulator.store.connection(live.id, { pooled: false }).connectionUri);
      expect(changingSteps(await stack.preview())).toEqual([]);

      await stack.destroy();

      expect(liveNamed("demo-e2e")).toEqual([]);
    } finally {
      stack.dispose();
    }
  });
});

describe("examples/app-env", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await deploy("examples/app-env", { projectName: "app-env-e2e" });
  });

  afterAll(async () => {
    await stack?.destroy([], { allowFailure: true });
    stack?.dispose();
  });

  test("exports the environment as secrets", async () => {
    const masked = await stack.outputs();

    for (const name of ["DATABASE_URL", "DIRECT_URL", "PGHOST", "PGDATABASE", "PGUSER"]) {
      expect({ name, value: masked[name] }).toEqual({ name, value: "[secret]" });
    }
  });

  test("exports the URIs the emulator issued", async () => {
    const [live] = liveNamed("app-env-e2e");
    const outputs = await stack.outputs({ showSecrets: true });

    expect(outputs.DATABASE_URL).toBe(emulator.store.connection(live.id, { pooled: true }).connectionUri);
    expect(outputs.DIRECT_URL).toBe(emulator.store.connection(live.id, { pooled: false }).connectionUri);
    expect(outputs.PGHOST).toBe(live.branches[0].host);
    expect(outputs.PGDATABASE).toBe("neondb");
    expect(outputs.PGUSER).toBe("neondb_owner");
  });

  test("run-app.sh hands the URIs to the app", async () => {
    const [live] = liveNamed("app-env-e2e");
    const script = path.join(repoRoot, "examples", "app-env", "run-app.sh");

    const stdout = await new Promise<string>((resolve, reject) => {
      execFile("bash", [script], { env: { ...stack.env, PULUMI_STACK: stack.stackName } as NodeJS.ProcessEnv }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      );
    });

    const received = JSON.parse(stdout);
    const pooled = emulator.store.connection(live.id, { pooled: true }).connectionUri;
    const direct = emulator.store.connection(live.id, { pooled: false }).connectionUri;
    expect(received.pooled.fingerprint).toBe(fingerprint(pooled));
    expect(received.direct.fingerprint).toBe(fingerprint(direct));
    expect(received.pooled.host).toBe(new URL(pooled).hostname);
    expect(stdout).not.toContain(decodeURIComponent(new URL(direct).password));
  });

  test("destroy leaves the emulator without the project", async () => {
    await stack.destroy();

    expect(liveNamed("app-env-e2e")).toEqual([]);
  });
});

import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Emulator } from "../../emulator";
import { startEmulator, testApiKey } from "../helpers/emulator";
import { changingSteps, createTestStack, projectType, repoRoot, TestStack, type TestStackOptions } from "../helpers/pulumi-cli";

/**
 * A stack's state must not depend on the folder or the package version that
 * created it: the serialized provider only forwards to the installed
 * `pulumi-casedev-database/project`. These tests create a stack from one
 * copy of a Pulumi project and move its state to a copy at another path.
 * There they refresh, preview and destroy it, once with the same package and
 * once with a copy of the package whose version is 99.0.0.
 */

jest.setTimeout(300_000);

const fixtureDir = path.join(repoRoot, "tests", "e2e", "fixtures", "single-project");
const packageName = "pulumi-casedev-database";

/** Temporary folders to delete at the end. */
const temporaryDirs: string[] = [];

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  for (const dir of temporaryDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
  await emulator?.close();
});

/** A test stack with a chosen name, so that imported URNs match the stack they are imported into. */
class NamedTestStack extends TestStack {
  override readonly stackName: string;

  constructor(options: TestStackOptions, stackName: string) {
    super(options);
    this.stackName = stackName;
  }
}

/** Copies the fixture's Pulumi project into a new temporary folder and returns the project folder. */
function copyProject(label: string): string {
  const root = mkdtempSync(path.join(tmpdir(), `casedev-${label}-`));
  temporaryDirs.push(root);

  const projectDir = path.join(root, "project");
  mkdirSync(projectDir);
  for (const file of ["Pulumi.yaml", "index.ts"]) {
    copyFileSync(path.join(fixtureDir, file), path.join(projectDir, file));
  }

  return projectDir;
}

/** Creates a project folder whose `node_modules` is a symlink to this repository's, as after a user's install. */
function checkoutWithLinkedModules(label: string): string {
  const projectDir = copyProject(label);
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(projectDir, "node_modules"), "dir");
  return projectDir;
}

/**
 * Creates a project folder with its own `node_modules`. Every package is a symlink to
 * this repository's, except pulumi-casedev-database, which is a copy of the
 * built package with `version` set to `version`. Loading the copy's
 * `project` entry point appends the file's path to the file named by
 * CASEDEV_TEST_LOAD_MARKER, so the test can tell which copy ran.
 */
function checkoutWithPackageVersion(label: string, version: string): { projectDir: string; handlersFile: string } {
  const projectDir = copyProject(label);
  const modulesDir = path.join(projectDir, "node_modules");
  mkdirSync(modulesDir);

  const repoModules = path.join(repoRoot, "node_modules");
  for (const entry of readdirSync(repoModules)) {
    if (entry !== packageName) {
      symlinkSync(path.join(repoModules, entry), path.join(modulesDir, entry));
    }
  }

  const packageDir = path.join(modulesDir, packageName);
  const builtDir = path.join(repoRoot, "provider", "dist");
  if (!existsSync(path.join(builtDir, "project-handlers.js"))) {
    throw new Error(`${builtDir} has no build; run \`npm run build\` first.`);
  }
  cpSync(builtDir, path.join(packageDir, "dist"), { recursive: true });

  const manifest = JSON.parse(readFileSync(path.join(repoRoot, "provider", "package.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(path.join(packageDir, "package.json"), JSON.stringify({ ...manifest, version }, null, 2));

  const handlersFile = path.join(packageDir, "dist", "project-handlers.js");
  appendFileSync(
    handlersFile,
    '\nif (process.env.CASEDEV_TEST_LOAD_MARKER) require("node:fs").appendFileSync(process.env.CASEDEV_TEST_LOAD_MARKER, __filename + "\\n");\n',
  );

  return { projectDir, handlersFile };
}

/** Creates a stack in `projectDir` and deploys one project named `projectName`. */
async function deployFrom(projectDir: string, projectName: string): Promise<TestStack> {
  const stack = await createTestStack({ projectDir, config: { projectName, "casedev:baseUrl": emulator.url } });
  await stack.setConfig("casedev:apiKey", testApiKey, { secret: true });
  await stack.up();
  return stack;
}

/**
 * Creates a stack of the same name in `projectDir` with its own backend, and
 * moves `source`'s config and state into it. The config file carries the
 * passphrase salt, so the imported secrets stay readable.
 */
async function moveStack(source: TestStack, projectDir: string, env: Record<string, string> = {}): Promise<TestStack> {
  const exported = JSON.parse(await source.exportText()) as unknown;

  const target = new NamedTestStack({ projectDir, env }, source.stackName);
  await target.init();
  writeFileSync(target.configFile, source.configText());
  await target.importState(exported);

  return target;
}

function liveProjectNamed(name: string) {
  return emulator.store.listProjects().filter((project) => project.name === name);
}

test("another checkout path refreshes and destroys", async () => {
  const firstCheckout = checkoutWithLinkedModules("first-checkout");
  const first = await deployFrom(firstCheckout, "portable");
  const [live] = liveProjectNamed("portable");
  expect(live).toBeDefined();

  const exported = await first.exportText();
  expect(exported).not.toContain(firstCheckout);
  expect(exported).not.toContain(path.dirname(firstCheckout));
  expect(exported).not.toContain(testApiKey);

  const secondCheckout = checkoutWithLinkedModules("second-checkout");
  const second = await moveStack(first, secondCheckout);
  first.dispose();
  // The first checkout is gone, so nothing can load code from it any more.
  rmSync(path.dirname(firstCheckout), { recursive: true, force: true });

  try {
    await second.refresh();
    expect((await second.resourcesOfType(projectType)).map((resource) => resource.id)).toEqual([live.id]);
    expect((await second.outputs()).projectId).toBe(live.id);

    const preview = await second.preview();
    expect(changingSteps(preview)).toEqual([]);

    await second.destroy();
    expect(liveProjectNamed("portable")).toEqual([]);
    expect(emulator.store.getProject(live.id)?.status).toBe("deleted");
    expect(await second.resourcesOfType(projectType)).toEqual([]);
  } finally {
    await second.destroy([], { allowFailure: true });
    second.dispose();
  }
});

test("newer package version refreshes and destroys", async () => {
  const oldCheckout = checkoutWithLinkedModules("old-version");
  const first = await deployFrom(oldCheckout, "upgraded");
  const [live] = liveProjectNamed("upgraded");
  expect(live).toBeDefined();

  const { projectDir: newCheckout, handlersFile } = checkoutWithPackageVersion("new-version", "99.0.0");
  const markerFile = path.join(path.dirname(newCheckout), "loaded.txt");
  const second = await moveStack(first, newCheckout, { CASEDEV_TEST_LOAD_MARKER: markerFile });
  first.dispose();

  try {
    await second.refresh();
    expect((await second.resourcesOfType(projectType)).map((resource) => resource.id)).toEqual([live.id]);

    // The serialized provider is the same text in both versions, so nothing changes.
    const preview = await second.preview();
    expect(changingSteps(preview)).toEqual([]);

    await second.destroy();
    expect(liveProjectNamed("upgraded")).toEqual([]);
    expect(emulator.store.getProject(live.id)?.status).toBe("deleted");
    expect(await second.resourcesOfType(projectType)).toEqual([]);

    // Refresh and destroy ran the 99.0.0 copy, not this repository's build.
    const loaded = readFileSync(markerFile, "utf8").trim().split("\n");
    expect(loaded.length).toBeGreaterThan(0);
    expect(new Set(loaded)).toEqual(new Set([realpathSync(handlersFile)]));
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(handlersFile), "..", "package.json"), "utf8")) as { version: string };
    expect(manifest.version).toBe("99.0.0");
  } finally {
    await second.destroy([], { allowFailure: true });
    second.dispose();
  }
});

import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Emulator, EmulatorOptions } from "../../emulator";
import { startEmulator, testApiKey } from "./emulator";

/**
 * Runs the real `pulumi` CLI against a Pulumi project in this repository with
 * a throwaway local file backend, so end-to-end tests observe what a user
 * would. Stack config is kept in a temporary file (`--config-file`), so tests
 * never write into the project folders and can run side by side.
 */

export const repoRoot = path.resolve(__dirname, "..", "..");

/** A throwaway passphrase for the test stacks' secrets. */
const passphrase = "e2e-throwaway-passphrase";

let cliDirectory: string | undefined;

/** Returns the folder that contains `pulumi`, its Node.js language host and the dynamic-provider plugin. */
export function pulumiCliDirectory(): string {
  if (cliDirectory === undefined) {
    cliDirectory =
      process.env.PULUMI_CASEDEV_CLI_DIR ??
      execFileSync("bash", [path.join(repoRoot, "scripts", "pulumi-cli.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
        .trim()
        .split("\n")
        .pop()!;
  }

  return cliDirectory;
}

/** The outcome of one CLI command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
  op: string;
  urn: string;
  replaceReasons?: string[];
  diffReasons?: string[];
  detailedDiff?: Record<string, unknown>;
}

/** The parts of `pulumi preview --json` that tests read. */
export interface PreviewResult {
  steps: PreviewStep[];
  changeSummary: Record<string, number>;
  diagnostics?: { message: string; severity: string; urn?: string }[];
}

/** Options for {@link createTestStack}. */
export interface TestStackOptions {
  /** The Pulumi project folder, relative to the repository root or absolute. */
  projectDir: string;
  /** Plain stack config values, such as `{ projectName: "cases" }` (the project's namespace is added). */
  config?: Record<string, string>;
  /** Environment variables for every command, on top of the test defaults. */
  env?: Record<string, string | undefined>;
}

/** A Pulumi stack in a temporary backend, and the commands tests run on it. */
export class TestStack {
  /** A unique name, because `pulumi stack init` writes Pulumi.<stack>.yaml into the project folder. */
  readonly stackName = `t${randomBytes(4).toString("hex")}`;
  readonly workDir: string;
  readonly configFile: string;
  readonly projectDir: string;
  env: Record<string, string | undefined>;

  constructor(options: TestStackOptions) {
    this.projectDir = path.resolve(repoRoot, options.projectDir);
    this.workDir = mkdtempSync(path.join(tmpdir(), "casedev-e2e-"));
    this.configFile = path.join(this.workDir, `Pulumi.${this.stackName}.yaml`);
    mkdirSync(path.join(this.workDir, "backend"));

    const inherited: Record<string, string | undefined> = { ...process.env };
    for (const key of Object.keys(inherited)) {
      // The tests decide every case.dev and Pulumi setting themselves.
      if (key.startsWith("CASEDEV_") || key.startsWith("PULUMI_")) {
        delete inherited[key];
      }
    }

    this.env = {
      ...inherited,
      PATH: `${pulumiCliDirectory()}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${path.join(this.workDir, "backend")}`,
      PULUMI_HOME: path.join(this.workDir, "home"),
      PULUMI_CONFIG_PASSPHRASE: passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      ...options.env,
    };
  }

  /** Runs `pulumi <args>` in the project folder; rejects on a non-zero exit unless `allowFailure`. */
  async run(args: string[], options: { allowFailure?: boolean; timeoutMs?: number } = {}): Promise<CommandResult> {
    const result = await new Promise<CommandResult>((resolve) => {
      execFile(
        path.join(pulumiCliDirectory(), "pulumi"),
        [...args, "--non-interactive", "--color", "never"],
        { cwd: this.projectDir, env: this.env as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 240_000 },
        (error, stdout, stderr) => {
          let code = 0;
          if (error) {
            code = typeof error.code === "number" ? error.code : 1;
          }
          resolve({ code, stdout, stderr });
        },
      );
    });

    if (result.code !== 0 && !options.allowFailure) {
      throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    }

    return result;
  }

  /** Sets a stack config value; `key` without a namespace goes to the project's namespace. */
  async setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
    await this.run(["config", "set", "--config-file", this.configFile, "--stack", this.stackName, key, value, options.secret ? "--secret" : "--plaintext"]);
  }

  /** Removes a stack config value. */
  async removeConfig(key: string): Promise<void> {
    await this.run(["config", "rm", "--config-file", this.configFile, "--stack", this.stackName, key]);
  }

  /** `pulumi up --yes` and its output. */
  up(extraArgs: string[] = [], options: { allowFailure?: boolean } = {}): Promise<CommandResult> {
    return this.run(["up", "--yes", "--skip-preview", "--config-file", this.configFile, "--stack", this.stackName, ...extraArgs], options);
  }

  /** `pulumi preview --json --show-replacement-steps`, parsed; the extra steps show the order of a replacement. */
  async preview(extraArgs: string[] = []): Promise<PreviewResult> {
    const result = await this.run(["preview", "--json", "--show-replacement-steps", "--config-file", this.configFile, "--stack", this.stackName, ...extraArgs], { allowFailure: true });

    let parsed: PreviewResult;
    try {
      parsed = JSON.parse(result.stdout) as PreviewResult;
    } catch {
      throw new Error(`pulumi preview --json printed no JSON (exit ${result.code})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    }

    return { steps: parsed.steps ?? [], changeSummary: parsed.changeSummary ?? {}, diagnostics: parsed.diagnostics };
  }

  /** `pulumi preview` that is expected to fail; returns its combined output. */
  async previewFailure(extraArgs: string[] = []): Promise<CommandResult> {
    const result = await this.run(["preview", "--config-file", this.configFile, "--stack", this.stackName, ...extraArgs], { allowFailure: true });
    if (result.code === 0) {
      throw new Error(`pulumi preview was expected to fail but succeeded\n${result.stdout}`);
    }

    return result;
  }

  /** `pulumi refresh --yes`. */
  refresh(extraArgs: string[] = [], options: { allowFailure?: boolean } = {}): Promise<CommandResult> {
    return this.run(["refresh", "--yes", "--skip-preview", "--config-file", this.configFile, "--stack", this.stackName, ...extraArgs], options);
  }

  /** `pulumi destroy --yes`. */
  destroy(extraArgs: string[] = [], options: { allowFailure?: boolean } = {}): Promise<CommandResult> {
    return this.run(["destroy", "--yes", "--skip-preview", "--config-file", this.configFile, "--stack", this.stackName, ...extraArgs], options);
  }

  /** Returns the stack's outputs; secrets are shown only with `showSecrets`. */
  async outputs(options: { showSecrets?: boolean } = {}): Promise<Record<string, unknown>> {
    const args = ["stack", "output", "--json", "--stack", this.stackName];
    if (options.showSecrets) {
      args.push("--show-secrets");
    }

    const result = await this.run(args);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** Returns the exported deployment as raw text (what `pulumi stack export` prints), decrypted with `showSecrets`. */
  async exportText(options: { showSecrets?: boolean } = {}): Promise<string> {
    const result = await this.run(["stack", "export", "--stack", this.stackName, ...(options.showSecrets ? ["--show-secrets"] : [])]);
    return result.stdout;
  }

  /** Replaces the stack's state with `deployment` (the JSON that `stack export` prints). */
  async importState(deployment: unknown): Promise<void> {
    const file = path.join(this.workDir, "import.json");
    writeFileSync(file, JSON.stringify(deployment));
    await this.run(["stack", "import", "--stack", this.stackName, "--file", file]);
  }

  /** Returns the resources in the exported deployment. */
  async resources(): Promise<{ urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[]> {
    const deployment = JSON.parse(await this.exportText()) as { deployment: { resources?: [] } };
    return deployment.deployment.resources ?? [];
  }

  /** Returns the exported state of the resources of one type. */
  async resourcesOfType(type: string) {
    return (await this.resources()).filter((resource) => resource.type === type);
  }

  /** Returns the config file's raw text, for secret checks. */
  configText(): string {
    return readFileSync(this.configFile, "utf8");
  }

  /** Creates the stack in the backend. */
  async init(config: Record<string, string> = {}): Promise<void> {
    await this.run(["stack", "init", this.stackName]);

    // `stack init` accepts no --config-file and writes the passphrase salt
    // into the project folder; move it to the temporary config file.
    const written = path.join(this.projectDir, `Pulumi.${this.stackName}.yaml`);
    if (existsSync(written)) {
      copyFileSync(written, this.configFile);
      rmSync(written);
    }

    for (const [key, value] of Object.entries(config)) {
      await this.setConfig(key, value);
    }
  }

  /** Deletes the temporary backend and config. The stack should be destroyed first. */
  dispose(): void {
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** The type token of `CaseDevDatabaseProject` in Pulumi state. */
export const projectType = "pulumi-nodejs:dynamic/casedev:DatabaseProject";

/** Creates and initializes a stack with its config. */
export async function createTestStack(options: TestStackOptions): Promise<TestStack> {
  const stack = new TestStack(options);
  await stack.init(options.config ?? {});
  return stack;
}

/** Writes the "projects" stack config that tests/e2e/fixtures/projects reads. */
export async function setProjects(stack: TestStack, projects: Record<string, unknown>[]): Promise<void> {
  await stack.setConfig("projects", JSON.stringify(projects));
}

/** Returns the steps of a preview that change something, leaving out the stack itself. */
export function changingSteps(preview: PreviewResult): PreviewStep[] {
  return preview.steps.filter((step) => step.op !== "same" && !step.urn.includes("::pulumi:pulumi:Stack::"));
}

/** Options for {@link startEmulatorStack}. */
export interface EmulatorStackOptions {
  projectDir: string;
  /** Plain stack config on top of `casedev:baseUrl`. */
  config?: Record<string, string>;
  /** Options for the emulator, such as `uniqueProjectNames`. */
  emulator?: EmulatorOptions;
}

/**
 * Starts an emulator and creates a stack pointed at it, with the test key in
 * the secret stack config `casedev:apiKey`.
 */
export async function startEmulatorStack(options: EmulatorStackOptions): Promise<{ emulator: Emulator; stack: TestStack }> {
  const emulator = await startEmulator(options.emulator);
  const stack = await createTestStack({ projectDir: options.projectDir, config: { ...options.config, "casedev:baseUrl": emulator.url } });
  await stack.setConfig("casedev:apiKey", testApiKey, { secret: true });

  return { emulator, stack };
}

/** Destroys the stack (ignoring failures), removes its temporary files and stops the emulator. */
export async function stopEmulatorStack(emulator: Emulator | undefined, stack: TestStack | undefined): Promise<void> {
  await stack?.destroy([], { allowFailure: true });
  stack?.dispose();
  await emulator?.close();
}

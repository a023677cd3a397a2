import { performance } from "node:perf_hooks";

import type { Emulator, RecordedRequest } from "../emulator";
import { startEmulator, testApiKey } from "../tests/helpers/emulator";
import { createTestStack, projectType, type CommandResult, type TestStack } from "../tests/helpers/pulumi-cli";

/**
 * Runs the benchmark's Pulumi stacks through the real CLI, using the test
 * helpers so that every command gets exactly the flags and environment of the
 * end-to-end tests, and records wall time and the emulator's request log per
 * command.
 */

/** The two Pulumi programs under benchmarks/fixtures. */
export type Fixture = "projects" | "noop";

/** The type token of the do-nothing resource in state. */
const noopType = "pulumi-nodejs:dynamic/bench:Noop";

/** A summary of the API requests that the emulator logged during one command. */
export interface RequestSummary {
  total: number;
  /** Requests per route, such as `GET /database/v1/projects/{id}/connection`. */
  byRoute: Record<string, number>;
  /** Requests per HTTP status. */
  byStatus: Record<string, number>;
  /** The sum of the emulator's own time per request, in milliseconds. */
  emulatorMs: number;
  /** From the arrival of the first request to the arrival of the last one, in milliseconds. */
  firstToLastMs: number;
  /** From the start of the CLI command to the arrival of the first request, in milliseconds, or 0 without requests. */
  beforeFirstMs: number;
  /** From the arrival of the last request to the end of the CLI command, in milliseconds, or 0 without requests. */
  afterLastMs: number;
}

/** One timed CLI command. */
export interface CommandSample {
  command: string;
  wallMs: number;
  exitCode: number;
  /** Undefined for the do-nothing fixture, which has no emulator. */
  requests?: RequestSummary;
}

/** The size of the exported state after `up`. */
export interface StateSize {
  exportedBytes: number;
  resources: number;
  /** UTF-8 bytes of each resource's `__provider` string, or of the largest one when they differ. */
  providerBytesPerResource: number;
  /** How many copies of `__provider` one resource stores (in inputs and in outputs). */
  providerCopiesPerResource: number;
}

/** Every command of one stack, in the order run. */
export interface StackRun {
  fixture: Fixture;
  count: number;
  commands: CommandSample[];
  state?: StateSize;
}

/** The 50-project `up` against a rate-limited emulator. */
export interface RateLimitedRun {
  count: number;
  requestsPerMinute: number;
  maxRetryWaitSeconds: number;
  wallMs: number;
  exitCode: number;
  /** Resources of the project type in the state afterwards. */
  projectsInState: number;
  /** Live projects in the emulator afterwards. */
  projectsInEmulator: number;
  /** `error:` lines in the CLI output. */
  errorLines: string[];
  requests: RequestSummary;
  /** Requests that got past the limiter, which is what the up needed. */
  acceptedRequests: number;
  /** `acceptedRequests / requestsPerMinute` minutes, in milliseconds. */
  theoreticalMinimumMs: number;
  /**
   * The start of the last 60-second window that the accepted requests need,
   * in milliseconds. The emulator's window starts at the first request and
   * admits `requestsPerMinute` at once, so this is below `theoreticalMinimumMs`.
   */
  fixedWindowMinimumMs: number;
}

/** Replaces project ids in a request path so that requests group by route. */
function routeOf(request: RecordedRequest): string {
  const path = request.path.replace(/\/projects\/[^/]+/, "/projects/{id}");
  const pooled = request.query.pooled === undefined ? "" : `?pooled=${request.query.pooled}`;
  return `${request.method} ${path}${pooled}`;
}

/**
 * Counts the logged requests by route and status and measures their timing
 * within the command that ran from `commandStart` to `commandEnd` (epoch milliseconds).
 */
export function summarizeRequests(requests: readonly RecordedRequest[], commandStart: number, commandEnd: number): RequestSummary {
  const byRoute: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  let emulatorMs = 0;

  for (const request of requests) {
    const route = routeOf(request);
    byRoute[route] = (byRoute[route] ?? 0) + 1;
    byStatus[String(request.status)] = (byStatus[String(request.status)] ?? 0) + 1;
    emulatorMs += request.durationMs;
  }

  const arrivals = requests.map((request) => Date.parse(request.at));
  const first = Math.min(...arrivals);
  const last = Math.max(...arrivals);
  const timing =
    arrivals.length === 0
      ? { firstToLastMs: 0, beforeFirstMs: 0, afterLastMs: 0 }
      : { firstToLastMs: last - first, beforeFirstMs: first - commandStart, afterLastMs: commandEnd - last };

  return { total: requests.length, byRoute, byStatus, emulatorMs: Math.round(emulatorMs), ...timing };
}

/** Runs `action`, and returns its wall time with the requests the emulator logged meanwhile. */
async function timeCommand(command: string, emulator: Emulator | undefined, action: () => Promise<CommandResult>): Promise<CommandSample> {
  emulator?.clearRequests();

  const startedAt = Date.now();
  const started = performance.now();
  const result = await action();
  const wallMs = Math.round(performance.now() - started);

  if (result.code !== 0) {
    throw new Error(`pulumi ${command} failed with exit code ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }

  const requests = emulator === undefined ? undefined : summarizeRequests(emulator.requests, startedAt, startedAt + wallMs);
  return { command, wallMs, exitCode: result.code, requests };
}

/** Runs `pulumi preview` the way the tests do, and reports an error diagnostic as exit code 1. */
async function preview(stack: TestStack): Promise<CommandResult> {
  const result = await stack.preview();
  const errors = (result.diagnostics ?? []).filter((diagnostic) => diagnostic.severity === "error");

  return { code: errors.length === 0 ? 0 : 1, stdout: errors.map((diagnostic) => diagnostic.message).join("\n"), stderr: "" };
}

/** Measures the exported state and the `__provider` strings of one resource type. */
async function measureState(stack: TestStack, type: string): Promise<StateSize> {
  const exported = await stack.exportText();
  const resources = (JSON.parse(exported) as { deployment: { resources?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] } })
    .deployment.resources?.filter((resource) => resource.type === type) ?? [];

  let providerBytes = 0;
  let copies = 0;
  for (const resource of resources) {
    const stored = [resource.inputs?.__provider, resource.outputs?.__provider].filter((value): value is string => typeof value === "string");
    copies = Math.max(copies, stored.length);
    for (const text of stored) {
      providerBytes = Math.max(providerBytes, Buffer.byteLength(text, "utf8"));
    }
  }

  return {
    exportedBytes: Buffer.byteLength(exported, "utf8"),
    resources: resources.length,
    providerBytesPerResource: providerBytes,
    providerCopiesPerResource: copies,
  };
}

/** Creates a stack of `fixture` with `count` resources, and points the projects fixture at `emulator`. */
async function newStack(fixture: Fixture, count: number, emulator: Emulator | undefined, extraConfig: Record<string, string> = {}): Promise<TestStack> {
  const config: Record<string, string> = { count: String(count), ...extraConfig };
  if (emulator !== undefined) {
    config["casedev:baseUrl"] = emulator.url;
  }

  const stack = await createTestStack({ projectDir: `benchmarks/fixtures/${fixture}`, config });
  if (emulator !== undefined) {
    await stack.setConfig("casedev:apiKey", testApiKey, { secret: true });
  }

  return stack;
}

/** Options of {@link runStack}: the commands besides up, preview (unchanged) and destroy. */
export interface StackRunOptions {
  /** Also run preview on the new stack before up, and refresh before destroy. */
  allCommands: boolean;
  /** Export the state after up and measure it. */
  measureState: boolean;
}

/**
 * Runs preview (new stack), up, preview (unchanged), refresh and destroy on a
 * new stack of `count` resources, or only up, preview and destroy without
 * `allCommands`. The projects fixture gets its own emulator.
 */
export async function runStack(fixture: Fixture, count: number, options: StackRunOptions): Promise<StackRun> {
  const emulator = fixture === "projects" ? await startEmulator() : undefined;
  const stack = await newStack(fixture, count, emulator);
  const commands: CommandSample[] = [];
  let state: StateSize | undefined;

  try {
    if (options.allCommands) {
      commands.push(await timeCommand("preview (new stack)", emulator, () => preview(stack)));
    }
    commands.push(await timeCommand("up", emulator, () => stack.up()));
    if (options.measureState) {
      state = await measureState(stack, fixture === "projects" ? projectType : noopType);
    }
    commands.push(await timeCommand("preview (unchanged)", emulator, () => preview(stack)));
    if (options.allCommands) {
      commands.push(await timeCommand("refresh", emulator, () => stack.refresh()));
    }
    commands.push(await timeCommand("destroy", emulator, () => stack.destroy()));
  } finally {
    stack.dispose();
    await emulator?.close();
  }

  return { fixture, count, commands, state };
}

/**
 * Runs `pulumi up` of `count` projects against an emulator that accepts
 * `requestsPerMinute`, with retries allowed to wait `maxRetryWaitSeconds` in
 * total per call. The stack is not destroyed, because the emulator and the
 * backend are thrown away afterwards and a destroy would wait for the limit again.
 */
export async function runRateLimited(count: number, requestsPerMinute: number, maxRetryWaitSeconds: number, timeoutMs: number): Promise<RateLimitedRun> {
  const emulator = await startEmulator({ requestsPerMinute });
  const stack = await newStack("projects", count, emulator, { "casedev:maxRetryWaitSeconds": String(maxRetryWaitSeconds) });

  try {
    emulator.clearRequests();
    const startedAt = Date.now();
    const started = performance.now();
    const result = await stack.run(["up", "--yes", "--skip-preview", "--config-file", stack.configFile, "--stack", stack.stackName], {
      allowFailure: true,
      timeoutMs,
    });
    const wallMs = Math.round(performance.now() - started);

    const requests = summarizeRequests(emulator.requests, startedAt, startedAt + wallMs);
    const acceptedRequests = emulator.requests.filter((request) => request.status !== 429).length;
    const errorLines = `${result.stdout}\n${result.stderr}`.split("\n").filter((line) => /^\s*error:/.test(line)).map((line) => line.trim());

    return {
      count,
      requestsPerMinute,
      maxRetryWaitSeconds,
      wallMs,
      exitCode: result.code,
      projectsInState: (await stack.resourcesOfType(projectType)).length,
      projectsInEmulator: emulator.store.listProjects().length,
      errorLines,
      requests,
      acceptedRequests,
      theoreticalMinimumMs: Math.round((acceptedRequests / requestsPerMinute) * 60_000),
      fixedWindowMinimumMs: Math.max(0, Math.ceil(acceptedRequests / requestsPerMinute) - 1) * 60_000,
    };
  } finally {
    stack.dispose();
    await emulator.close();
  }
}

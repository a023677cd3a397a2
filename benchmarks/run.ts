import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { pulumiCliDirectory, repoRoot } from "../tests/helpers/pulumi-cli";
import {
  evaluateGoals,
  inconsistentRequestCounts,
  renderMarkdown,
  requestsPerStep,
  wallTimes,
  type BenchmarkResults,
  type MachineFacts,
} from "./report";
import { runRateLimited, runStack, type StackRun } from "./scenarios";

/**
 * The benchmark behind `npm run bench`: request counts per lifecycle step,
 * state size, and wall time of the provider against a do-nothing dynamic
 * resource, all through the real Pulumi CLI and the local emulator. Prints
 * the results and writes benchmarks/results/latest.json and latest.md.
 *
 * Environment (for shorter runs while working on the benchmark; the defaults
 * are what the recorded results use):
 *   BENCH_SIZES         stack sizes to time, comma-separated (default 1,10,50)
 *   BENCH_REPETITIONS   runs per fixture and size (default 5)
 *   BENCH_RATE_LIMITED  0 skips the rate-limited run (default 1)
 */

const requestsPerMinute = 60;
const rateLimitedCount = 50;
const maxRetryWaitSeconds = 600;
/** A CLI timeout for the rate-limited up: the retry budget plus time to start and finish. */
const rateLimitedTimeoutMs = (maxRetryWaitSeconds + 120) * 1000;
/** Stack sizes whose exported state is measured. */
const stateSizes = new Set([1, 10]);

function readSettings(): BenchmarkResults["settings"] {
  const sizes = (process.env.BENCH_SIZES ?? "1,10,50").split(",").map((text) => Number(text.trim()));
  const repetitions = Number(process.env.BENCH_REPETITIONS ?? "5");

  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new Error(`BENCH_SIZES is "${process.env.BENCH_SIZES}". Use positive whole numbers separated by commas, such as 1,10,50.`);
  }
  if (!Number.isInteger(repetitions) || repetitions < 1) {
    throw new Error(`BENCH_REPETITIONS is "${process.env.BENCH_REPETITIONS}". Use a whole number of 1 or more.`);
  }

  return { sizes, repetitions, rateLimitedCount, requestsPerMinute, maxRetryWaitSeconds };
}

function machineFacts(): MachineFacts {
  const cliDirectory = pulumiCliDirectory();
  const pulumiCli = execFileSync(path.join(cliDirectory, "pulumi"), ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).trim();
  const languageHost = readFileSync(path.join(cliDirectory, "language-host-version"), "utf8").trim();

  return {
    date: new Date().toISOString().slice(0, 10),
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumiCli,
    languageHost,
    loadAverage: { start: os.loadavg()[0], end: os.loadavg()[0] },
  };
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function describeRun(run: StackRun): string {
  return run.commands.map((sample) => `${sample.command} ${(sample.wallMs / 1000).toFixed(2)} s${sample.requests ? ` (${sample.requests.total} requests)` : ""}`).join(", ");
}

async function main(): Promise<void> {
  const started = performance.now();
  const settings = readSettings();
  const machine = machineFacts();
  progress(`${machine.cores} cores, Node.js ${machine.node}, Pulumi CLI ${machine.pulumiCli}, language host ${machine.languageHost}`);

  // One untimed stack per fixture first, so the timed runs find the CLI,
  // the Node.js modules and the fixtures in the file cache.
  progress("warming up");
  await runStack("projects", 1, { allCommands: false, measureState: false });
  await runStack("noop", 1, { allCommands: false, measureState: false });

  // Fixtures and sizes alternate within each repetition, so a slow phase of
  // the machine affects both fixtures alike. Only the first repetition runs
  // the commands that are counted but not timed against the floor.
  const runs: StackRun[] = [];
  for (let repetition = 1; repetition <= settings.repetitions; repetition += 1) {
    for (const count of settings.sizes) {
      for (const fixture of ["projects", "noop"] as const) {
        const first = repetition === 1;
        const run = await runStack(fixture, count, { allCommands: first, measureState: first && stateSizes.has(count) });
        runs.push(run);
        progress(`run ${repetition}/${settings.repetitions}, ${count} ${fixture}: ${describeRun(run)}`);
      }
    }
  }

  const inconsistent = inconsistentRequestCounts(runs);
  if (inconsistent.length > 0) {
    progress(`request counts differ between repetitions (the tables show the first run): ${inconsistent.join("; ")}`);
  }

  let rateLimited: BenchmarkResults["rateLimited"];
  if (process.env.BENCH_RATE_LIMITED !== "0") {
    progress(`up of ${rateLimitedCount} projects at ${requestsPerMinute} requests per minute (takes minutes)`);
    rateLimited = await runRateLimited(rateLimitedCount, requestsPerMinute, maxRetryWaitSeconds, rateLimitedTimeoutMs);
  }

  const partial = {
    requestsPerStep: requestsPerStep(runs),
    previewUnchangedRequests: settings.sizes.map((count) => ({
      count,
      requests: runs.find((run) => run.fixture === "projects" && run.count === count)?.commands.find((sample) => sample.command === "preview (unchanged)")?.requests?.total ?? 0,
    })),
    state: settings.sizes
      .filter((count) => stateSizes.has(count))
      .map((count) => ({
        count,
        projects: runs.find((run) => run.fixture === "projects" && run.count === count && run.state !== undefined)?.state,
        noop: runs.find((run) => run.fixture === "noop" && run.count === count && run.state !== undefined)?.state,
      })),
    wallTimes: wallTimes(runs, settings.sizes),
  };

  const results: BenchmarkResults = {
    command: "npm run bench",
    settings,
    machine: { ...machine, loadAverage: { start: machine.loadAverage.start, end: os.loadavg()[0] } },
    durationSeconds: Math.round((performance.now() - started) / 1000),
    ...partial,
    rateLimited,
    goals: evaluateGoals(partial),
    runs,
  };

  const markdown = renderMarkdown(results);
  const resultsDirectory = path.join(repoRoot, "benchmarks", "results");
  mkdirSync(resultsDirectory, { recursive: true });
  writeFileSync(path.join(resultsDirectory, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(resultsDirectory, "latest.md"), markdown);

  process.stdout.write(markdown);
  progress(`wrote benchmarks/results/latest.json and latest.md in ${results.durationSeconds} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

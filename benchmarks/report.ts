import type { CommandSample, RateLimitedRun, RequestSummary, StackRun, StateSize } from "./scenarios";

/**
 * Turns the raw stack runs into the benchmark's figures, checks them against
 * the goals and renders them as Markdown.
 */

/** The machine and software that produced the figures. */
export interface MachineFacts {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  pulumiCli: string;
  languageHost: string;
  /** The 1-minute load average when the benchmark started and ended. Other work on the machine skews the wall times. */
  loadAverage: { start: number; end: number };
}

/** The API requests of one lifecycle step of a single project. */
export interface StepRequests {
  step: string;
  /** The CLI command whose requests were counted. */
  command: string;
  /** Undefined when the step cannot be reached through the CLI. */
  requests?: number;
  byRoute?: Record<string, number>;
  note?: string;
}

/** Median wall times of one command for both fixtures. */
export interface WallTimeRow {
  count: number;
  command: string;
  projectsMs: number;
  noopMs: number;
  /** `projectsMs / noopMs`. */
  ratio: number;
  /** The ratio of the fastest samples, which other load on the machine inflates least. */
  fastestRatio: number;
  projectsSamplesMs: number[];
  noopSamplesMs: number[];
  /** Median over the samples of the emulator's summed time per request, in milliseconds. */
  emulatorMs: number;
  /** Median over the samples of the time from the command's start to the first request, in milliseconds. */
  beforeFirstMs: number;
  /** Median over the samples of the time from the first request to the last, in milliseconds. */
  firstToLastMs: number;
  /** Median over the samples of the time from the last request to the command's end, in milliseconds. */
  afterLastMs: number;
}

/** One goal, its limit and the measured value. */
export interface GoalResult {
  goal: string;
  limit: number;
  measured: number;
  unit: string;
  met: boolean;
}

/** Everything that benchmarks/results/latest.json holds. */
export interface BenchmarkResults {
  command: string;
  settings: { sizes: number[]; repetitions: number; rateLimitedCount: number; requestsPerMinute: number; maxRetryWaitSeconds: number };
  machine: MachineFacts;
  durationSeconds: number;
  requestsPerStep: StepRequests[];
  previewUnchangedRequests: { count: number; requests: number }[];
  state: { count: number; projects?: StateSize; noop?: StateSize }[];
  wallTimes: WallTimeRow[];
  rateLimited?: RateLimitedRun;
  goals: GoalResult[];
  runs: StackRun[];
}

/** The commands whose wall time is compared. Preview of a new stack and refresh are timed too, but not compared. */
const comparedCommands = ["up", "preview (unchanged)", "destroy"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

function samplesOf(runs: StackRun[], fixture: StackRun["fixture"], count: number, command: string): CommandSample[] {
  return runs
    .filter((run) => run.fixture === fixture && run.count === count)
    .flatMap((run) => run.commands.filter((sample) => sample.command === command));
}

/** Finds the request summary of `command` on the first projects stack of `count`. */
function firstRequests(runs: StackRun[], count: number, command: string): RequestSummary | undefined {
  return samplesOf(runs, "projects", count, command)[0]?.requests;
}

/** Lists the request counts that differ between repetitions of the same command, which would make a single figure misleading. */
export function inconsistentRequestCounts(runs: StackRun[]): string[] {
  const seen = new Map<string, Set<number>>();

  for (const run of runs.filter((candidate) => candidate.fixture === "projects")) {
    for (const sample of run.commands) {
      const key = `${run.count} projects, ${sample.command}`;
      const totals = seen.get(key) ?? new Set<number>();
      totals.add(sample.requests?.total ?? 0);
      seen.set(key, totals);
    }
  }

  return [...seen].filter(([, totals]) => totals.size > 1).map(([key, totals]) => `${key}: ${[...totals].join(", ")}`);
}

/** Counts the requests of each lifecycle step from the 1-project stacks. */
export function requestsPerStep(runs: StackRun[]): StepRequests[] {
  const step = (name: string, command: string, description: string): StepRequests => {
    const summary = firstRequests(runs, 1, command);
    return { step: name, command: description, requests: summary?.total, byRoute: summary?.byRoute };
  };

  return [
    step("check", "preview (new stack)", "`pulumi preview` of a new stack"),
    step("diff", "preview (unchanged)", "`pulumi preview` of an unchanged stack"),
    step("create", "up", "`pulumi up`"),
    step("read", "refresh", "`pulumi refresh`"),
    {
      step: "update",
      command: "-",
      note: "not reachable (every input change replaces): name, description and region force a replacement, and a change to allowUnknownRegion or adoptExistingId diffs as no change. Update runs only to finish a create that failed half-way, which this benchmark does not stage.",
    },
    step("delete", "destroy", "`pulumi destroy`"),
  ];
}

/** Pairs the median wall times of both fixtures per stack size and command. */
export function wallTimes(runs: StackRun[], sizes: number[]): WallTimeRow[] {
  const rows: WallTimeRow[] = [];

  for (const count of sizes) {
    for (const command of comparedCommands) {
      const projects = samplesOf(runs, "projects", count, command);
      const noop = samplesOf(runs, "noop", count, command);
      if (projects.length === 0 || noop.length === 0) {
        continue;
      }

      const projectsMs = median(projects.map((sample) => sample.wallMs));
      const noopMs = median(noop.map((sample) => sample.wallMs));
      rows.push({
        count,
        command,
        projectsMs,
        noopMs,
        ratio: Math.round((projectsMs / noopMs) * 100) / 100,
        fastestRatio: Math.round((Math.min(...projects.map((sample) => sample.wallMs)) / Math.min(...noop.map((sample) => sample.wallMs))) * 100) / 100,
        projectsSamplesMs: projects.map((sample) => sample.wallMs),
        noopSamplesMs: noop.map((sample) => sample.wallMs),
        emulatorMs: median(projects.map((sample) => sample.requests?.emulatorMs ?? 0)),
        beforeFirstMs: median(projects.map((sample) => sample.requests?.beforeFirstMs ?? 0)),
        firstToLastMs: median(projects.map((sample) => sample.requests?.firstToLastMs ?? 0)),
        afterLastMs: median(projects.map((sample) => sample.requests?.afterLastMs ?? 0)),
      });
    }
  }

  return rows;
}

/** Checks the measured figures against the goals, leaving out a goal that has no measurement. */
export function evaluateGoals(results: Pick<BenchmarkResults, "requestsPerStep" | "previewUnchangedRequests" | "state" | "wallTimes">): GoalResult[] {
  const goals: GoalResult[] = [];
  const add = (goal: string, limit: number, measured: number | undefined, unit: string): void => {
    if (measured !== undefined) {
      goals.push({ goal, limit, measured, unit, met: measured <= limit });
    }
  };
  const stepRequests = (step: string) => results.requestsPerStep.find((entry) => entry.step === step)?.requests;

  const previewCounts = results.previewUnchangedRequests.map((entry) => entry.requests);
  add("Requests during a preview of an unchanged stack (any size)", 0, previewCounts.length === 0 ? undefined : Math.max(...previewCounts), "requests");
  add("Requests to create a project", 4, stepRequests("create"), "requests");
  add("Requests to read a project", 3, stepRequests("read"), "requests");
  add("Requests to delete a project", 1, stepRequests("delete"), "requests");

  const providerBytes = results.state.flatMap((entry) => (entry.projects === undefined ? [] : [entry.projects.providerBytesPerResource]));
  add("Serialized provider per resource", 2048, providerBytes.length === 0 ? undefined : Math.max(...providerBytes), "bytes");

  const up50 = results.wallTimes.find((row) => row.count === 50 && row.command === "up");
  add("`up` of 50 projects relative to the do-nothing floor", 1.3, up50?.ratio, "×");

  return goals;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function routes(byRoute: Record<string, number> | undefined): string {
  const entries = Object.entries(byRoute ?? {});
  return entries.length === 0 ? "none" : entries.map(([route, count]) => `${count}× \`${route}\``).join(", ");
}

/** Units are stored in the plural, so one of them reads "1 request". */
function unitText(value: number, unit: string): string {
  return value === 1 ? unit.replace(/s$/, "") : unit;
}

function goalOutcome(goal: GoalResult): string {
  if (goal.unit === "×") {
    const difference = Math.abs(goal.limit - goal.measured).toFixed(2);
    return goal.met ? `met (${difference}× under)` : `missed (${difference}× over)`;
  }

  const difference = Math.abs(goal.limit - goal.measured);
  if (goal.met) {
    return difference === 0 ? "met (at the limit)" : `met (${difference} ${unitText(difference, goal.unit)} under)`;
  }

  return `missed (${difference} ${unitText(difference, goal.unit)} over)`;
}

/** Renders the results as the Markdown of benchmarks/results/latest.md. */
export function renderMarkdown(results: BenchmarkResults): string {
  const { machine } = results;
  const lines: string[] = [];

  lines.push(`# Benchmark results, ${machine.date}`, "");
  lines.push(
    `Produced by \`${results.command}\` in ${Math.round(results.durationSeconds)} s on ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, ${machine.os}, Node.js ${machine.node}, Pulumi CLI ${machine.pulumiCli}, Node.js language host ${machine.languageHost}.`,
  );
  lines.push(
    `Wall times are medians of ${results.settings.repetitions} runs, each on a new stack. API requests go to the local emulator on 127.0.0.1. The 1-minute load average was ${machine.loadAverage.start.toFixed(2)} at the start and ${machine.loadAverage.end.toFixed(2)} at the end.`,
    "",
  );

  lines.push("## Goals", "", "| Goal | Limit | Measured | Result |", "|---|---|---|---|");
  for (const goal of results.goals) {
    const format = (value: number): string => (goal.unit === "×" ? `${value}×` : `${value} ${unitText(value, goal.unit)}`);
    lines.push(`| ${goal.goal} | ${format(goal.limit)} | ${format(goal.measured)} | ${goalOutcome(goal)} |`);
  }

  lines.push("", "## API requests per lifecycle step of one project", "", "| Step | Counted during | Requests | Routes |", "|---|---|---|---|");
  for (const step of results.requestsPerStep) {
    if (step.requests === undefined) {
      lines.push(`| ${step.step} | ${step.command} | - | ${step.note ?? "not measured"} |`);
    } else {
      lines.push(`| ${step.step} | ${step.command} | ${step.requests} | ${routes(step.byRoute)} |`);
    }
  }

  lines.push("", "Requests during `pulumi preview` of an unchanged stack:", "");
  for (const entry of results.previewUnchangedRequests) {
    lines.push(`- ${entry.count} project${entry.count === 1 ? "" : "s"}: ${entry.requests}`);
  }

  lines.push(
    "",
    "## State size after `up`",
    "",
    "| Resources | `__provider` per resource | Copies per resource | Exported state | Exported state, do-nothing resources |",
    "|---|---|---|---|---|",
  );
  for (const entry of results.state) {
    const projects = entry.projects;
    lines.push(
      `| ${entry.count} | ${projects?.providerBytesPerResource ?? "-"} B | ${projects?.providerCopiesPerResource ?? "-"} (inputs and outputs) | ${projects?.exportedBytes ?? "-"} B | ${entry.noop?.exportedBytes ?? "-"} B |`,
    );
  }

  lines.push(
    "",
    "## Wall time",
    "",
    "Median seconds per command. The do-nothing fixture is a dynamic resource whose create returns its inputs without I/O. The goal uses the ratio of the medians.",
    "The last four columns split the case.dev commands by the emulator's request log, as medians in milliseconds.",
    "They are the emulator's summed time serving requests, the time from the command's start to the first request, from the first request to the last, and from the last request to the command's end.",
    "",
    "| Resources | Command | case.dev projects (s) | Do-nothing (s) | Ratio | Ratio of fastest runs | Emulator busy | Start to first request | First to last request | Last request to end |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const row of results.wallTimes) {
    const split = row.emulatorMs === 0 && row.firstToLastMs === 0 && row.beforeFirstMs === 0 ? "- | - | - | -" : `${row.emulatorMs} | ${row.beforeFirstMs} | ${row.firstToLastMs} | ${row.afterLastMs}`;
    lines.push(`| ${row.count} | \`${row.command}\` | ${seconds(row.projectsMs)} | ${seconds(row.noopMs)} | ${row.ratio.toFixed(2)}× | ${row.fastestRatio.toFixed(2)}× | ${split} |`);
  }

  const limited = results.rateLimited;
  if (limited !== undefined) {
    const ratio = limited.wallMs / limited.theoreticalMinimumMs;
    const windowRatio = limited.fixedWindowMinimumMs === 0 ? "-" : `${(limited.wallMs / limited.fixedWindowMinimumMs).toFixed(2)}×`;
    lines.push(
      "",
      `## \`up\` of ${limited.count} projects at ${limited.requestsPerMinute} requests per minute`,
      "",
      `With \`casedev:maxRetryWaitSeconds\` = ${limited.maxRetryWaitSeconds} and the default retry count.`,
      "",
      "| Figure | Value |",
      "|---|---|",
      `| Exit code | ${limited.exitCode} |`,
      `| Projects in state / in the emulator | ${limited.projectsInState} / ${limited.projectsInEmulator} of ${limited.count} |`,
      `| Error lines in the CLI output | ${limited.errorLines.length} |`,
      `| Requests accepted / rejected with 429 | ${limited.acceptedRequests} / ${limited.requests.byStatus["429"] ?? 0} |`,
      `| Theoretical minimum (accepted requests / ${limited.requestsPerMinute} per minute) | ${seconds(limited.theoreticalMinimumMs)} s |`,
      `| Start of the last rate-limit window needed (the emulator's window is fixed and starts at the first request) | ${seconds(limited.fixedWindowMinimumMs)} s |`,
      `| Wall time | ${seconds(limited.wallMs)} s (${ratio.toFixed(2)}× the theoretical minimum, ${windowRatio} the last window's start) |`,
    );
    for (const line of limited.errorLines.slice(0, 5)) {
      lines.push("", `    ${line}`);
    }
  }

  return `${lines.join("\n")}\n`;
}

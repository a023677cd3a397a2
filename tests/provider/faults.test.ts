import type { Emulator, EmulatorOptions, FaultRule } from "../../emulator";
import {
  AuthenticationError,
  BadRequestError,
  CaseDevApiError,
  CaseDevConnectionError,
  CaseDevError,
  ConflictError,
  CreateOutcomeUnknownError,
  InternalServerError,
  NotFoundError,
  PartialCreateError,
  PermissionDeniedError,
  RateLimitError,
  UnexpectedResponseError,
  UnprocessableEntityError,
} from "../../provider/errors";
import * as project from "../../provider/project-handlers";
import { startEmulator, testApiKey } from "../helpers/emulator";
import { useEmulatorEnvironment } from "../helpers/provider-env";

/**
 * Fault tolerance of the provider functions against the emulator's fault
 * injector. The matrix runs every fault kind against create, read, delete and
 * the lookup that follows a create with an unknown outcome. Each cell uses a
 * fresh emulator and checks that the emulator then contains exactly the
 * projects the provider reported as existing.
 */

jest.setTimeout(60_000);

const providerKey = "__provider";
const serializedProvider = "exports.handler = () => ({})";

/** Short limits, so that hangs and exhausted retries end within seconds. */
const faultEnvironment = {
  CASEDEV_REQUEST_TIMEOUT_SECONDS: "1",
  CASEDEV_MAX_RETRY_WAIT_SECONDS: "10",
  CASEDEV_MAX_RETRIES: "3",
};

/** Every error class the provider throws, by name. */
const providerErrorNames = [
  "CaseDevApiError",
  "BadRequestError",
  "AuthenticationError",
  "PermissionDeniedError",
  "NotFoundError",
  "ConflictError",
  "UnprocessableEntityError",
  "RateLimitError",
  "InternalServerError",
  "CaseDevConnectionError",
  "UnexpectedResponseError",
  "CreateOutcomeUnknownError",
  "PartialCreateError",
];

/** Every error message seen in this file, checked for secrets at the end. */
const seenMessages: { message: string; secrets: string[] }[] = [];

/**
 * Starts an emulator, points the provider at it, runs `body` and shuts both
 * down again, even when `body` fails.
 */
async function withEmulator<T>(
  body: (emulator: Emulator) => Promise<T>,
  options: { emulator?: EmulatorOptions; environment?: Record<string, string>; apiKey?: string } = {},
): Promise<T> {
  const emulator = await startEmulator(options.emulator);
  const restore = useEmulatorEnvironment(emulator.url, options.apiKey ?? testApiKey, { ...faultEnvironment, ...options.environment });

  try {
    return await body(emulator);
  } finally {
    restore();
    await emulator.close();
  }
}

async function checkedInputs(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await project.check({}, { ...news, [providerKey]: serializedProvider });
  expect(result.failures).toEqual([]);
  return { ...result.inputs, [providerKey]: serializedProvider };
}

/** Runs `operation` and returns what it threw, failing when it did not throw an Error. */
async function caught(operation: () => Promise<unknown>): Promise<Error> {
  try {
    await operation();
  } catch (error) {
    if (error instanceof Error) {
      return error;
    }
    throw new Error(`expected an Error, received ${String(error)}`);
  }
  throw new Error("expected the operation to fail, but it succeeded");
}

/** Returns the API key and every password the emulator issued, deleted projects included. */
function secretsOf(emulator: Emulator, apiKey = testApiKey): string[] {
  const passwords = emulator.store.snapshot().projects.flatMap((record) => record.branches.map((branch) => branch.password));
  return [apiKey, ...passwords];
}

/** Records an error message and checks it for the API key, passwords and connection URIs. */
function expectNoSecrets(error: Error | undefined, emulator: Emulator, apiKey = testApiKey): void {
  if (error === undefined) {
    return;
  }

  const secrets = secretsOf(emulator, apiKey);
  seenMessages.push({ message: error.message, secrets });
  for (const secret of secrets) {
    expect(error.message).not.toContain(secret);
  }
  expect(error.message).not.toMatch(/postgres(ql)?:\/\//);
}

function liveProjectIds(emulator: Emulator): string[] {
  return emulator.store
    .listProjects()
    .map((record) => record.id)
    .sort();
}

function expectNoDuplicateNames(emulator: Emulator): void {
  const names = emulator.store.listProjects().map((record) => record.name);
  expect(new Set(names).size).toBe(names.length);
}

function createRequests(emulator: Emulator) {
  return emulator.requests.filter((request) => request.method === "POST" && request.path === "/database/v1/projects");
}

function expectCompleteOutputs(outs: Record<string, unknown>, id: string, name: string): void {
  expect(outs.projectId).toBe(id);
  expect(outs.name).toBe(name);
  expect(outs.status).toBe("active");
  expect(outs.connectionUri).toMatch(/^postgresql:\/\/neondb_owner:[^@]+@ep-/);
  expect(outs.pooledConnectionUri).toContain("-pooler.");
}

/** Creates a project with no fault active, as the starting point of read and delete cells. */
async function createProject(name: string): Promise<{ id: string; outs: Record<string, unknown>; inputs: Record<string, unknown> }> {
  const inputs = await checkedInputs({ name });
  const result = await project.create(inputs);
  return { id: result.id, outs: result.outs as Record<string, unknown>, inputs };
}

// ---------------------------------------------------------------------------
// The fault matrix
// ---------------------------------------------------------------------------

type Column = "create" | "read" | "delete" | "list";

/**
 * The outcome a cell must end with. In `error, project left to check` the
 * project exists but the provider cannot identify it. The error must then
 * name the project for the user to check, and no second project may exist.
 */
type Expectation = "success" | "error" | "error, project left to check";

interface MatrixRow {
  label: string;
  fault: Omit<FaultRule, "route">;
  expected: Record<Column, Expectation>;
}

const columns: Column[] = ["create", "read", "delete", "list"];

const allSucceed: Record<Column, Expectation> = { create: "success", read: "success", delete: "success", list: "success" };

const matrixRows: MatrixRow[] = [
  { label: "HTTP 503 once", fault: { kind: "status", status: 503, times: 1 }, expected: { ...allSucceed, create: "error" } },
  { label: "HTTP 503 once, after effect", fault: { kind: "status", status: 503, times: 1, afterEffect: true }, expected: allSucceed },
  {
    label: "HTTP 500 always",
    fault: { kind: "status", status: 500 },
    expected: { create: "error", read: "error", delete: "error", list: "error, project left to check" },
  },
  { label: "rate limit once", fault: { kind: "rate-limit", retryAfterSeconds: 1, times: 1 }, expected: allSucceed },
  { label: "reset once", fault: { kind: "reset", times: 1 }, expected: { ...allSucceed, create: "error" } },
  { label: "reset once, after effect", fault: { kind: "reset", times: 1, afterEffect: true }, expected: allSucceed },
  { label: "latency 300 ms", fault: { kind: "latency", latencyMs: 300 }, expected: allSucceed },
  { label: "hang once", fault: { kind: "hang", times: 1 }, expected: { ...allSucceed, create: "error" } },
  { label: "hang once, after effect", fault: { kind: "hang", times: 1, afterEffect: true }, expected: allSucceed },
  { label: "malformed JSON once", fault: { kind: "malformed-json", times: 1 }, expected: { ...allSucceed, create: "error" } },
  { label: "malformed JSON once, after effect", fault: { kind: "malformed-json", times: 1, afterEffect: true }, expected: allSucceed },
  { label: "missing optional fields", fault: { kind: "missing-optional-fields" }, expected: { ...allSucceed, list: "error, project left to check" } },
  { label: "extra fields", fault: { kind: "extra-fields" }, expected: allSucceed },
];

/** How one cell ended, as the provider reported it. */
interface CellOutcome {
  /** Ids of the projects the provider reported as existing afterwards. */
  reported: string[];
  error?: Error;
  /** A few words for the printed matrix, such as "adopted" or "error: InternalServerError". */
  summary: string;
}

function errorOutcome(error: unknown, reported: string[]): CellOutcome {
  if (!(error instanceof Error)) {
    throw error;
  }

  // An error that carries an id means Pulumi keeps the project in the stack.
  const partialId = (error as { id?: unknown }).id;
  const ids = typeof partialId === "string" ? [partialId] : reported;
  return { reported: ids, error, summary: `error: ${error.name}` };
}

/** Runs one column's operation under `fault` and checks what only that column can check. */
const runColumn: Record<Column, (emulator: Emulator, name: string, row: MatrixRow) => Promise<CellOutcome>> = {
  async create(emulator, name, row) {
    const inputs = await checkedInputs({ name });
    emulator.faults.add({ ...row.fault, route: "createProject" });

    let outcome: CellOutcome;
    try {
      const result = await project.create(inputs);
      expectCompleteOutputs(result.outs, result.id, name);
      const adopted = row.fault.afterEffect === true;
      outcome = { reported: [result.id], summary: adopted ? "adopted" : "created" };
    } catch (error) {
      outcome = errorOutcome(error, []);
    }

    // A create is sent again only after a 429, which the API rejects before acting.
    expect(createRequests(emulator)).toHaveLength(row.fault.kind === "rate-limit" ? 2 : 1);
    return outcome;
  },

  async read(emulator, name, row) {
    const created = await createProject(name);
    emulator.faults.add({ ...row.fault, route: "getProject" });

    try {
      const result = await project.read(created.id, created.outs);
      if (result.id === undefined) {
        return { reported: [], summary: "reported gone" };
      }

      expect(result.id).toBe(created.id);
      expect(result.props?.projectId).toBe(created.id);
      expect(result.props?.name).toBe(name);
      expect(result.props?.connectionUri).toBe(created.outs.connectionUri);
      return { reported: [result.id], summary: "read" };
    } catch (error) {
      // A failed read leaves the project in the stack.
      return errorOutcome(error, [created.id]);
    }
  },

  async delete(emulator, name, row) {
    const created = await createProject(name);
    emulator.faults.add({ ...row.fault, route: "deleteProject" });

    try {
      await project.delete(created.id, created.outs);
      expect(emulator.store.getProject(created.id)?.status).toBe("deleted");
      return { reported: [], summary: "deleted" };
    } catch (error) {
      // A failed delete leaves the project in the stack.
      return errorOutcome(error, [created.id]);
    }
  },

  async list(emulator, name, row) {
    // The create really happens but its response is lost, so the provider
    // must find the project through the list route, which has the fault.
    const inputs = await checkedInputs({ name });
    emulator.faults.add({ route: "createProject", kind: "status", status: 503, times: 1, afterEffect: true });
    emulator.faults.add({ ...row.fault, route: "listProjects" });

    let outcome: CellOutcome;
    try {
      const result = await project.create(inputs);
      expectCompleteOutputs(result.outs, result.id, name);
      outcome = { reported: [result.id], summary: "adopted" };
    } catch (error) {
      outcome = errorOutcome(error, []);
    }

    expect(createRequests(emulator)).toHaveLength(1);
    return outcome;
  },
};

/** Checks that a cell's error states what failed and what to do next. */
function expectClearError(error: Error, column: Column, name: string): void {
  expect(providerErrorNames).toContain(error.name);
  expect(error).toBeInstanceOf(CaseDevError);
  expect(error.message).toContain(`"${name}"`);
  expect(error.message).toContain("case.dev database project");

  if (column === "create" || column === "list") {
    // Every failed create names the next step.
    expect(error.message).toMatch(/pulumi up/);
  } else {
    expect(error.message).toMatch(/HTTP \d{3}|no response within|connection failed|not JSON/);
  }
}

interface CellResult {
  row: string;
  column: Column;
  passed: boolean;
  summary: string;
}

const cellResults: CellResult[] = [];

/** Builds a project name that the API accepts from a row label and a column. */
function projectNameFor(row: MatrixRow, column: Column): string {
  return `${column}-${row.label.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-+$/, "")}`.toLowerCase();
}

describe("fault matrix", () => {
  const cells = matrixRows.flatMap((row) => columns.map((column) => [row.label, column, row] as const));

  test.each(cells)("%s on %s", async (_label, column, row) => {
    const result: CellResult = { row: row.label, column, passed: false, summary: "not run" };
    cellResults.push(result);

    await withEmulator(async (emulator) => {
      const name = projectNameFor(row, column);
      const outcome = await runColumn[column](emulator, name, row);
      result.summary = outcome.summary;
      const expectation = row.expected[column];

      if (expectation === "success") {
        expect(outcome.error).toBeUndefined();
      } else {
        expect(outcome.error).toBeDefined();
        expectClearError(outcome.error!, column, name);
      }
      expectNoSecrets(outcome.error, emulator);
      expectNoDuplicateNames(emulator);

      if (expectation === "error, project left to check") {
        // The project exists but the list cannot identify it. The error must
        // name it and explain how to adopt it, and no second project may exist.
        expect(outcome.error?.name).toBe("CreateOutcomeUnknownError");
        expect(outcome.error?.message).toContain("adoptExistingId");
        expect(emulator.store.listProjects().map((record) => record.name)).toEqual([name]);
        result.summary = `${outcome.summary}, names the project to check`;
      } else {
        expect(liveProjectIds(emulator)).toEqual([...outcome.reported].sort());
      }
    });

    result.passed = true;
  });
});

afterAll(() => {
  if (cellResults.length === 0) {
    return;
  }

  const header = ["fault", ...columns];
  const lines = matrixRows.map((row) => [
    row.label,
    ...columns.map((column) => {
      const cell = cellResults.find((result) => result.row === row.label && result.column === column);
      return cell === undefined ? "not run" : `${cell.passed ? "pass" : "FAIL"} (${cell.summary})`;
    }),
  ]);
  const widths = header.map((_, index) => Math.max(...[header, ...lines].map((line) => line[index].length)));
  const format = (line: string[]) => `| ${line.map((text, index) => text.padEnd(widths[index])).join(" | ")} |`;

  const table = [format(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...lines.map(format)].join("\n");
  console.log(`Fault matrix: pass or FAIL per cell, with the provider's outcome in brackets.\n${table}`);
});

// ---------------------------------------------------------------------------
// Retries, backoff and time limits
// ---------------------------------------------------------------------------

function arrivalTimes(emulator: Emulator, method: string, pathSuffix = ""): number[] {
  return emulator.requests
    .filter((request) => request.method === method && request.path.endsWith(pathSuffix) && !request.path.endsWith("/connection"))
    .map((request) => Date.parse(request.at));
}

describe("client retries", () => {
  test("read waits for Retry-After", async () => {
    await withEmulator(async (emulator) => {
      const created = await createProject("retry-after-read");
      emulator.clearRequests();
      emulator.faults.add({ route: "getProject", kind: "rate-limit", retryAfterSeconds: 2, times: 1 });

      const result = await project.read(created.id, created.outs);

      expect(result.id).toBe(created.id);
      const times = arrivalTimes(emulator, "GET", created.id);
      expect(times).toHaveLength(2);
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(1900);
    });
  });

  test("delete backs off without Retry-After", async () => {
    await withEmulator(async (emulator) => {
      const created = await createProject("backoff-delete");
      emulator.clearRequests();
      emulator.faults.add({ route: "deleteProject", kind: "status", status: 503, times: 2 });

      await project.delete(created.id, created.outs);

      expect(emulator.store.listProjects()).toEqual([]);
      const times = arrivalTimes(emulator, "DELETE");
      expect(times).toHaveLength(3);
      // The backoff is 0.5 s, then 1 s, each with a jitter of -25 % to +25 %.
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(350);
      expect(times[2] - times[1]).toBeGreaterThanOrEqual(700);
    });
  });

  test("Retry-After beyond the wait budget fails at once", async () => {
    await withEmulator(
      async (emulator) => {
        const created = await createProject("retry-after-too-long");
        emulator.clearRequests();
        emulator.faults.add({ route: "getProject", kind: "rate-limit", retryAfterSeconds: 30 });

        const startedAt = Date.now();
        const error = await caught(() => project.read(created.id, created.outs));

        expect(Date.now() - startedAt).toBeLessThan(3000);
        expect(error).toBeInstanceOf(RateLimitError);
        expect(error.message).toContain("HTTP 429");
        expect(error.message).toContain("Retry after 30 seconds");
        expect(arrivalTimes(emulator, "GET", created.id)).toHaveLength(1);
        expect(liveProjectIds(emulator)).toEqual([created.id]);
      },
      { environment: { CASEDEV_MAX_RETRY_WAIT_SECONDS: "5" } },
    );
  });

  test("total wait stops at maxRetryWaitSeconds", async () => {
    await withEmulator(
      async (emulator) => {
        const created = await createProject("wait-budget");
        emulator.faults.add({ route: "getProject", kind: "status", status: 503 });

        const startedAt = Date.now();
        const error = await caught(() => project.read(created.id, created.outs));
        const elapsed = Date.now() - startedAt;

        expect(error).toBeInstanceOf(InternalServerError);
        expect(error.message).toMatch(/after \d+ attempts/);
        // The budget covers waits and requests; one more request timeout is the most it can overrun.
        expect(elapsed).toBeGreaterThanOrEqual(1000);
        expect(elapsed).toBeLessThan(3000 + 1000);
      },
      { environment: { CASEDEV_MAX_RETRY_WAIT_SECONDS: "3", CASEDEV_MAX_RETRIES: "50" } },
    );
  });

  test("hanging read times out on every attempt", async () => {
    await withEmulator(
      async (emulator) => {
        const created = await createProject("hang-read");
        emulator.clearRequests();
        emulator.faults.add({ route: "getProject", kind: "hang" });

        const startedAt = Date.now();
        const error = await caught(() => project.read(created.id, created.outs));

        expect(error).toBeInstanceOf(CaseDevConnectionError);
        expect((error as CaseDevConnectionError).timedOut).toBe(true);
        expect(error.message).toContain("no response within 1 s");
        expect(error.message).toContain(`(${created.id})`);
        // Three attempts of 1 s each, plus backoffs of at most 0.625 s and 1.25 s.
        expect(Date.now() - startedAt).toBeLessThan(6000);
        expect(arrivalTimes(emulator, "GET", created.id)).toHaveLength(3);
        expect(liveProjectIds(emulator)).toEqual([created.id]);
      },
      { environment: { CASEDEV_MAX_RETRIES: "2" } },
    );
  });

  test("create is sent once after HTTP 503", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ route: "createProject", kind: "status", status: 503, times: 1 });

      const error = await caught(async () => project.create(await checkedInputs({ name: "create-once" })));

      expect(createRequests(emulator)).toHaveLength(1);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error.message).toContain('No project named "create-once" exists afterwards, so nothing was created');
      expect(emulator.store.listProjects()).toEqual([]);
    });
  });

  test("create is retried after HTTP 429", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ route: "createProject", kind: "rate-limit", retryAfterSeconds: 1, times: 2 });

      const result = await project.create(await checkedInputs({ name: "create-429" }));

      expect(createRequests(emulator)).toHaveLength(3);
      expect(liveProjectIds(emulator)).toEqual([result.id]);
    });
  });

  test("refused connection fails without a lookup", async () => {
    // Start and stop an emulator to get a loopback port that refuses connections.
    const stopped = await startEmulator();
    const url = stopped.url;
    await stopped.close();

    const restore = useEmulatorEnvironment(url, testApiKey, { ...faultEnvironment, CASEDEV_MAX_RETRIES: "1" });
    try {
      const error = await caught(async () => project.create(await checkedInputs({ name: "refused" })));

      expect(error).toBeInstanceOf(CaseDevConnectionError);
      expect((error as CaseDevConnectionError).connectionRefused).toBe(true);
      expect(error.message).toContain("ECONNREFUSED");
      expect(error.message).not.toContain("looking up");
    } finally {
      restore();
    }
  });
});

// ---------------------------------------------------------------------------
// Recovery after a create with an unknown outcome
// ---------------------------------------------------------------------------

describe("create recovery", () => {
  const unknownOutcomes: [string, Omit<FaultRule, "route" | "afterEffect">][] = [
    ["timeout", { kind: "hang" }],
    ["reset", { kind: "reset" }],
    ["HTTP 502", { kind: "status", status: 502 }],
    ["HTTP 504", { kind: "status", status: 504 }],
    ["malformed JSON", { kind: "malformed-json" }],
  ];

  test.each(unknownOutcomes)("%s after effect adopts the project", async (_label, fault) => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ ...fault, route: "createProject", times: 1, afterEffect: true });

      const result = await project.create(await checkedInputs({ name: "recover-after" }));

      expect(liveProjectIds(emulator)).toEqual([result.id]);
      expectCompleteOutputs(result.outs, result.id, "recover-after");
      expect(createRequests(emulator)).toHaveLength(1);
      expect(emulator.requests.filter((request) => request.method === "GET" && request.path === "/database/v1/projects")).toHaveLength(1);
    });
  });

  test.each(unknownOutcomes)("%s before effect fails clearly", async (_label, fault) => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ ...fault, route: "createProject", times: 1 });

      const error = await caught(async () => project.create(await checkedInputs({ name: "recover-before" })));

      expect(emulator.store.listProjects()).toEqual([]);
      expect(error.message).toContain('"recover-before"');
      expect(error.message).toContain("pulumi up");
      expectNoSecrets(error, emulator);
    });
  });

  test("lost connection without a project asks to check", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ route: "createProject", kind: "reset", times: 1 });

      const error = await caught(async () => project.create(await checkedInputs({ name: "reset-check" })));

      expect(error).toBeInstanceOf(CreateOutcomeUnknownError);
      expect(error.name).toBe("CreateOutcomeUnknownError");
      expect((error as CreateOutcomeUnknownError).projectName).toBe("reset-check");
      expect(error.cause).toBeInstanceOf(CaseDevConnectionError);
      expect(error.message).toContain("may still finish the lost request");
      expect(error.message).toContain("casedev database:v1:projects list");
      expect(error.message).toContain("adoptExistingId");
    });
  });

  test("two projects of the same name are not adopted", async () => {
    await withEmulator(async (emulator) => {
      const other = emulator.store.createProject({ name: "twice" });
      emulator.faults.add({ route: "createProject", kind: "status", status: 503, times: 1, afterEffect: true });

      const error = await caught(async () => project.create(await checkedInputs({ name: "twice" })));

      const live = liveProjectIds(emulator);
      expect(live).toHaveLength(2);
      expect(error).toBeInstanceOf(CreateOutcomeUnknownError);
      expect((error as CreateOutcomeUnknownError).candidateIds.sort()).toEqual(live);
      expect(error.message).toContain(other.id);
      expect(error.message).toContain("cannot tell which one");
      expect(error.message).toContain("adoptExistingId");
      expect(createRequests(emulator)).toHaveLength(1);
    });
  });

  test("deleted project of the same name is ignored", async () => {
    await withEmulator(
      async (emulator) => {
        const old = emulator.store.createProject({ name: "reused-name" });
        emulator.store.deleteProject(old.id);
        emulator.faults.add({ route: "createProject", kind: "status", status: 503, times: 1, afterEffect: true });

        const result = await project.create(await checkedInputs({ name: "reused-name" }));

        expect(result.id).not.toBe(old.id);
        expect(liveProjectIds(emulator)).toEqual([result.id]);
      },
      { emulator: { deletedProjects: "status-deleted" } },
    );
  });

  test("failed lookup names the project to check", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ route: "createProject", kind: "status", status: 503, times: 1, afterEffect: true });
      emulator.faults.add({ route: "listProjects", kind: "status", status: 500 });

      const error = await caught(async () => project.create(await checkedInputs({ name: "lookup-fails" })));

      expect(error).toBeInstanceOf(CreateOutcomeUnknownError);
      expect(error.message).toContain("HTTP 503");
      expect(error.message).toContain("looking the project up by name also failed");
      expect(error.message).toContain("HTTP 500");
      expect(error.message).toContain('a project named "lookup-fails" exists');
      expect(emulator.store.listProjects().map((record) => record.name)).toEqual(["lookup-fails"]);
    });
  });
});

// ---------------------------------------------------------------------------
// A create whose follow-up requests fail
// ---------------------------------------------------------------------------

describe("partial create", () => {
  test.each<[string, FaultRule]>([
    ["GET project", { route: "getProject", kind: "status", status: 500 }],
    ["GET connection", { route: "getConnection", kind: "status", status: 503 }],
    ["GET project timeout", { route: "getProject", kind: "hang" }],
  ])("%s failing keeps the id, then update finishes", async (_label, fault) => {
    await withEmulator(async (emulator) => {
      const inputs = await checkedInputs({ name: "partial", description: "kept" });
      emulator.faults.add(fault);

      const error = await caught(() => project.create(inputs));

      const live = liveProjectIds(emulator);
      expect(live).toHaveLength(1);
      expect(error).toBeInstanceOf(PartialCreateError);
      expect(error.name).toBe("PartialCreateError");
      const partial = error as PartialCreateError;
      expect(partial.id).toBe(live[0]);
      expect(partial.properties.projectId).toBe(live[0]);
      expect(partial.properties.name).toBe("partial");
      expect(partial.properties[providerKey]).toBe(serializedProvider);
      expect(partial.properties.connectionUri).toBeNull();
      expect(partial.reasons).toHaveLength(1);
      expect(error.message).toContain(`Created case.dev database project "partial" (${live[0]})`);
      expect(error.message).toContain("run `pulumi up` again to finish");
      expectNoSecrets(error, emulator);

      emulator.faults.clear();
      const updated = await project.update(partial.id, partial.properties, inputs);

      expectCompleteOutputs(updated.outs!, partial.id, "partial");
      expect(updated.outs?.description).toBe("kept");
      expect(liveProjectIds(emulator)).toEqual([partial.id]);
    });
  });

  test("partly created project can be deleted", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ route: "getProject", kind: "status", status: 500 });

      const error = (await caught(async () => project.create(await checkedInputs({ name: "partial-delete" })))) as PartialCreateError;
      emulator.faults.clear();
      await project.delete(error.id, error.properties);

      expect(emulator.store.listProjects()).toEqual([]);
    });
  });
});

// ---------------------------------------------------------------------------
// Error classes and messages
// ---------------------------------------------------------------------------

describe("error messages", () => {
  type ErrorClass = abstract new (...args: never[]) => Error;

  test.each<[number, ErrorClass, string]>([
    [400, BadRequestError, "BadRequestError"],
    [409, ConflictError, "ConflictError"],
    [422, UnprocessableEntityError, "UnprocessableEntityError"],
    [500, InternalServerError, "InternalServerError"],
    [503, InternalServerError, "InternalServerError"],
  ])("read with HTTP %i follows the template", async (status, errorClass, className) => {
    await withEmulator(async (emulator) => {
      const created = await createProject("template");
      emulator.faults.add({ route: "getProject", kind: "status", status });

      const error = await caught(() => project.read(created.id, created.outs));

      expect(error).toBeInstanceOf(errorClass);
      expect(error).toBeInstanceOf(CaseDevApiError);
      expect(error.name).toBe(className);
      expect((error as CaseDevApiError).status).toBe(status);
      expect((error as CaseDevApiError).requestId).toMatch(/^req_[a-z0-9]+$/);
      expect(error.message).toContain(`Reading case.dev database project "template" (${created.id}) failed`);
      expect(error.message).toContain(`GET /database/v1/projects/${created.id} returned HTTP ${status}`);
      expect(error.message).toContain("(injected by an emulator fault rule for getProject)");
      expect(error.message).toContain(`(request id ${(error as CaseDevApiError).requestId})`);
      expectNoSecrets(error, emulator);
    });
  });

  test("HTTP 403 names the key settings", async () => {
    await withEmulator(async (emulator) => {
      const created = await createProject("template-403");
      emulator.faults.add({ route: "getProject", kind: "status", status: 403 });

      const error = await caught(() => project.read(created.id, created.outs));

      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error.name).toBe("PermissionDeniedError");
      expect(error.message).toContain(`Reading case.dev database project "template-403" (${created.id}) failed`);
      expect(error.message).toContain("HTTP 403");
      expect(error.message).toContain("(injected by an emulator fault rule for getProject)");
      expect(error.message).toContain(`Request id ${(error as PermissionDeniedError).requestId}`);
      expect(error.message).toContain("casedev:apiKey");
      expectNoSecrets(error, emulator);
    });
  });

  test("rate limit after retries is RateLimitError", async () => {
    await withEmulator(
      async (emulator) => {
        const created = await createProject("template-429");
        emulator.faults.add({ route: "deleteProject", kind: "rate-limit", retryAfterSeconds: 0 });

        const error = await caught(() => project.delete(created.id, created.outs));

        expect(error).toBeInstanceOf(RateLimitError);
        expect(error.name).toBe("RateLimitError");
        expect(error.message).toContain(`Deleting case.dev database project "template-429" (${created.id}) failed`);
        expect(error.message).toContain("HTTP 429");
        expect(error.message).toContain("Rate limit exceeded");
        expect(error.message).toContain("after 2 attempts");
        expect(liveProjectIds(emulator)).toEqual([created.id]);
      },
      { environment: { CASEDEV_MAX_RETRIES: "1" } },
    );
  });

  test("missing branch is NotFoundError", async () => {
    await withEmulator(async (emulator) => {
      const created = await createProject("template-404");
      emulator.faults.add({ route: "getConnection", kind: "status", status: 404 });

      const error = await caught(() => project.read(created.id, created.outs));

      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.name).toBe("NotFoundError");
      expect(error.message).toContain(`/database/v1/projects/${created.id}/connection returned HTTP 404`);
    });
  });

  test("duplicate name is ConflictError", async () => {
    await withEmulator(
      async (emulator) => {
        await createProject("taken");

        const error = await caught(async () => project.create(await checkedInputs({ name: "taken" })));

        expect(error).toBeInstanceOf(ConflictError);
        expect(error.message).toContain('Creating case.dev database project "taken" failed');
        expect(error.message).toContain('A project named "taken" already exists (request id ');
        expect(createRequests(emulator)).toHaveLength(2);
        expect(emulator.store.listProjects()).toHaveLength(1);
      },
      { emulator: { uniqueProjectNames: true } },
    );
  });

  test("refused key is AuthenticationError without the key", async () => {
    const wrongKey = "sk_case_wrong_key_not_accepted";
    await withEmulator(
      async (emulator) => {
        const error = await caught(async () => project.create(await checkedInputs({ name: "bad-key" })));

        expect(error).toBeInstanceOf(AuthenticationError);
        expect(error.name).toBe("AuthenticationError");
        expect(error.message).toContain("HTTP 401");
        expect(error.message).toContain("casedev:apiKey");
        expectNoSecrets(error, emulator, wrongKey);
        expect(emulator.store.listProjects()).toEqual([]);
      },
      { apiKey: wrongKey },
    );
  });

  test("malformed body on every read is UnexpectedResponseError", async () => {
    await withEmulator(
      async (emulator) => {
        const created = await createProject("template-json");
        emulator.faults.add({ route: "getProject", kind: "malformed-json" });

        const error = await caught(() => project.read(created.id, created.outs));

        expect(error).toBeInstanceOf(UnexpectedResponseError);
        expect(error.name).toBe("UnexpectedResponseError");
        expect(error.message).toContain(`Reading case.dev database project "template-json" (${created.id}) failed`);
        expect(error.message).toMatch(/returned HTTP 200 \(request id req_[a-z0-9]+\) with a body that is not JSON/);
        expectNoSecrets(error, emulator);
      },
      { environment: { CASEDEV_MAX_RETRIES: "1" } },
    );
  });
});

// ---------------------------------------------------------------------------
// Response variants the API's sources disagree on
// ---------------------------------------------------------------------------

describe("response tolerance", () => {
  test("docs-style lists and connectionHostname", async () => {
    await withEmulator(
      async (emulator) => {
        emulator.faults.add({ route: "createProject", kind: "status", status: 503, times: 1, afterEffect: true });

        const result = await project.create(await checkedInputs({ name: "docs-style" }));
        const read = await project.read(result.id, result.outs);

        const record = emulator.store.getProject(result.id)!;
        expect(liveProjectIds(emulator)).toEqual([result.id]);
        expectCompleteOutputs(result.outs, result.id, "docs-style");
        expect(result.outs.connectionHostname).toBe(record.branches[0].host);
        expect(read.props).toEqual(result.outs);

        await project.delete(result.id, result.outs);
        expect(emulator.store.listProjects()).toEqual([]);
      },
      { emulator: { listStyle: "docs", hostField: "connectionHostname" } },
    );
  });

  test("missing optional fields on every route", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ kind: "missing-optional-fields" });

      const result = await project.create(await checkedInputs({ name: "sparse", description: "not echoed" }));
      const read = await project.read(result.id, result.outs);
      await project.delete(result.id, result.outs);

      expect(result.outs.projectId).toBe(result.id);
      expect(result.outs.connectionUri).toMatch(/^postgresql:\/\//);
      expect(read.id).toBe(result.id);
      expect(emulator.store.getProject(result.id)?.status).toBe("deleted");
      expect(emulator.store.listProjects()).toEqual([]);
    });
  });

  test("extra fields on every route", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add({ kind: "extra-fields" });

      const result = await project.create(await checkedInputs({ name: "extra" }));
      const read = await project.read(result.id, result.outs);
      await project.delete(result.id, result.outs);

      expectCompleteOutputs(result.outs, result.id, "extra");
      expect(JSON.stringify(result.outs)).not.toContain("emulatorExtra");
      expect(read.props?.projectId).toBe(result.id);
      expect(emulator.store.listProjects()).toEqual([]);
    });
  });

  test("status deleted reads as gone", async () => {
    await withEmulator(
      async (emulator) => {
        const created = await createProject("soft-deleted");
        await project.delete(created.id, created.outs);

        const read = await project.read(created.id, created.outs);
        // A second delete gets 404, which counts as already deleted.
        await project.delete(created.id, created.outs);

        expect(read).toEqual({});
        expect(emulator.store.getProject(created.id)?.status).toBe("deleted");
        expect(emulator.store.listProjects()).toEqual([]);
      },
      { emulator: { deletedProjects: "status-deleted" } },
    );
  });
});

afterAll(() => {
  // Every message seen above, checked once more in one place.
  for (const { message, secrets } of seenMessages) {
    for (const secret of secrets) {
      expect(message).not.toContain(secret);
    }
  }
});

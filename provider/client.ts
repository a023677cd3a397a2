import ky, { TimeoutError } from "ky";
import { prettifyError, type z } from "zod";
import type { ProviderSettings } from "./config";
import {
  apiErrorForStatus,
  capitalizeOperation,
  CaseDevConnectionError,
  type OperationContext,
  UnexpectedResponseError,
} from "./errors";
import { backoffDelayMs, isRetryableResponse, serverRequestedDelayMs } from "./retry";
import {
  branchListSchema,
  connectionSchema,
  createdProjectSchema,
  deleteResultSchema,
  projectDetailSchema,
  projectListSchema,
} from "./schemas";

/**
 * A thin client for the eight case.dev Database API routes that the provider
 * uses. It owns authentication, timeouts, retries and turning failures into
 * the package's error classes. A new client is built for every operation, so
 * nothing here outlives one call of a provider method.
 */

/** Sends requests; the default is the global `fetch`. Tests may count or fail calls. */
export type FetchFunction = typeof fetch;

interface RequestOptions<T extends z.ZodType> {
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  schema: T;
  /**
   * Whether the request may be repeated after a transient failure. Creates are
   * not: the API has no idempotency key, so a repeated POST can create a
   * second project.
   */
  idempotent: boolean;
}

/** The body of a project create request. */
export interface CreateProjectBody {
  name: string;
  description?: string;
  region?: string;
}

export class CaseDevClient {
  constructor(
    private readonly settings: ProviderSettings,
    private readonly fetchFunction: FetchFunction = fetch,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Creates a project. Never retried, because a repeated create can duplicate the project. */
  createProject(body: CreateProjectBody, context: OperationContext) {
    return this.request(context, { method: "POST", path: "/database/v1/projects", body, schema: createdProjectSchema(), idempotent: false });
  }

  /** Reads one project with its branches, databases and connection host. */
  getProject(id: string, context: OperationContext) {
    return this.request(context, { method: "GET", path: `/database/v1/projects/${encodeURIComponent(id)}`, schema: projectDetailSchema(), idempotent: true });
  }

  /** Lists every project of the organization. */
  listProjects(context: OperationContext) {
    return this.request(context, { method: "GET", path: "/database/v1/projects", schema: projectListSchema(), idempotent: true });
  }

  /** Deletes a project and all its branches and databases. */
  deleteProject(id: string, context: OperationContext) {
    return this.request(context, { method: "DELETE", path: `/database/v1/projects/${encodeURIComponent(id)}`, schema: deleteResultSchema(), idempotent: true });
  }

  /** Lists a project's branches. */
  listBranches(id: string, context: OperationContext) {
    return this.request(context, { method: "GET", path: `/database/v1/projects/${encodeURIComponent(id)}/branches`, schema: branchListSchema(), idempotent: true });
  }

  /** Returns the connection URI of a branch, chosen by branch name. */
  getConnection(id: string, options: { branch?: string; pooled: boolean }, context: OperationContext) {
    const query: Record<string, string> = { pooled: String(options.pooled) };
    if (options.branch !== undefined) {
      query.branch = options.branch;
    }

    return this.request(context, { method: "GET", path: `/database/v1/projects/${encodeURIComponent(id)}/connection`, query, schema: connectionSchema(), idempotent: true });
  }

  private async request<T extends z.ZodType>(context: OperationContext, options: RequestOptions<T>): Promise<z.infer<T>> {
    const startedAt = Date.now();
    let attempts = 0;

    for (;;) {
      attempts += 1;
      let outcome = await this.send(context, options, attempts);

      if (outcome.kind === "response" && outcome.response.ok) {
        const body = parseJson(outcome.text);
        if (body.ok) {
          return this.validate(context, options, outcome, body.value);
        }

        // A truncated or garbled body is handled like a lost connection: a
        // read or delete is sent again, and a failed create goes to recovery.
        const message = `${capitalizeOperation(context)} failed: ${describeResponse(options, outcome)} with a body that is not JSON (${outcome.text.length} bytes).`;
        outcome = { kind: "unreadable", error: new UnexpectedResponseError(message) };
      }

      const retryDelay = this.retryDelayMs(options, outcome, attempts, startedAt);
      if (retryDelay === undefined) {
        throw await this.failure(context, options, outcome, attempts);
      }

      await this.sleep(retryDelay);
    }
  }

  private async send<T extends z.ZodType>(context: OperationContext, options: RequestOptions<T>, attempt: number): Promise<Outcome> {
    try {
      const response = await ky(this.settings.baseUrl + options.path, {
        method: options.method,
        searchParams: options.query,
        json: options.body,
        headers: {
          Accept: "application/json",
          Authorization: `Bearer ${this.settings.apiKey}`,
          "X-Retry-Count": String(attempt - 1),
        },
        timeout: this.settings.requestTimeoutMs,
        // ky's timeout stops at the response headers. This signal also
        // bounds reading the body, because fetch aborts the body stream with it.
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
        retry: 0,
        throwHttpErrors: false,
        fetch: this.fetchFunction,
      });

      // The body is read here, so that a body which stalls or breaks off is
      // a failed exchange like a timeout or reset, not an unhandled error.
      const text = await response.text();

      return { kind: "response", response, text, requestId: response.headers.get("x-request-id") ?? undefined };
    } catch (error) {
      const timedOut = error instanceof TimeoutError || errorField(error, "name") === "TimeoutError";
      const reason = timedOut
        ? `no response within ${this.settings.requestTimeoutMs / 1000} s`
        : `the connection failed (${describeNetworkError(error)})`;

      return {
        kind: "network",
        error: new CaseDevConnectionError(
          `${capitalizeOperation(context)} failed: ${options.method} ${options.path} to ${this.settings.baseUrl}: ${reason}`,
          { timedOut, connectionRefused: networkErrorCode(error) === "ECONNREFUSED", cause: error },
        ),
      };
    }
  }

  private retryDelayMs<T extends z.ZodType>(options: RequestOptions<T>, outcome: Outcome, attempts: number, startedAt: number): number | undefined {
    if (attempts > this.settings.maxRetries || !mayRetry(options, outcome)) {
      return undefined;
    }

    const delay =
      outcome.kind === "response" ? (serverRequestedDelayMs(outcome.response.headers) ?? backoffDelayMs(attempts)) : backoffDelayMs(attempts);

    // Give up instead of sleeping past the total budget, so that a long
    // Retry-After fails fast with the API's own message.
    const elapsed = Date.now() - startedAt;
    if (elapsed + delay > this.settings.maxRetryWaitMs) {
      return undefined;
    }

    return delay;
  }

  private async failure<T extends z.ZodType>(context: OperationContext, options: RequestOptions<T>, outcome: Outcome, attempts: number): Promise<Error> {
    if (outcome.kind !== "response") {
      return outcome.error;
    }

    const response = outcome.response;
    const { message, code } = readApiError(outcome.text);

    return apiErrorForStatus({
      context,
      method: options.method,
      path: options.path,
      baseUrl: this.settings.baseUrl,
      status: response.status,
      statusText: response.statusText,
      apiMessage: message,
      apiCode: code,
      requestId: outcome.requestId,
      attempts,
    });
  }

  private async validate<T extends z.ZodType>(context: OperationContext, options: RequestOptions<T>, outcome: ResponseOutcome, body: unknown): Promise<z.infer<T>> {
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) {
      throw new UnexpectedResponseError(
        `${capitalizeOperation(context)} failed: ${describeResponse(options, outcome)} with a body this provider does not understand:\n${prettifyError(parsed.error)}`,
      );
    }

    return parsed.data;
  }
}

/** Formats "GET /database/v1/projects returned HTTP 200 (request id req_1)". */
function describeResponse<T extends z.ZodType>(options: RequestOptions<T>, outcome: ResponseOutcome): string {
  const requestId = outcome.requestId ? ` (request id ${outcome.requestId})` : "";
  return `${options.method} ${options.path} returned HTTP ${outcome.response.status}${requestId}`;
}

/** Parses a response body; an empty body counts as `{}`. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: text === "" ? {} : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Tells whether a failed request may be sent again. Reads and deletes may,
 * after any transient failure. A create may only when the API certainly did
 * not act on it: a 429 (rejected before processing) or a refused connection.
 */
function mayRetry<T extends z.ZodType>(options: RequestOptions<T>, outcome: Outcome): boolean {
  if (outcome.kind === "network") {
    return options.idempotent || outcome.error.connectionRefused;
  }

  if (outcome.kind === "unreadable") {
    return options.idempotent;
  }

  if (!isRetryableResponse(outcome.response.status, outcome.response.headers)) {
    return false;
  }

  return options.idempotent || outcome.response.status === 429;
}

/** An HTTP response with its whole body. */
type ResponseOutcome = { kind: "response"; response: Response; text: string; requestId: string | undefined };

/**
 * The result of one attempt: a response, no response (`network`), or a 2xx
 * response whose body is not JSON (`unreadable`).
 */
type Outcome = ResponseOutcome | { kind: "network"; error: CaseDevConnectionError } | { kind: "unreadable"; error: UnexpectedResponseError };

/** Extracts the API's message from `{error: {message, code}}` or `{message, code}` bodies. */
function readApiError(text: string): { message?: string; code?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const nested = typeof body.error === "object" && body.error !== null ? (body.error as Record<string, unknown>) : undefined;
    const message = nested?.message ?? body.message ?? (typeof body.error === "string" ? body.error : undefined);
    const code = nested?.code ?? body.code;

    return {
      message: typeof message === "string" ? message : undefined,
      code: typeof code === "string" ? code : undefined,
    };
  } catch {
    const snippet = text.trim().slice(0, 200);
    return { message: snippet === "" ? undefined : snippet };
  }
}

/**
 * Reads a string field of a thrown value. fetch's errors and DOMExceptions can
 * come from another realm (as under Jest), where `instanceof Error` is false,
 * so fields are read without that check.
 */
function errorField(value: unknown, field: "name" | "message" | "code"): string | undefined {
  const fieldValue = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  return typeof fieldValue === "string" ? fieldValue : undefined;
}

function errorCause(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { cause?: unknown }).cause : undefined;
}

function networkErrorCode(error: unknown): string | undefined {
  return errorField(errorCause(error), "code");
}

function describeNetworkError(error: unknown): string {
  const cause = errorCause(error);
  return errorField(cause, "code") ?? errorField(cause, "message") ?? errorField(error, "message") ?? String(error);
}

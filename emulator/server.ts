import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";

import { adminPath, handleAdmin } from "./admin";
import { ApiError, notFound } from "./errors";
import { FaultController } from "./faults";
import { isLoopbackAddress, parseJsonBody, readBearerToken, readBody, redactSecret, sendJson, sendRaw } from "./http";
import { newRequestId } from "./names";
import { RateLimiter } from "./rate-limit";
import { applyFault, type ResponseWriter } from "./apply-fault";
import { matchRoute, type ResponseOptions } from "./routes";
import { EmulatorStore } from "./store";

/** Settings of {@link createEmulator}. */
export interface EmulatorOptions {
  /** TCP port. 0 picks a free one. @default 0 */
  port?: number;
  /** Address to listen on. Only loopback addresses are accepted. @default "127.0.0.1" */
  host?: string;
  /** Exact keys to accept. When unset, any key that starts with `sk_case_` is accepted. */
  apiKeys?: string[];
  /** JSON file to load state from at start (if it exists) and to rewrite after every change. */
  dataFile?: string;
  /** List envelope: `sdk` wraps lists as `{"projects": [...]}` and `{"branches": [...]}`, and `docs` sends bare arrays. @default "sdk" */
  listStyle?: "sdk" | "docs";
  /** Name of the host field in GET project. @default "connectionHost" */
  hostField?: "connectionHost" | "connectionHostname";
  /** After DELETE, GET returns 404 (`not-found`) or the record with status `deleted`. @default "not-found" */
  deletedProjects?: "not-found" | "status-deleted";
  /** Rejects a new project named like a non-deleted one with 409 and `x-should-retry: false`. @default false */
  uniqueProjectNames?: boolean;
  /** Keeps each branch's password fixed. When false, every connection request gets a new one. @default true */
  stableCredentials?: boolean;
  /** Requests per minute across all routes and keys. Above it, the response is 429. Unlimited when unset. */
  requestsPerMinute?: number;
  /** Regions accepted on top of the eight documented ones, to play a region that case.dev adds later. @default [] */
  extraRegions?: string[];
  /**
   * Receives one line per request (method, path, status, milliseconds). The request's API key is
   * redacted wherever it appears in the path, except keys under 4 characters, which are never valid.
   */
  log?: (line: string) => void;
}

/** One API request as the emulator received it. Headers are not stored, and the key is redacted from path, query and body. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** HTTP status sent, or 0 when a `reset` or `hang` fault sent none. */
  status: number;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body?: unknown;
  /** Arrival time, ISO-8601. */
  at: string;
  durationMs: number;
  /** Whether the API key was accepted. */
  authorized: boolean;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, such as `http://127.0.0.1:2728`. */
  url: string;
  port: number;
  /** Direct access to the state, for tests. */
  store: EmulatorStore;
  /** Every API request in arrival order. Admin requests are not recorded. */
  requests: RecordedRequest[];
  clearRequests(): void;
  faults: FaultController;
  /** Stops the server and destroys open sockets, including hanging ones. */
  close(): Promise<void>;
}

type Settings = Required<Omit<EmulatorOptions, "apiKeys" | "dataFile" | "requestsPerMinute" | "log">> &
  Pick<EmulatorOptions, "apiKeys" | "dataFile" | "requestsPerMinute" | "log">;

interface ServerState {
  settings: Settings;
  store: EmulatorStore;
  faults: FaultController;
  requests: RecordedRequest[];
  limiter?: RateLimiter;
  sockets: Set<Socket>;
  timers: Set<NodeJS.Timeout>;
}

/** Starts an emulator of the case.dev Database API on a loopback address. */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const settings = resolveSettings(options);
  const state: ServerState = {
    settings,
    store: new EmulatorStore({
      dataFile: settings.dataFile,
      uniqueProjectNames: settings.uniqueProjectNames,
      stableCredentials: settings.stableCredentials,
      extraRegions: settings.extraRegions,
    }),
    faults: new FaultController(),
    requests: [],
    limiter: settings.requestsPerMinute === undefined ? undefined : new RateLimiter(settings.requestsPerMinute),
    sockets: new Set(),
    timers: new Set(),
  };

  const server = createServer((request, response) => {
    void dispatch(state, request, response);
  });
  server.on("connection", (socket) => {
    state.sockets.add(socket);
    socket.on("close", () => state.sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const urlHost = address.address.includes(":") ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    store: state.store,
    requests: state.requests,
    // Truncate in place, so references to `requests` held by callers stay current.
    clearRequests: () => {
      state.requests.length = 0;
    },
    faults: state.faults,
    close: () => (closing ??= closeServer(server, state)),
  };
}

function resolveSettings(options: EmulatorOptions): Settings {
  const fail = (option: string, value: unknown, expected: string): never => {
    throw new Error(`Invalid emulator option "${option}": ${JSON.stringify(value)}. Expected ${expected}.`);
  };
  const oneOf = <T extends string>(option: string, value: T | undefined, allowed: readonly T[]): T => {
    if (value === undefined) {
      return allowed[0];
    }
    return allowed.includes(value) ? value : fail(option, value, `one of ${allowed.join(", ")}`);
  };

  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail("port", options.port, "an integer from 0 to 65535");
  }
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackAddress(host)) {
    fail("host", host, "a loopback address such as 127.0.0.1, ::1 or localhost");
  }
  if (options.apiKeys !== undefined && (options.apiKeys.length === 0 || options.apiKeys.some((key) => typeof key !== "string" || key.length === 0))) {
    // The keys are secrets, so the message does not repeat them.
    throw new Error('Invalid emulator option "apiKeys": expected a non-empty list of non-empty strings.');
  }
  const rate = options.requestsPerMinute;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1)) {
    fail("requestsPerMinute", rate, "a positive integer");
  }

  return {
    port,
    host: host === "localhost" ? "127.0.0.1" : host,
    apiKeys: options.apiKeys === undefined ? undefined : [...options.apiKeys],
    dataFile: options.dataFile,
    listStyle: oneOf("listStyle", options.listStyle, ["sdk", "docs"] as const),
    hostField: oneOf("hostField", options.hostField, ["connectionHost", "connectionHostname"] as const),
    deletedProjects: oneOf("deletedProjects", options.deletedProjects, ["not-found", "status-deleted"] as const),
    uniqueProjectNames: options.uniqueProjectNames ?? false,
    stableCredentials: options.stableCredentials ?? true,
    extraRegions: [...(options.extraRegions ?? [])],
    requestsPerMinute: rate,
    log: options.log,
  };
}

async function dispatch(state: ServerState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  response.setHeader("x-request-id", newRequestId());
  const url = new URL(request.url ?? "/", "http://emulator.invalid");
  const method = request.method ?? "GET";
  const { token, isBearer } = readBearerToken(request.headers.authorization);

  const isAdmin = url.pathname === adminPath || url.pathname.startsWith(`${adminPath}/`);
  const record: RecordedRequest = {
    method,
    path: redactSecret(url.pathname, token),
    query: redactSecret(Object.fromEntries(url.searchParams), token),
    status: 0,
    at: new Date().toISOString(),
    durationMs: 0,
    authorized: false,
  };
  if (!isAdmin) {
    state.requests.push(record);
  }

  let rateHeaders: Record<string, string> = {};
  let faultNote = "";
  const writer: ResponseWriter = {
    send(status, body, headers = {}) {
      sendJson(response, status, redactSecret(body, token), { ...rateHeaders, ...headers });
      writer.finish(status);
    },
    sendError(error) {
      writer.send(error.status, error.toBody(), error.headers);
    },
    sendText(status, text) {
      sendRaw(response, status, redactSecret(text, token), rateHeaders);
      writer.finish(status);
    },
    finish(status) {
      record.status = status;
      record.durationMs = Math.round((performance.now() - started) * 100) / 100;
      const path = redactSecret(url.pathname + url.search, token);
      state.settings.log?.(`${method} ${path} ${status === 0 ? "no-response" : status} ${record.durationMs}ms${faultNote}`);
    },
    response,
    sleep: (ms) => sleepTracked(state, ms),
  };

  try {
    const text = await readBody(request);
    const readJson = (): unknown => parseJsonBody(text);
    if (text.length > 0) {
      record.body = redactSecret(parseOrRaw(text), token);
    }

    if (isAdmin) {
      if (!isLoopbackAddress(request.socket.remoteAddress)) {
        throw new ApiError(403, "Admin endpoints accept loopback connections only.", "permission_denied");
      }
      const clearRequests = (): void => {
        state.requests.length = 0;
      };
      const result = handleAdmin({ ...state, clearRequests, method, pathname: url.pathname, readJson });
      return writer.send(result.status, result.body);
    }

    const authError = authenticate(token, isBearer, state.settings.apiKeys);
    rateHeaders = state.limiter?.peek().headers ?? {};
    if (authError !== undefined) {
      return writer.sendError(authError);
    }
    record.authorized = true;

    if (state.limiter !== undefined) {
      const decision = state.limiter.take();
      rateHeaders = decision.headers;
      if (!decision.allowed) {
        const message = `Rate limit of ${state.settings.requestsPerMinute} requests per minute exceeded. Retry after ${decision.retryAfterSeconds} seconds.`;
        return writer.sendError(new ApiError(429, message, "rate_limit_exceeded", { "retry-after": String(decision.retryAfterSeconds) }));
      }
    }

    const match = matchRoute(method, url.pathname);
    if (match.kind === "not-found") {
      return writer.sendError(notFound(`No route matches ${method} ${record.path}.`, "route_not_found"));
    }
    if (match.kind === "method-not-allowed") {
      const allow = match.allowed.join(", ");
      return writer.sendError(new ApiError(405, `Method ${method} is not allowed on ${record.path}. Allowed: ${allow}.`, "method_not_allowed", { allow }));
    }

    const fault = state.faults.take(match.route.name);
    faultNote = fault === undefined ? "" : ` fault=${fault.kind}`;
    const responseOptions: ResponseOptions = state.settings;
    const context = { store: state.store, options: responseOptions, params: match.params, query: url.searchParams, readJson };
    await applyFault(fault, match.route, context, writer, state.settings.requestsPerMinute);
  } catch (error) {
    if (error instanceof ApiError) {
      return writer.sendError(error);
    }
    const message = error instanceof Error ? error.message : String(error);
    state.settings.log?.(`error: ${method} ${redactSecret(url.pathname, token)} failed inside the emulator: ${redactSecret(message, token)}`);
    writer.sendError(new ApiError(500, `Internal emulator error: ${message}`, "internal_error"));
  }
}

function authenticate(token: string | undefined, isBearer: boolean, apiKeys: string[] | undefined): ApiError | undefined {
  const headers = { "www-authenticate": 'Bearer realm="case.dev"' };
  if (token === undefined) {
    return new ApiError(401, "Missing API key. Send the header 'Authorization: Bearer <key>' with a key that starts with sk_case_.", "AUTH_INVALID", headers);
  }
  if (!isBearer) {
    return new ApiError(401, "Invalid Authorization header: expected the Bearer scheme, as in 'Authorization: Bearer <key>'.", "AUTH_INVALID", headers);
  }
  const accepted = apiKeys === undefined ? token.startsWith("sk_case_") && token.length > "sk_case_".length : apiKeys.includes(token);
  if (!accepted) {
    const rule = apiKeys === undefined ? "Keys start with sk_case_." : "This emulator accepts only the keys it was started with.";
    return new ApiError(401, `Invalid API key. ${rule}`, "AUTH_INVALID", headers);
  }
  return undefined;
}

function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sleepTracked(state: ServerState, ms: number): Promise<void> {
  // close() clears pending timers, so a delayed response is dropped with its socket.
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      resolve();
    }, ms);
    state.timers.add(timer);
  });
}

async function closeServer(server: Server, state: ServerState): Promise<void> {
  state.timers.forEach((timer) => clearTimeout(timer));
  state.timers.clear();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  state.sockets.forEach((socket) => socket.destroy());
  await closed;
}

import { STATUS_CODES, type ServerResponse } from "node:http";

import { ApiError } from "./errors";
import type { FaultRule } from "./faults";
import { addExtraFields, dropOptionalFields, responseShapeFor } from "./responses";
import type { RouteContext, RouteMatch, RouteResult } from "./routes";

type MatchedRoute = Extract<RouteMatch, { kind: "found" }>["route"];

/** Callbacks that write and record one response, so fault handling stays apart from the HTTP plumbing. */
export interface ResponseWriter {
  /** Sends a JSON response and records it. */
  send(status: number, body: unknown, headers?: Record<string, string>): void;
  sendError(error: ApiError): void;
  /** Sends an already serialized body, labelled as JSON even when it is not valid JSON, and records it. */
  sendText(status: number, text: string): void;
  /** Records the outcome and writes the log line, for responses sent some other way. */
  finish(status: number): void;
  response: ServerResponse;
  /** Waits `ms` milliseconds, or forever once the emulator is closed. */
  sleep(ms: number): Promise<void>;
}

type Outcome = { result: RouteResult } | { error: ApiError };

/**
 * Runs a route handler with an optional fault applied, and writes the response.
 * Without a fault, or when the fault lets it through, the handler's result is sent as is.
 */
export async function applyFault(
  fault: FaultRule | undefined,
  route: MatchedRoute,
  context: RouteContext,
  writer: ResponseWriter,
  requestsPerMinute: number | undefined,
): Promise<void> {
  const run = (): Outcome => {
    try {
      return { result: route.handle(context) };
    } catch (error) {
      if (error instanceof ApiError) {
        return { error };
      }
      throw error;
    }
  };
  const deliver = (outcome: Outcome): void => {
    if ("error" in outcome) {
      writer.sendError(outcome.error);
    } else {
      writer.send(outcome.result.status, outcome.result.body);
    }
  };
  const transform = (outcome: Outcome, change: (body: unknown) => unknown): Outcome =>
    "result" in outcome ? { result: { ...outcome.result, body: change(outcome.result.body) } } : outcome;

  if (fault === undefined) {
    return deliver(run());
  }

  switch (fault.kind) {
    case "latency":
      await writer.sleep(fault.latencyMs ?? 0);
      return deliver(run());

    case "rate-limit": {
      const seconds = fault.retryAfterSeconds ?? 1;
      const headers: Record<string, string> = {
        "retry-after": String(seconds),
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": `${seconds}s`,
      };
      if (requestsPerMinute !== undefined) {
        headers["x-ratelimit-limit-requests"] = String(requestsPerMinute);
      }
      const message = `Rate limit exceeded. Retry after ${seconds} seconds.`;
      return writer.sendError(new ApiError(429, message, "rate_limit_exceeded", headers));
    }

    case "missing-optional-fields": {
      const shape = responseShapeFor(route.name, context.options.hostField);
      return deliver(shape === undefined ? run() : transform(run(), (body) => dropOptionalFields(body, shape)));
    }

    case "extra-fields":
      return deliver(transform(run(), addExtraFields));

    case "status": {
      if (fault.afterEffect) {
        run();
      }
      const status = fault.status ?? 500;
      const reason = STATUS_CODES[status] ?? "Error";
      return writer.sendError(new ApiError(status, `${reason} (injected by an emulator fault rule for ${route.name}).`));
    }

    case "reset":
      if (fault.afterEffect) {
        run();
      }
      // resetAndDestroy sends a TCP RST, which clients report as ECONNRESET.
      writer.response.socket?.resetAndDestroy();
      return writer.finish(0);

    case "hang":
      if (fault.afterEffect) {
        run();
      }
      // No response is written, and close() destroys the socket.
      return writer.finish(0);

    case "malformed-json": {
      // A read-only route can run without side effects, so its real body is truncated. A
      // mutating route runs only with afterEffect, so without it nothing changes.
      const outcome = fault.afterEffect || !route.mutates ? run() : undefined;
      let body: unknown = { id: "response-lost-before-the-operation-ran" };
      if (outcome !== undefined) {
        body = "result" in outcome ? outcome.result.body : outcome.error.toBody();
      }
      const text = JSON.stringify(body);
      return writer.sendText(200, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
  }
}

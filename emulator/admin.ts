import { ApiError, notFound } from "./errors";
import { checkFaultRule, type FaultController } from "./faults";
import type { RouteResult } from "./routes";
import type { RecordedRequest } from "./server";
import type { EmulatorStore, ProjectPatch } from "./store";
import type { CreateProjectInput } from "./validation";

/** Prefix of the control endpoints that tests and scripts use to inspect and steer the emulator. */
export const adminPath = "/_emulator";

/** State and controls that an admin request can read or change. */
export interface AdminContext {
  store: EmulatorStore;
  faults: FaultController;
  requests: RecordedRequest[];
  clearRequests(): void;
  method: string;
  pathname: string;
  /** Returns the parsed JSON body, or throws a 400 {@link ApiError}. */
  readJson(): unknown;
}

/**
 * Handles one request under {@link adminPath}. These endpoints take no API key, because the
 * server only accepts loopback connections, and they are not recorded in `requests`.
 */
export function handleAdmin(context: AdminContext): RouteResult {
  const path = context.pathname.slice(adminPath.length);
  const { method } = context;

  if (path === "/state") {
    requireMethod(method, ["GET"]);
    return { status: 200, body: context.store.snapshot() };
  }

  if (path === "/requests") {
    requireMethod(method, ["GET", "DELETE"]);
    if (method === "DELETE") {
      const cleared = context.requests.length;
      context.clearRequests();
      return { status: 200, body: { success: true, cleared } };
    }
    return { status: 200, body: { requests: context.requests } };
  }

  if (path === "/faults") {
    requireMethod(method, ["GET", "POST", "DELETE"]);
    if (method === "POST") {
      const body = context.readJson();
      // Validate every rule before adding any, so a bad rule in a list adds nothing.
      const rules = (Array.isArray(body) ? body : [body]).map(checkFaultRule);
      rules.forEach((rule) => context.faults.add(rule));
      return { status: 201, body: { faults: context.faults.list() } };
    }
    if (method === "DELETE") {
      context.faults.clear();
      return { status: 200, body: { success: true } };
    }
    return { status: 200, body: { faults: context.faults.list() } };
  }

  if (path === "/projects") {
    requireMethod(method, ["POST"]);
    return { status: 201, body: context.store.createProject(context.readJson() as CreateProjectInput) };
  }

  const projectMatch = /^\/projects\/([^/]+)$/.exec(path);
  if (projectMatch !== null) {
    requireMethod(method, ["PATCH", "DELETE"]);
    const id = decodePathSegment(projectMatch[1]);
    if (method === "PATCH") {
      return { status: 200, body: context.store.updateProject(id, context.readJson() as ProjectPatch) };
    }
    return { status: 200, body: context.store.deleteProject(id) };
  }

  throw notFound(`No admin endpoint at ${context.pathname}.`, "route_not_found");
}

function requireMethod(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) {
    throw new ApiError(405, `Method ${method} is not allowed here. Allowed: ${allowed.join(", ")}.`, "method_not_allowed", {
      allow: allowed.join(", "),
    });
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw notFound(`Project ${JSON.stringify(segment)} was not found.`, "project_not_found");
  }
}

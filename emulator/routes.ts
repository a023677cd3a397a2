import { ApiError, invalidRequest, notFound } from "./errors";
import {
  toBranchListItem,
  toCreateBranchResponse,
  toCreateProjectResponse,
  toProjectDetail,
  toProjectListItem,
  type HostField,
} from "./responses";
import type { EmulatorStore } from "./store";
import { buildUsage } from "./usage";
import { checkCreateBranchInput, checkCreateProjectInput } from "./validation";

/** Names of the eight Database API operations, as used by fault rules. */
export const routeNames = [
  "createProject",
  "listProjects",
  "getProject",
  "deleteProject",
  "createBranch",
  "listBranches",
  "getConnection",
  "getUsage",
] as const;
export type RouteName = (typeof routeNames)[number];

/** Prefix of every Database API path. */
export const basePath = "/database/v1";

/** Response options that differ between the documented variants of the API. */
export interface ResponseOptions {
  listStyle: "sdk" | "docs";
  hostField: HostField;
  deletedProjects: "not-found" | "status-deleted";
  /** Regions accepted on top of the documented ones. */
  extraRegions: readonly string[];
}

/** Everything a route handler needs for one request. */
export interface RouteContext {
  store: EmulatorStore;
  options: ResponseOptions;
  /** Decoded path parameters, such as `id`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Returns the parsed JSON body, or throws a 400 {@link ApiError} if it is missing or invalid. */
  readJson(): unknown;
}

/** Status and body of a successful response. */
export interface RouteResult {
  status: number;
  body: unknown;
}

interface RouteDefinition {
  name: RouteName;
  method: string;
  pattern: RegExp;
  /** True when the route changes state, so a fault must decide whether the change happens. */
  mutates: boolean;
  handle(context: RouteContext): RouteResult;
}

/** Result of matching a method and path against the route table. */
export type RouteMatch =
  | { kind: "found"; route: RouteDefinition; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

const projectPath = (suffix = ""): RegExp => new RegExp(`^${basePath}/projects/(?<id>[^/]+)${suffix}$`);

const routes: RouteDefinition[] = [
  { name: "createProject", method: "POST", pattern: new RegExp(`^${basePath}/projects$`), mutates: true, handle: createProject },
  { name: "listProjects", method: "GET", pattern: new RegExp(`^${basePath}/projects$`), mutates: false, handle: listProjects },
  { name: "getProject", method: "GET", pattern: projectPath(), mutates: false, handle: getProject },
  { name: "deleteProject", method: "DELETE", pattern: projectPath(), mutates: true, handle: deleteProject },
  { name: "createBranch", method: "POST", pattern: projectPath("/branches"), mutates: true, handle: createBranch },
  { name: "listBranches", method: "GET", pattern: projectPath("/branches"), mutates: false, handle: listBranches },
  { name: "getConnection", method: "GET", pattern: projectPath("/connection"), mutates: false, handle: getConnection },
  { name: "getUsage", method: "GET", pattern: new RegExp(`^${basePath}/usage$`), mutates: false, handle: getUsage },
];

/** Finds the route for a method and path. Without a match, the result distinguishes a 404 from a 405. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (match === null) {
      continue;
    }
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }

    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(match.groups ?? {})) {
      try {
        params[key] = decodeURIComponent(value);
      } catch {
        return { kind: "not-found" };
      }
    }
    return { kind: "found", route, params };
  }
  return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
}

function createProject(context: RouteContext): RouteResult {
  const input = checkCreateProjectInput(context.readJson(), context.options.extraRegions);
  const project = context.store.createProject(input);
  return { status: 201, body: toCreateProjectResponse(project) };
}

function listProjects(context: RouteContext): RouteResult {
  const includeDeleted = context.options.deletedProjects === "status-deleted";
  const items = context.store.listProjects({ includeDeleted }).map(toProjectListItem);
  return { status: 200, body: context.options.listStyle === "docs" ? items : { projects: items } };
}

function getProject(context: RouteContext): RouteResult {
  const id = context.params.id;
  const project = context.store.getProject(id);
  if (project === undefined) {
    throw notFound(`Project ${JSON.stringify(id)} was not found.`, "project_not_found");
  }
  if (project.status === "deleted" && context.options.deletedProjects === "not-found") {
    throw notFound(`Project ${JSON.stringify(id)} was not found because it was deleted.`, "project_not_found");
  }
  return { status: 200, body: toProjectDetail(project, context.options.hostField) };
}

function deleteProject(context: RouteContext): RouteResult {
  const project = context.store.deleteProject(context.params.id);
  return {
    status: 200,
    body: { success: true, message: `Project ${project.id} (${project.name}) and all its branches and databases were deleted.` },
  };
}

function createBranch(context: RouteContext): RouteResult {
  const input = checkCreateBranchInput(context.readJson());
  const branch = context.store.createBranch(context.params.id, input);
  return { status: 201, body: toCreateBranchResponse(branch) };
}

function listBranches(context: RouteContext): RouteResult {
  const items = context.store.listBranches(context.params.id).map(toBranchListItem);
  return { status: 200, body: context.options.listStyle === "docs" ? items : { branches: items } };
}

function getConnection(context: RouteContext): RouteResult {
  const branch = context.query.get("branch") ?? undefined;
  if (branch !== undefined && branch.length === 0) {
    throw invalidRequest(`Invalid query parameter "branch": must not be empty.`);
  }
  const pooled = parseBoolean(context.query.get("pooled"), "pooled");
  return { status: 200, body: context.store.connection(context.params.id, { branch, pooled }) };
}

function getUsage(context: RouteContext): RouteResult {
  return { status: 200, body: buildUsage(context.store.listProjects()) };
}

function parseBoolean(value: string | null, name: string): boolean | undefined {
  if (value === null) {
    return undefined;
  }
  if (value === "true" || value === "false") {
    return value === "true";
  }
  throw new ApiError(400, `Invalid query parameter "${name}": received ${JSON.stringify(value)}, expected "true" or "false".`, "invalid_request");
}

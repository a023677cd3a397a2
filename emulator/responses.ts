import { defaultBranchOf, type BranchRecord, type ProjectRecord } from "./store";

/**
 * Builders for the JSON bodies of the Database API. Field names, and which fields are required,
 * follow the response types of the case.dev SDK (npm `casedev` 0.66.0).
 * NOTE: taken from a written summary of those types, not checked against the live API.
 */

/** Name of the host field in GET project: the SDKs use `connectionHost`. */
export type HostField = "connectionHost" | "connectionHostname";

/** Builds the response of `POST /database/v1/projects`. */
export function toCreateProjectResponse(project: ProjectRecord): Record<string, unknown> {
  const main = defaultBranchOf(project);
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    region: project.region,
    pgVersion: project.pgVersion,
    status: project.status,
    defaultBranch: { id: main.id, name: main.name },
    createdAt: project.createdAt,
  };
}

/** Builds the response of `GET /database/v1/projects/{id}`. Its branch items have no parent or update time. */
export function toProjectDetail(project: ProjectRecord, hostField: HostField): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    region: project.region,
    pgVersion: project.pgVersion,
    status: project.status,
    [hostField]: defaultBranchOf(project).host,
    storageSizeBytes: project.storageSizeBytes,
    computeTimeSeconds: project.computeTimeSeconds,
    branches: project.branches.map((branch) => ({
      id: branch.id,
      name: branch.name,
      isDefault: branch.isDefault,
      status: branch.status,
      createdAt: branch.createdAt,
    })),
    databases: project.databases.map((database) => ({ ...database })),
    linkedDeployments: project.linkedDeployments.map((deployment) => ({ ...deployment })),
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}

/** Builds one item of `GET /database/v1/projects`. Linked deployments carry no `envVarName` here. */
export function toProjectListItem(project: ProjectRecord): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    region: project.region,
    pgVersion: project.pgVersion,
    status: project.status,
    storageSizeBytes: project.storageSizeBytes,
    computeTimeSeconds: project.computeTimeSeconds,
    linkedDeployments: project.linkedDeployments.map(({ id, name, type, url }) => ({ id, name, type, url })),
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}

/** Builds the response of `POST /database/v1/projects/{id}/branches`, which has no `updatedAt`. */
export function toCreateBranchResponse(branch: BranchRecord): Record<string, unknown> {
  return {
    id: branch.id,
    name: branch.name,
    parentBranchId: branch.parentBranchId,
    isDefault: branch.isDefault,
    status: branch.status,
    createdAt: branch.createdAt,
  };
}

/** Builds one item of `GET /database/v1/projects/{id}/branches`. */
export function toBranchListItem(branch: BranchRecord): Record<string, unknown> {
  return { ...toCreateBranchResponse(branch), updatedAt: branch.updatedAt };
}

/**
 * Required fields of a response body, per the SDK types. Every field not listed in `required`
 * is optional. `items` describes nested objects and array items, keyed by field name, and
 * the key `"[]"` describes the items of a top-level array.
 */
export interface ResponseShape {
  required: string[];
  items?: Record<string, ResponseShape>;
}

const allOptional: ResponseShape = { required: [] };

/** Returns the shape of each route's success body, used by the "missing-optional-fields" fault. */
export function responseShapeFor(route: string, hostField: HostField): ResponseShape | undefined {
  switch (route) {
    case "createProject":
      return {
        required: ["id", "name", "region", "pgVersion", "status", "defaultBranch", "createdAt"],
        items: { defaultBranch: allOptional },
      };
    case "listProjects":
      return { required: ["projects"], items: { projects: allOptional, "[]": allOptional } };
    case "getProject":
      return {
        required: [
          "id", "name", "region", "pgVersion", "status", hostField, "storageSizeBytes", "computeTimeSeconds",
          "branches", "databases", "linkedDeployments", "createdAt", "updatedAt",
        ],
        items: { branches: allOptional, databases: allOptional, linkedDeployments: allOptional },
      };
    case "deleteProject":
      return { required: ["success", "message"] };
    case "createBranch":
      return { required: ["id", "name", "parentBranchId", "isDefault", "status", "createdAt"] };
    case "listBranches":
      return { required: ["branches"], items: { branches: allOptional, "[]": allOptional } };
    case "getConnection":
      return { required: ["connectionUri", "branch", "pooled"] };
    case "getUsage":
      return allOptional;
    default:
      return undefined;
  }
}

/** Returns a copy of a body without the fields that `shape` marks as optional. */
export function dropOptionalFields(body: unknown, shape: ResponseShape): unknown {
  if (Array.isArray(body)) {
    const itemShape = shape.items?.["[]"];
    return itemShape === undefined ? body : body.map((item) => dropOptionalFields(item, itemShape));
  }
  if (typeof body !== "object" || body === null) {
    return body;
  }

  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!shape.required.includes(key)) {
      continue;
    }
    const nested = shape.items?.[key];
    if (nested !== undefined && Array.isArray(value)) {
      result[key] = value.map((item) => dropOptionalFields(item, nested));
    } else if (nested !== undefined) {
      result[key] = dropOptionalFields(value, nested);
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** Returns a copy of a body with an unknown field added to every object, at every depth. */
export function addExtraFields(body: unknown): unknown {
  if (Array.isArray(body)) {
    return body.map(addExtraFields);
  }
  if (typeof body !== "object" || body === null) {
    return body;
  }

  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    result[key] = addExtraFields(value);
  }
  result.emulatorExtraField = "unknown field added by the extra-fields fault";
  result.emulatorExtraObject = { note: "unknown nested object" };
  return result;
}

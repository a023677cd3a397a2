import { describeValue, invalidRequest } from "./errors";
import { randomString } from "./names";
import type { LinkedDeploymentRecord, ProjectPatch } from "./store";

/** Regions the create-project endpoint accepts, as listed in the case.dev API reference. */
export const regions = [
  "aws-us-east-1",
  "aws-us-east-2",
  "aws-us-west-2",
  "aws-eu-central-1",
  "aws-eu-west-1",
  "aws-eu-west-2",
  "aws-ap-southeast-1",
  "aws-ap-southeast-2",
] as const;

/** Region used when a create request has none. */
export const defaultRegion = "aws-us-east-1";

/** Project status values. The API documents this enum as closed. */
export const projectStatuses = ["active", "suspended", "deleted"] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

/** Pattern for project and branch names, from the case.dev API reference. */
export const namePattern = /^[a-zA-Z0-9_-]+$/;

/** Validated body of `POST /database/v1/projects`. */
export interface CreateProjectInput {
  name: string;
  description?: string;
  region?: string;
}

/** Validated body of `POST /database/v1/projects/{id}/branches`. */
export interface CreateBranchInput {
  name: string;
  parentBranchId?: string;
}

/** Returns the value as a JSON object, or throws a 400 that names what was received. */
export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidRequest(`Invalid ${what}: expected a JSON object, received ${describeValue(value)}.`);
  }
  return value as Record<string, unknown>;
}

/** Checks a project or branch name: required, a non-empty string matching {@link namePattern}. */
export function checkName(value: unknown, field = "name"): string {
  if (value === undefined) {
    throw invalidRequest(`Missing required field "${field}".`);
  }
  if (typeof value !== "string") {
    throw invalidRequest(`Invalid "${field}": expected a string, received ${describeValue(value)}.`);
  }
  if (value.length === 0) {
    throw invalidRequest(`Invalid "${field}": must not be empty.`);
  }
  if (!namePattern.test(value)) {
    throw invalidRequest(
      `Invalid "${field}" ${JSON.stringify(value)}: use only letters, numbers, hyphens and underscores (pattern ${namePattern.source}).`,
    );
  }
  return value;
}

/** Checks that a region is one of {@link regions} or of `extraRegions`. */
export function checkRegion(value: unknown, field = "region", extraRegions: readonly string[] = []): string {
  const accepted = [...regions, ...extraRegions];
  if (typeof value !== "string" || !accepted.includes(value)) {
    throw invalidRequest(`Invalid "${field}": received ${describeValue(value)}, expected one of ${accepted.join(", ")}.`);
  }
  return value;
}

/** Checks an optional string field. `undefined` passes through. */
export function checkOptionalString(value: unknown, field: string): string | undefined {
  if (value !== undefined && typeof value !== "string") {
    throw invalidRequest(`Invalid "${field}": expected a string, received ${describeValue(value)}.`);
  }
  return value;
}

/** Validates a create-project body. Unknown fields are ignored, as most JSON APIs do. */
export function checkCreateProjectInput(body: unknown, extraRegions: readonly string[] = []): CreateProjectInput {
  const object = requireObject(body, "request body");
  const input: CreateProjectInput = { name: checkName(object.name) };

  const description = checkOptionalString(object.description, "description");
  if (description !== undefined) {
    input.description = description;
  }
  if (object.region !== undefined) {
    input.region = checkRegion(object.region, "region", extraRegions);
  }
  return input;
}

/** Validates a create-branch body. Whether `parentBranchId` exists is checked by the store. */
export function checkCreateBranchInput(body: unknown): CreateBranchInput {
  const object = requireObject(body, "request body");
  const input: CreateBranchInput = { name: checkName(object.name) };

  const parentBranchId = checkOptionalString(object.parentBranchId, "parentBranchId");
  if (parentBranchId !== undefined) {
    if (parentBranchId.length === 0) {
      throw invalidRequest(`Invalid "parentBranchId": must not be empty.`);
    }
    input.parentBranchId = parentBranchId;
  }
  return input;
}

/** Checks a project status against {@link projectStatuses}. */
export function checkProjectStatus(value: unknown): ProjectStatus {
  if (typeof value !== "string" || !(projectStatuses as readonly string[]).includes(value)) {
    throw invalidRequest(`Invalid "status": received ${describeValue(value)}, expected one of ${projectStatuses.join(", ")}.`);
  }
  return value as ProjectStatus;
}

/** Checks a non-negative finite number, such as a storage or compute metric. */
export function checkMetric(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidRequest(`Invalid "${field}": expected a non-negative number, received ${describeValue(value)}.`);
  }
  return value;
}

/** Validates a drift patch for a project. Every field is optional. */
export function checkProjectPatch(patch: unknown): ProjectPatch {
  const object = requireObject(patch, "project patch");
  const checked: ProjectPatch = {};

  if (object.name !== undefined) {
    checked.name = checkName(object.name);
  }
  if (object.description !== undefined) {
    checked.description = object.description === null ? null : checkOptionalString(object.description, "description");
  }
  if (object.region !== undefined) {
    checked.region = checkRegion(object.region);
  }
  if (object.status !== undefined) {
    checked.status = checkProjectStatus(object.status);
  }
  if (object.connectionHost !== undefined) {
    const host = checkOptionalString(object.connectionHost, "connectionHost");
    if (host === undefined || host.length === 0) {
      throw invalidRequest(`Invalid "connectionHost": must not be empty.`);
    }
    checked.connectionHost = host;
  }
  if (object.storageSizeBytes !== undefined) {
    checked.storageSizeBytes = checkMetric(object.storageSizeBytes, "storageSizeBytes");
  }
  if (object.computeTimeSeconds !== undefined) {
    checked.computeTimeSeconds = checkMetric(object.computeTimeSeconds, "computeTimeSeconds");
  }
  if (object.linkedDeployments !== undefined) {
    if (!Array.isArray(object.linkedDeployments)) {
      throw invalidRequest(`Invalid "linkedDeployments": expected an array.`);
    }
    checked.linkedDeployments = object.linkedDeployments.map((item, index) => checkLinkedDeployment(item, index));
  }
  return checked;
}

function checkLinkedDeployment(value: unknown, index: number): LinkedDeploymentRecord {
  const object = requireObject(value, `"linkedDeployments[${index}]"`);
  const field = (key: keyof LinkedDeploymentRecord, fallback: string): string =>
    checkOptionalString(object[key], `linkedDeployments[${index}].${key}`) ?? fallback;
  return {
    id: field("id", `deploy_${randomString("abcdefghijklmnopqrstuvwxyz0123456789", 12)}`),
    name: field("name", "linked-app"),
    type: field("type", "compute"),
    url: field("url", "https://example.invalid"),
    envVarName: field("envVarName", "DATABASE_URL"),
  };
}

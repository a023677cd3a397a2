// Only the RPC module, not the whole SDK: Pulumi's provider host has already
// loaded it, while loading the SDK's index would add about half a second to
// the first call in every provider process.
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { z } from "zod";
import { once } from "./once";
import { defaultRegion, isKnownRegion, knownRegions } from "./regions";

/**
 * Validation and normalization of a project's inputs, used by `check`.
 *
 * During `pulumi preview`, an input that depends on another resource's output
 * arrives as Pulumi's unknown-value sentinel string whatever its declared type,
 * so every rule here lets that sentinel through untouched.
 */

/** The resolved inputs of a project as the provider stores and compares them. */
export interface ProjectInputs {
  name: string;
  /** Absent when the program sets none, null or an empty string. */
  description?: string;
  region: string;
  allowUnknownRegion?: boolean;
  adoptExistingId?: string;
}

/** One invalid property, in the shape Pulumi's `check` returns. */
export interface InputFailure {
  property: string;
  reason: string;
}

const namePattern = /^[a-zA-Z0-9_-]+$/;
const regionShape = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/** Tells whether a value is Pulumi's placeholder for a value not known until `up`. */
export function isUnknown(value: unknown): boolean {
  return value === unknownValue;
}

/** Keys the provider understands; `__provider` is Pulumi's own. */
const allowedKeys = new Set(["name", "description", "region", "allowUnknownRegion", "adoptExistingId", "__provider"]);

/** Validates raw inputs and returns the normalized ones, or the failures. */
export function checkProjectInputs(raw: Record<string, unknown>): { inputs: Record<string, unknown>; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const inputs: Record<string, unknown> = {};

  for (const key of Object.keys(raw)) {
    if (!allowedKeys.has(key)) {
      failures.push({ property: key, reason: `unknown property "${key}". Allowed properties: name, description, region, allowUnknownRegion, adoptExistingId.` });
    }
  }

  const name = checkName(raw.name, failures);
  if (name !== undefined) {
    inputs.name = name;
  }

  const description = checkDescription(raw.description, failures);
  if (description !== undefined) {
    inputs.description = description;
  }

  const allowUnknownRegion = checkAllowUnknownRegion(raw.allowUnknownRegion, failures);
  if (allowUnknownRegion !== undefined) {
    inputs.allowUnknownRegion = allowUnknownRegion;
  }

  // A rejected value must be left out: Pulumi cannot send `undefined` back to the engine.
  const region = checkRegion(raw.region, allowUnknownRegion === true || isUnknown(allowUnknownRegion), failures);
  if (region !== undefined) {
    inputs.region = region;
  }

  const adoptExistingId = checkAdoptId(raw.adoptExistingId, failures);
  if (adoptExistingId !== undefined) {
    inputs.adoptExistingId = adoptExistingId;
  }

  return { inputs, failures };
}

function describeValue(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value);
  }

  if (value === null || value === undefined) {
    return String(value);
  }

  if (typeof value === "number") {
    return `${value} (a number)`;
  }

  if (Array.isArray(value)) {
    return `${JSON.stringify(value)} (a list)`;
  }

  if (typeof value === "object") {
    return `${JSON.stringify(value)} (an object)`;
  }

  return `${JSON.stringify(value)} (a ${typeof value})`;
}

// The schemas are built on first use and reused; this module is never
// serialized into the stack state, so module-level zod objects are safe.

const nameSchema = once(() =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? 'name is required: set it to a project name of letters, digits, "-" and "_".'
          : `name must be a string, got ${describeValue(issue.input)}.`,
    })
    .min(1, { error: 'name must not be empty: use letters, digits, "-" and "_".' })
    .regex(namePattern, {
      error: (issue) => {
        const input = String(issue.input);
        const offending = [...new Set(input.replace(/[a-zA-Z0-9_-]/g, ""))].map((c) => JSON.stringify(c)).join(", ");
        return `name ${describeValue(input)} contains ${offending}: use only letters, digits, "-" and "_" (pattern ${namePattern.source}).`;
      },
    }),
);

const descriptionSchema = once(() => z.string({ error: (issue) => `description must be a string, got ${describeValue(issue.input)}.` }));

const allowedRegions = `Allowed regions: ${knownRegions.join(", ")}.`;

const regionStringSchema = once(() =>
  z.string({ error: (issue) => `region must be a string, got ${describeValue(issue.input)}. ${allowedRegions}` }),
);

const knownRegionSchema = once(() =>
  regionStringSchema().refine(isKnownRegion, {
    error: (issue) =>
      `region ${describeValue(issue.input)} is not a case.dev region. ${allowedRegions} To use a region added after this provider version, set allowUnknownRegion: true.`,
  }),
);

const regionShapeSchema = once(() =>
  regionStringSchema().regex(regionShape, {
    error: (issue) => `region ${describeValue(issue.input)} is not a region identifier: use lowercase letters and digits joined by "-", such as "aws-us-east-1".`,
  }),
);

const allowUnknownRegionSchema = once(() =>
  z.boolean({ error: (issue) => `allowUnknownRegion must be true or false, got ${describeValue(issue.input)}.` }),
);

const adoptIdSchema = once(() =>
  z.string({ error: (issue) => `adoptExistingId must be a project id string such as "proj_abc123", got ${describeValue(issue.input)}.` }),
);

const checkedInputsSchema = once(() =>
  z.object({
    name: z.string(),
    description: z.string().optional(),
    region: z.string(),
    allowUnknownRegion: z.boolean().optional(),
    adoptExistingId: z.string().optional(),
  }),
);

/** Runs a zod schema and records its first issue as the property's failure. */
function validate<T>(property: string, schema: z.ZodType<T>, value: unknown, failures: InputFailure[]): T | undefined {
  const result = schema.safeParse(value);

  if (result.success) {
    return result.data;
  }

  failures.push({ property, reason: result.error.issues[0]?.message ?? `${property} is invalid.` });
  return undefined;
}

function checkName(value: unknown, failures: InputFailure[]): unknown {
  if (isUnknown(value)) {
    return value;
  }

  return validate("name", nameSchema(), value, failures);
}

function checkDescription(value: unknown, failures: InputFailure[]): unknown {
  if (isUnknown(value)) {
    return value;
  }

  // The API stores no description and an empty one alike, so all three mean "none".
  if (value === undefined || value === null || value === "") {
    return undefined;
  }

  return validate("description", descriptionSchema(), value, failures);
}

function checkRegion(value: unknown, allowUnknownRegion: boolean, failures: InputFailure[]): unknown {
  if (isUnknown(value)) {
    return value;
  }

  if (value === undefined || value === null) {
    return defaultRegion;
  }

  const schema = allowUnknownRegion ? regionShapeSchema() : knownRegionSchema();
  return validate("region", schema, value, failures);
}

function checkAllowUnknownRegion(value: unknown, failures: InputFailure[]): unknown {
  if (isUnknown(value)) {
    return value;
  }

  if (value === undefined || value === null) {
    return undefined;
  }

  return validate("allowUnknownRegion", allowUnknownRegionSchema(), value, failures);
}

function checkAdoptId(value: unknown, failures: InputFailure[]): unknown {
  if (isUnknown(value)) {
    return value;
  }

  if (value === undefined || value === null || value === "") {
    return undefined;
  }

  return validate("adoptExistingId", adoptIdSchema(), value, failures);
}

/** Parses inputs that `check` already accepted, for create and update. */
export function parseCheckedInputs(raw: Record<string, unknown>): ProjectInputs {
  return checkedInputsSchema().parse(raw);
}

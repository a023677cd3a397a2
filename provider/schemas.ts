import { z } from "zod";
import { once } from "./once";

/**
 * Schemas of the case.dev API's responses. They are tolerant on purpose, so a
 * change on case.dev's side does not break a deployment that does not need the
 * changed field. Unknown fields pass through, and optional fields may be
 * missing, null or of another type. Where the API's sources disagree on a
 * spelling or an envelope, both forms are accepted.
 *
 * Each schema is built on first use and then reused, because building one costs
 * more than parsing with it. Pulumi never serializes this module (the stored
 * provider only requires the installed package), so keeping zod objects at
 * module level is safe here.
 */


// An optional field of an unexpected type becomes undefined instead of failing
// the whole response (tested in tests/unit/outputs.test.ts).
const optionalString = () => z.string().nullish().transform((value) => value ?? undefined).catch(undefined);
const optionalNumber = () => z.number().nullish().transform((value) => value ?? undefined).catch(undefined);
const optionalBoolean = () => z.boolean().nullish().transform((value) => value ?? undefined).catch(undefined);

const branchSummarySchema = once(() => {
  return z.looseObject({
    id: optionalString(),
    name: optionalString(),
    isDefault: optionalBoolean(),
    parentBranchId: optionalString(),
    status: optionalString(),
    createdAt: optionalString(),
    updatedAt: optionalString(),
  });
});

const databaseSchema = once(() => {
  return z.looseObject({
    id: optionalString(),
    name: optionalString(),
    ownerName: optionalString(),
  });
});

const linkedDeploymentSchema = once(() => {
  return z.looseObject({
    id: optionalString(),
    name: optionalString(),
    type: optionalString(),
    url: optionalString(),
    envVarName: optionalString(),
  });
});

const optionalArray = <T extends z.ZodType>(item: T) => z.array(item).nullish().transform((value) => value ?? []);

/** Parses the response of `POST /database/v1/projects`. */
export const createdProjectSchema = once(() => {
  return z.looseObject({
    id: z.string().min(1),
    name: optionalString(),
    description: optionalString(),
    region: optionalString(),
    pgVersion: optionalNumber(),
    status: optionalString(),
    defaultBranch: z
      .looseObject({ id: optionalString(), name: optionalString() })
      .nullish()
      .transform((value) => value ?? undefined),
    createdAt: optionalString(),
  });
});

/** A project as `GET /database/v1/projects/{id}` returns it. */
export const projectDetailSchema = once(() => {
  return z
    .looseObject({
      id: z.string().min(1),
      name: optionalString(),
      description: optionalString(),
      region: optionalString(),
      pgVersion: optionalNumber(),
      status: optionalString(),
      // The SDKs and the API reference call this connectionHost; some client
      // code expects connectionHostname. Either is accepted.
      connectionHost: optionalString(),
      connectionHostname: optionalString(),
      storageSizeBytes: optionalNumber(),
      computeTimeSeconds: optionalNumber(),
      branches: optionalArray(branchSummarySchema()),
      databases: optionalArray(databaseSchema()),
      linkedDeployments: optionalArray(linkedDeploymentSchema()),
      createdAt: optionalString(),
      updatedAt: optionalString(),
    })
    .transform(({ connectionHost, connectionHostname, ...rest }) => ({
      ...rest,
      connectionHostname: connectionHost ?? connectionHostname,
    }));
});

/** Parses one item of `GET /database/v1/projects`, where every field is optional. */
export const projectListItemSchema = once(() => {
  return z.looseObject({
    id: optionalString(),
    name: optionalString(),
    region: optionalString(),
    status: optionalString(),
    createdAt: optionalString(),
  });
});

/**
 * Builds a list schema that accepts a bare array, `{ <key>: [...] }` or
 * `{ data: [...] }`, and yields the array. The SDKs document the envelope,
 * while the guide pages show bare arrays.
 */
function listSchema<T extends z.ZodType>(item: T, key: string) {
  return z.union([
    z.array(item),
    z.looseObject({ [key]: z.array(item) }).transform((body) => body[key] as z.infer<T>[]),
    z.looseObject({ data: z.array(item) }).transform((body) => body.data),
  ]);
}

/** Parses the list-projects response: `{ "projects": [...] }` or a bare array. */
export const projectListSchema = once(() => listSchema(projectListItemSchema(), "projects"));

/** Parses the list-branches response: `{ "branches": [...] }` or a bare array. */
export const branchListSchema = once(() => listSchema(branchSummarySchema(), "branches"));

/** Parses the response of `GET /database/v1/projects/{id}/connection`. */
export const connectionSchema = once(() => {
  return z.looseObject({
    connectionUri: z.string().min(1),
    branch: optionalString(),
    pooled: optionalBoolean(),
  });
});

/** Parses the response of `DELETE /database/v1/projects/{id}`. */
export const deleteResultSchema = once(() => {
  return z.looseObject({
    success: optionalBoolean(),
    message: optionalString(),
  });
});

export type CreatedProject = z.infer<ReturnType<typeof createdProjectSchema>>;
export type ProjectDetail = z.infer<ReturnType<typeof projectDetailSchema>>;
export type ProjectListItem = z.infer<ReturnType<typeof projectListItemSchema>>;
export type BranchSummary = z.infer<ReturnType<typeof branchSummarySchema>>;
export type DatabaseSummary = z.infer<ReturnType<typeof databaseSchema>>;
export type LinkedDeployment = z.infer<ReturnType<typeof linkedDeploymentSchema>>;
export type Connection = z.infer<ReturnType<typeof connectionSchema>>;

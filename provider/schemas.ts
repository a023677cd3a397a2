import { z } from "zod";
import { once } from "./once";

/**
 * Schemas of the case.dev API's responses. They are tolerant on purpose: unknown
 * fields pass through, optional fields may be missing or null, and the two
 * spellings the API's sources disagree on are both accepted, so that a change
 * on case.dev's side does not break a deployment that does not need the field.
 *
 * Each schema is built on first use and then reused, because building one costs
 * more than parsing with it. Pulumi never serializes this module (the stored
 * provider only requires the installed package), so keeping zod objects at
 * module level is safe here.
 */


// An optional field of an unexpected type is dropped rather than failing the
// whole response, so one odd field cannot block a deployment.
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

/** The response of `POST /database/v1/projects`. */
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

/** One item of `GET /database/v1/projects`; every field is optional in the API. */
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
 * The list-projects response. The SDKs document `{ "projects": [...] }`, while
 * the guide shows a bare array; both are accepted, and `data` as well.
 */
export const projectListSchema = once(() => {
  const item = projectListItemSchema();

  return z.union([
    z.array(item),
    z.looseObject({ projects: z.array(item) }).transform((body) => body.projects),
    z.looseObject({ data: z.array(item) }).transform((body) => body.data),
  ]);
});

/** The list-branches response, as an envelope or a bare array. */
export const branchListSchema = once(() => {
  const item = branchSummarySchema();

  return z.union([
    z.array(item),
    z.looseObject({ branches: z.array(item) }).transform((body) => body.branches),
    z.looseObject({ data: z.array(item) }).transform((body) => body.data),
  ]);
});

/** The response of `GET /database/v1/projects/{id}/connection`. */
export const connectionSchema = once(() => {
  return z.looseObject({
    connectionUri: z.string().min(1),
    branch: optionalString(),
    pooled: optionalBoolean(),
  });
});

/** The response of `DELETE /database/v1/projects/{id}`. */
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

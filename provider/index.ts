/**
 * pulumi-casedev-database: a Pulumi dynamic provider for case.dev Database
 * projects (serverless PostgreSQL on Neon).
 */

export { CaseDevDatabaseProject, type CaseDevDatabaseProjectArgs } from "./project";
export type { ProjectBranch, ProjectDatabase, ProjectLinkedDeployment, ProjectOutputs } from "./outputs";
export { parseConnection, toEnvironment, type DatabaseConnection, type DatabaseEnvironment } from "./connection";
export { defaultRegion, knownRegions, type KnownRegion } from "./regions";
export { defaultBaseUrl } from "./config";

export {
  AuthenticationError,
  BadRequestError,
  CaseDevApiError,
  CaseDevConfigError,
  CaseDevConnectionError,
  CaseDevError,
  ConflictError,
  CreateOutcomeUnknownError,
  InternalServerError,
  NotFoundError,
  PartialCreateError,
  PermissionDeniedError,
  RateLimitError,
  UnexpectedResponseError,
  UnprocessableEntityError,
} from "./errors";

// The lifecycle functions in ./project-handlers are intentionally not exported here:
// Pulumi's provider process loads them through their own entry point.

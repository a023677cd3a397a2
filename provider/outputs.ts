import type { ProjectInputs } from "./inputs";
import type { BranchSummary, CreatedProject, DatabaseSummary, LinkedDeployment, ProjectDetail } from "./schemas";

/**
 * The outputs the provider stores for a project, built from the API's
 * responses in one place so that create, read and update agree.
 */

/** A branch as the project outputs list it. */
export interface ProjectBranch {
  id: string;
  name: string;
  isDefault: boolean;
  status?: string;
  createdAt?: string;
}

/** A database of the default branch. */
export interface ProjectDatabase {
  id?: string;
  name: string;
  ownerName?: string;
}

/** A case.dev deployment that receives this project's connection string. */
export interface ProjectLinkedDeployment {
  id?: string;
  name?: string;
  type?: string;
  url?: string;
  envVarName?: string;
}

/** The state of a project as Pulumi stores it. */
export interface ProjectOutputs {
  projectId: string;
  name: string;
  description: string | null;
  region: string;
  pgVersion: number | null;
  status: string;
  defaultBranch: { id: string | null; name: string };
  connectionHostname: string | null;
  branches: ProjectBranch[];
  databases: ProjectDatabase[];
  storageSizeBytes: number | null;
  computeTimeSeconds: number | null;
  linkedDeployments: ProjectLinkedDeployment[];
  createdAt: string | null;
  updatedAt: string | null;
  connectionUri: string | null;
  pooledConnectionUri: string | null;
  allowUnknownRegion?: boolean;
  adoptExistingId?: string;
}

/** Connection URIs of the default branch. */
export interface ConnectionUris {
  direct: string;
  pooled: string;
}

/** The default branch name the API uses when a response does not name one. */
export const defaultBranchName = "main";

/** Builds outputs from a project read with GET, plus the create response for what GET lacks. */
export function toProjectOutputs(
  detail: ProjectDetail,
  inputs: Pick<ProjectInputs, "allowUnknownRegion" | "adoptExistingId" | "name" | "region">,
  connection: ConnectionUris | undefined,
  created?: CreatedProject,
): ProjectOutputs {
  const branches = detail.branches.filter((branch): branch is BranchSummary & { id: string } => typeof branch.id === "string").map(toBranch);
  const defaultBranch = branches.find((branch) => branch.isDefault);

  const outputs: ProjectOutputs = {
    projectId: detail.id,
    name: detail.name ?? created?.name ?? inputs.name,
    description: emptyToNull(detail.description ?? created?.description),
    region: detail.region ?? created?.region ?? inputs.region,
    pgVersion: detail.pgVersion ?? created?.pgVersion ?? null,
    status: detail.status ?? created?.status ?? "active",
    defaultBranch: {
      id: defaultBranch?.id ?? created?.defaultBranch?.id ?? null,
      name: defaultBranch?.name ?? created?.defaultBranch?.name ?? defaultBranchName,
    },
    connectionHostname: detail.connectionHostname ?? null,
    branches,
    databases: detail.databases.filter((db): db is DatabaseSummary & { name: string } => typeof db.name === "string").map(toDatabase),
    storageSizeBytes: detail.storageSizeBytes ?? null,
    computeTimeSeconds: detail.computeTimeSeconds ?? null,
    linkedDeployments: detail.linkedDeployments.map(toLinkedDeployment),
    createdAt: detail.createdAt ?? created?.createdAt ?? null,
    updatedAt: detail.updatedAt ?? null,
    connectionUri: connection?.direct ?? null,
    pooledConnectionUri: connection?.pooled ?? null,
  };

  // Control inputs are echoed into the outputs because `read` and `diff`
  // receive only the outputs.
  if (inputs.allowUnknownRegion !== undefined) {
    outputs.allowUnknownRegion = inputs.allowUnknownRegion;
  }
  if (inputs.adoptExistingId !== undefined) {
    outputs.adoptExistingId = inputs.adoptExistingId;
  }

  return outputs;
}

/** Builds the inputs that reproduce a project's live state, which `read` hands back to Pulumi. */
export function inputsFromOutputs(outputs: ProjectOutputs): Record<string, unknown> {
  const inputs: Record<string, unknown> = { name: outputs.name, region: outputs.region };

  if (outputs.description !== null) {
    inputs.description = outputs.description;
  }
  if (outputs.allowUnknownRegion !== undefined) {
    inputs.allowUnknownRegion = outputs.allowUnknownRegion;
  }
  if (outputs.adoptExistingId !== undefined) {
    inputs.adoptExistingId = outputs.adoptExistingId;
  }

  return inputs;
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value === "" ? null : value;
}

function toBranch(branch: BranchSummary & { id: string }): ProjectBranch {
  const result: ProjectBranch = { id: branch.id, name: branch.name ?? branch.id, isDefault: branch.isDefault === true };

  if (branch.status !== undefined) {
    result.status = branch.status;
  }
  if (branch.createdAt !== undefined) {
    result.createdAt = branch.createdAt;
  }

  return result;
}

function toDatabase(database: DatabaseSummary & { name: string }): ProjectDatabase {
  const result: ProjectDatabase = { name: database.name };

  if (database.id !== undefined) {
    result.id = database.id;
  }
  if (database.ownerName !== undefined) {
    result.ownerName = database.ownerName;
  }

  return result;
}

function toLinkedDeployment(deployment: LinkedDeployment): ProjectLinkedDeployment {
  const result: ProjectLinkedDeployment = {};

  for (const key of ["id", "name", "type", "url", "envVarName"] as const) {
    if (deployment[key] !== undefined) {
      result[key] = deployment[key];
    }
  }

  return result;
}

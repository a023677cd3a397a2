import { ApiError, notFound } from "./errors";
import {
  buildConnectionUri,
  newBranchId,
  newDatabaseId,
  newEndpointHost,
  newPassword,
  newProjectId,
  toPooledHost,
} from "./names";
import { readSnapshot, writeSnapshot } from "./persistence";
import {
  checkCreateBranchInput,
  checkCreateProjectInput,
  checkProjectPatch,
  defaultRegion,
  type CreateBranchInput,
  type CreateProjectInput,
  type ProjectStatus,
} from "./validation";

/** One branch of a project, as stored. `host` and `password` feed the connection URI. */
export interface BranchRecord {
  id: string;
  name: string;
  parentBranchId: string | null;
  isDefault: boolean;
  status: string;
  /** Direct (unpooled) endpoint host of this branch. */
  host: string;
  /** Password of the database owner role on this branch. */
  password: string;
  createdAt: string;
  updatedAt: string;
}

/** One database of the default branch. */
export interface DatabaseRecord {
  id: string;
  name: string;
  ownerName: string;
}

/** A case.dev deployment that receives the connection URI in an environment variable. */
export interface LinkedDeploymentRecord {
  id: string;
  name: string;
  type: string;
  url: string;
  envVarName: string;
}

/** One project, as stored. A deleted project stays in the store with status `deleted`. */
export interface ProjectRecord {
  id: string;
  name: string;
  description: string | null;
  region: string;
  pgVersion: number;
  status: ProjectStatus;
  storageSizeBytes: number;
  computeTimeSeconds: number;
  /** All branches, with the default branch `main` first. */
  branches: BranchRecord[];
  databases: DatabaseRecord[];
  linkedDeployments: LinkedDeploymentRecord[];
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Changes made to a project outside the API, to simulate drift. */
export interface ProjectPatch {
  name?: string;
  description?: string | null;
  region?: string;
  status?: ProjectStatus;
  /** New host of the default branch, which GET project reports as its connection host. */
  connectionHost?: string;
  storageSizeBytes?: number;
  computeTimeSeconds?: number;
  linkedDeployments?: LinkedDeploymentRecord[];
}

/** Body of the connection endpoint. */
export interface ConnectionInfo {
  connectionUri: string;
  branch: string;
  pooled: boolean;
}

/** Format of the JSON state file. */
export interface StoreSnapshot {
  version: 1;
  projects: ProjectRecord[];
}

/** Settings that change how the store behaves. */
export interface StoreOptions {
  /** JSON file to load at start and rewrite after every change. */
  dataFile?: string;
  /** Rejects a new project whose name equals a non-deleted project's name. */
  uniqueProjectNames?: boolean;
  /** Keeps each branch's password fixed. When false, every connection request gets a new one. */
  stableCredentials?: boolean;
  /** Regions accepted on top of the documented ones. */
  extraRegions?: readonly string[];
}

const pgVersion = 17;
const defaultBranchName = "main";

let lastTimestampMs = 0;

/** Returns an ISO-8601 timestamp with milliseconds that is later than every one returned before. */
export function timestamp(): string {
  lastTimestampMs = Math.max(Date.now(), lastTimestampMs + 1);
  return new Date(lastTimestampMs).toISOString();
}

/** Returns the default branch of a project. */
export function defaultBranchOf(project: ProjectRecord): BranchRecord {
  const branch = project.branches.find((candidate) => candidate.isDefault);
  if (branch === undefined) {
    throw new Error(`Project ${project.id} has no default branch.`);
  }
  return branch;
}

/**
 * In-memory state of the emulated API. Every method returns copies, so callers cannot
 * change the state except through these methods. Methods that change state rewrite the
 * data file when one is configured.
 */
export class EmulatorStore {
  private projects: ProjectRecord[] = [];

  constructor(private readonly options: StoreOptions = {}) {
    if (options.dataFile !== undefined) {
      this.projects = readSnapshot(options.dataFile)?.projects ?? [];
    }
  }

  /** Lists projects in creation order, without deleted ones unless `includeDeleted` is set. */
  listProjects(options: { includeDeleted?: boolean } = {}): ProjectRecord[] {
    const visible = options.includeDeleted ? this.projects : this.projects.filter((p) => p.status !== "deleted");
    return structuredClone(visible);
  }

  /** Returns a project by id, including a deleted one, or `undefined`. */
  getProject(id: string): ProjectRecord | undefined {
    const project = this.projects.find((candidate) => candidate.id === id);
    return project === undefined ? undefined : structuredClone(project);
  }

  /**
   * Creates a project with a `main` branch and a `neondb` database, validating the input
   * exactly as `POST /database/v1/projects` does. Throws {@link ApiError} 400 or 409.
   */
  createProject(input: CreateProjectInput): ProjectRecord {
    const checked = checkCreateProjectInput(input, this.options.extraRegions);
    if (this.options.uniqueProjectNames && this.projects.some((p) => p.status !== "deleted" && p.name === checked.name)) {
      throw new ApiError(409, `A project named ${JSON.stringify(checked.name)} already exists.`, "project_name_conflict", {
        "x-should-retry": "false",
      });
    }

    const region = checked.region ?? defaultRegion;
    const createdAt = timestamp();
    const main: BranchRecord = {
      id: this.uniqueBranchId(),
      name: defaultBranchName,
      parentBranchId: null,
      isDefault: true,
      status: "active",
      host: newEndpointHost(region),
      password: newPassword(),
      createdAt,
      updatedAt: createdAt,
    };
    const project: ProjectRecord = {
      id: this.uniqueProjectId(),
      name: checked.name,
      description: checked.description ?? null,
      region,
      pgVersion,
      status: "active",
      storageSizeBytes: 0,
      computeTimeSeconds: 0,
      branches: [main],
      databases: [{ id: newDatabaseId(), name: "neondb", ownerName: "neondb_owner" }],
      linkedDeployments: [],
      createdAt,
      updatedAt: createdAt,
      deletedAt: null,
    };

    this.projects.push(project);
    this.save();
    return structuredClone(project);
  }

  /** Changes a project, including a deleted one, as if someone had edited it outside the API. */
  updateProject(id: string, patch: ProjectPatch): ProjectRecord {
    const project = this.findProject(id);
    const checked = checkProjectPatch(patch);
    const now = timestamp();

    if (checked.connectionHost !== undefined) {
      const main = defaultBranchOf(project);
      main.host = checked.connectionHost;
      main.updatedAt = now;
    }
    const { connectionHost: _host, ...fields } = checked;
    Object.assign(project, fields);
    if (checked.status === "deleted" && project.deletedAt === null) {
      project.deletedAt = now;
    } else if (checked.status !== undefined && checked.status !== "deleted") {
      project.deletedAt = null;
    }
    project.updatedAt = now;

    this.save();
    return structuredClone(project);
  }

  /** Marks a project as deleted. Throws a 404 {@link ApiError} if it is unknown or already deleted. */
  deleteProject(id: string): ProjectRecord {
    const project = this.findLiveProject(id);
    const now = timestamp();
    project.status = "deleted";
    project.deletedAt = now;
    project.updatedAt = now;

    this.save();
    return structuredClone(project);
  }

  /**
   * Creates a branch from `parentBranchId`, or from the default branch, validating the input
   * as the HTTP route does. Throws {@link ApiError} 400, 404 (project or parent) or 409 (name taken).
   */
  createBranch(projectId: string, input: CreateBranchInput): BranchRecord {
    const checked = checkCreateBranchInput(input);
    const project = this.findLiveProject(projectId);

    const parent =
      checked.parentBranchId === undefined
        ? defaultBranchOf(project)
        : project.branches.find((candidate) => candidate.id === checked.parentBranchId);
    if (parent === undefined) {
      throw notFound(`Parent branch ${JSON.stringify(checked.parentBranchId)} was not found in project ${projectId}.`, "branch_not_found");
    }
    // NOTE: the API does not document duplicate branch names. The connection endpoint selects
    // a branch by name, so the emulator keeps names unique per project.
    if (project.branches.some((candidate) => candidate.name === checked.name)) {
      throw new ApiError(409, `A branch named ${JSON.stringify(checked.name)} already exists in project ${projectId}.`, "branch_name_conflict", {
        "x-should-retry": "false",
      });
    }

    const createdAt = timestamp();
    const branch: BranchRecord = {
      id: this.uniqueBranchId(),
      name: checked.name,
      parentBranchId: parent.id,
      isDefault: false,
      status: "active",
      host: newEndpointHost(project.region),
      password: parent.password,
      createdAt,
      updatedAt: createdAt,
    };
    project.branches.push(branch);
    project.updatedAt = createdAt;

    this.save();
    return structuredClone(branch);
  }

  /** Lists the branches of a live project, default branch first. */
  listBranches(projectId: string): BranchRecord[] {
    return structuredClone(this.findLiveProject(projectId).branches);
  }

  /** Builds the connection URI of a branch, selected by name (default `main`). */
  connection(projectId: string, options: { branch?: string; pooled?: boolean } = {}): ConnectionInfo {
    const project = this.findLiveProject(projectId);
    const branchName = options.branch ?? defaultBranchName;
    const branch = project.branches.find((candidate) => candidate.name === branchName);
    if (branch === undefined) {
      throw notFound(`Branch ${JSON.stringify(branchName)} was not found in project ${projectId}.`, "branch_not_found");
    }

    const pooled = options.pooled ?? false;
    const database = project.databases[0] ?? { name: "neondb", ownerName: "neondb_owner" };
    const password = this.options.stableCredentials === false ? newPassword() : branch.password;
    const host = pooled ? toPooledHost(branch.host) : branch.host;
    return { connectionUri: buildConnectionUri(database.ownerName, password, host, database.name), branch: branch.name, pooled };
  }

  /** Returns the whole state, including deleted projects, in the data-file format. */
  snapshot(): StoreSnapshot {
    return { version: 1, projects: structuredClone(this.projects) };
  }

  private findProject(id: string): ProjectRecord {
    const project = this.projects.find((candidate) => candidate.id === id);
    if (project === undefined) {
      throw notFound(`Project ${JSON.stringify(id)} was not found.`, "project_not_found");
    }
    return project;
  }

  private findLiveProject(id: string): ProjectRecord {
    const project = this.findProject(id);
    if (project.status === "deleted") {
      throw notFound(`Project ${JSON.stringify(id)} was not found because it was deleted.`, "project_not_found");
    }
    return project;
  }

  private uniqueProjectId(): string {
    let id = newProjectId();
    while (this.projects.some((p) => p.id === id)) {
      id = newProjectId();
    }
    return id;
  }

  private uniqueBranchId(): string {
    let id = newBranchId();
    while (this.projects.some((p) => p.branches.some((b) => b.id === id))) {
      id = newBranchId();
    }
    return id;
  }

  private save(): void {
    if (this.options.dataFile !== undefined) {
      writeSnapshot(this.options.dataFile, this.snapshot());
    }
  }
}

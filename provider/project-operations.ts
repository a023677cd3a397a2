import type * as pulumi from "@pulumi/pulumi";
import { CaseDevClient, type FetchFunction } from "./client";
import { resolveSettings } from "./config";
import { diffProject } from "./diff";
import {
  capitalizeOperation,
  CaseDevError,
  isApiErrorWithStatus,
  PartialCreateError,
  type OperationContext,
} from "./errors";
import { checkProjectInputs, parseCheckedInputs, type ProjectInputs } from "./inputs";
import { inputsFromOutputs, toProjectOutputs, type ConnectionUris, type ProjectOutputs } from "./outputs";
import { recoverUnknownCreate, isUnknownOutcome } from "./create-recovery";
import type { CreatedProject, ProjectDetail } from "./schemas";

/**
 * The lifecycle of a case.dev database project: what runs inside Pulumi's
 * dynamic-provider process for each engine call. The serialized provider that
 * Pulumi stores in state only forwards to these functions (see project.ts).
 */

/** Pulumi's own key in every property bag: the serialized provider. */
const providerKey = "__provider";

/** Lets tests replace `fetch`; production code never sets it. */
let fetchOverride: FetchFunction | undefined;

/** Routes the provider's HTTP requests through `fetchFunction`; pass undefined to restore `fetch`. */
export function setFetchForTesting(fetchFunction: FetchFunction | undefined): void {
  fetchOverride = fetchFunction;
}

function newClient(): CaseDevClient {
  return new CaseDevClient(resolveSettings(), fetchOverride);
}

function withoutProviderKey(props: Record<string, unknown>): Record<string, unknown> {
  const { [providerKey]: _ignored, ...rest } = props;
  return rest;
}

/** The dynamic provider of `CaseDevDatabaseProject`. */
export const projectOperations: Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> = {
  async check(_olds, news) {
    // A missing key or a malformed setting fails `pulumi preview` here,
    // although preview itself sends no request.
    resolveSettings();

    const { inputs, failures } = checkProjectInputs(withoutProviderKey(news));
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    return diffProject(olds, withoutProviderKey(news));
  },

  async create(rawInputs) {
    const inputs = parseCheckedInputs(withoutProviderKey(rawInputs));
    const client = newClient();

    if (inputs.adoptExistingId !== undefined) {
      const outs = await adoptProject(client, inputs, inputs.adoptExistingId);
      return { id: outs.projectId, outs };
    }

    const created = await createProject(client, inputs);
    const outs = await completeCreate(client, inputs, created, rawInputs[providerKey]);

    return { id: created.id, outs };
  },

  async read(id, props) {
    const client = newClient();
    const context: OperationContext = { action: "reading", resourceName: stringOrUndefined(props.name), resourceId: id };

    // The stored default branch lets the connection requests run beside the
    // project request instead of after it.
    const storedBranch = (props.defaultBranch as { name?: unknown } | undefined)?.name;
    const branch = typeof storedBranch === "string" ? storedBranch : undefined;
    const [project, connection] = await Promise.allSettled([getProjectIfLive(client, id, context), getConnectionUris(client, id, branch, context)]);

    const detail = settledValue(project);
    if (detail === undefined) {
      // Without an id, Pulumi treats the project as gone and refresh drops it.
      return {};
    }

    const outs = toProjectOutputs(detail, controlInputs(props), settledValue(connection));

    return { id, props: outs, inputs: inputsFromOutputs(outs) };
  },

  async update(id, olds, news) {
    // Every input the API stores forces a replacement, so an update only
    // happens for inputs the API does not store, or to finish a create that
    // failed half-way. Either way the live project is re-read in full.
    const inputs = parseCheckedInputs(withoutProviderKey(news));
    const client = newClient();
    const context: OperationContext = { action: "updating", resourceName: inputs.name, resourceId: id };

    const detail = await client.getProject(id, context);
    const connection = await getConnectionUris(client, id, defaultBranchOf(detail), context);

    return { outs: toProjectOutputs(detail, { ...controlInputs(olds), ...inputs }, connection) };
  },

  async delete(id, props) {
    const client = newClient();
    const context: OperationContext = { action: "deleting", resourceName: stringOrUndefined(props.name), resourceId: id };

    try {
      await client.deleteProject(id, context);
    } catch (error) {
      // Already gone, for example deleted by hand or by an earlier attempt whose response was lost.
      if (!isApiErrorWithStatus(error, 404)) {
        throw error;
      }
    }
  },
};

async function createProject(client: CaseDevClient, inputs: ProjectInputs): Promise<CreatedProject> {
  const context: OperationContext = { action: "creating", resourceName: inputs.name };
  const body = { name: inputs.name, region: inputs.region, ...(inputs.description !== undefined ? { description: inputs.description } : {}) };
  const startedAt = Date.now();

  try {
    return await client.createProject(body, context);
  } catch (error) {
    if (!isUnknownOutcome(error)) {
      throw error;
    }

    // The request may have created the project even though no usable
    // response came back. Look for it instead of sending the POST again.
    return recoverUnknownCreate(client, inputs, startedAt, error as Error);
  }
}

/**
 * Reads what the create response lacks. If that fails, the error carries the
 * new project's id, so Pulumi records the project instead of losing it. The
 * next `pulumi up` then finishes the job through `update`.
 */
async function completeCreate(client: CaseDevClient, inputs: ProjectInputs, created: CreatedProject, serializedProvider: unknown): Promise<ProjectOutputs> {
  const context: OperationContext = { action: "reading the new", resourceName: inputs.name, resourceId: created.id };

  try {
    // The create response names the default branch, so all three reads run at once.
    const [detail, connection] = await Promise.all([
      client.getProject(created.id, context),
      getConnectionUris(client, created.id, created.defaultBranch?.name, context),
    ]);

    return toProjectOutputs(detail, inputs, connection, created);
  } catch (error) {
    throw partialCreateError(inputs, created, serializedProvider, error);
  }
}

function partialCreateError(inputs: ProjectInputs, created: CreatedProject, serializedProvider: unknown, cause: unknown): Error {
  const partial = toProjectOutputs(
    { id: created.id, branches: [], databases: [], linkedDeployments: [] } as unknown as ProjectDetail,
    inputs,
    undefined,
    created,
  );
  const reason = (cause instanceof Error ? cause.message : String(cause)).trim().replace(/\.$/, "");
  const message =
    `Created case.dev database project "${inputs.name}" (${created.id}), but reading its details failed: ${reason}. ` +
    "Pulumi keeps the project in the stack; run `pulumi up` again to finish, or `pulumi destroy` to delete it.";

  // Pulumi's dynamic-provider host turns an error that carries an id into a
  // partial-creation result. The properties become the stored outputs, so
  // they must include the serialized provider, or a later delete cannot load it.
  // The CLI shows only the reasons, so the one reason is the whole message.
  return new PartialCreateError(message, { id: created.id, properties: { ...partial, [providerKey]: serializedProvider }, reasons: [message], cause });
}

async function adoptProject(client: CaseDevClient, inputs: ProjectInputs, id: string): Promise<ProjectOutputs> {
  const context: OperationContext = { action: "adopting", resourceName: inputs.name, resourceId: id };

  const detail = await getProjectIfLive(client, id, context);
  if (detail === undefined) {
    throw new CaseDevError(`${capitalizeOperation(context)} failed: no live project has id "${id}". Check adoptExistingId against \`casedev database:v1:projects list\`.`);
  }

  const differences: string[] = [];
  if (detail.name !== undefined && detail.name !== inputs.name) {
    differences.push(`name is "${detail.name}" but the program sets "${inputs.name}"`);
  }
  if (detail.region !== undefined && detail.region !== inputs.region) {
    differences.push(`region is "${detail.region}" but the program sets "${inputs.region}"`);
  }
  if ((detail.description ?? "") !== (inputs.description ?? "")) {
    differences.push(`description is ${JSON.stringify(detail.description ?? null)} but the program sets ${JSON.stringify(inputs.description ?? null)}`);
  }

  if (differences.length > 0) {
    throw new CaseDevError(
      `${capitalizeOperation(context)} failed because the live project differs from the program: ${differences.join("; ")}. ` +
        "Change the program to match the live project; adopting never replaces or changes a project.",
    );
  }

  const connection = await getConnectionUris(client, id, defaultBranchOf(detail), context);
  return toProjectOutputs(detail, inputs, connection);
}

/** Returns the project, or undefined when it is gone (404 or status "deleted"). */
async function getProjectIfLive(client: CaseDevClient, id: string, context: OperationContext): Promise<ProjectDetail | undefined> {
  try {
    const detail = await client.getProject(id, context);
    return detail.status === "deleted" ? undefined : detail;
  } catch (error) {
    if (isApiErrorWithStatus(error, 404)) {
      return undefined;
    }

    throw error;
  }
}

/** Fetches the direct and pooled URIs of a branch, chosen by name; the API's default branch when undefined. */
async function getConnectionUris(client: CaseDevClient, id: string, branch: string | undefined, context: OperationContext): Promise<ConnectionUris> {
  const [direct, pooled] = await Promise.all([
    client.getConnection(id, { branch, pooled: false }, context),
    client.getConnection(id, { branch, pooled: true }, context),
  ]);

  return { direct: direct.connectionUri, pooled: pooled.connectionUri };
}

function defaultBranchOf(detail: ProjectDetail): string | undefined {
  return detail.branches.find((candidate) => candidate.isDefault)?.name;
}

/** Returns a settled promise's value, or throws its reason. */
function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") {
    throw result.reason;
  }

  return result.value;
}

function controlInputs(props: Record<string, unknown>): Pick<ProjectInputs, "allowUnknownRegion" | "adoptExistingId" | "name" | "region"> {
  return {
    name: stringOrUndefined(props.name) ?? "",
    region: stringOrUndefined(props.region) ?? "",
    allowUnknownRegion: typeof props.allowUnknownRegion === "boolean" ? props.allowUnknownRegion : undefined,
    adoptExistingId: stringOrUndefined(props.adoptExistingId),
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

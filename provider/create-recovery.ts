import type { CaseDevClient } from "./client";
import { CaseDevConnectionError, CaseDevError, isApiErrorWithStatus, UnexpectedResponseError } from "./errors";
import type { ProjectInputs } from "./inputs";
import type { CreatedProject } from "./schemas";

/**
 * Recovery after a create whose outcome is unknown. The API has no idempotency
 * key, so a POST that timed out, lost its connection, failed with a 5xx or
 * returned an unreadable body may still have created the project. Sending it
 * again could create a second project; instead the provider looks the project
 * up by name.
 */

/**
 * How far a found project's creation time may lie before the create started,
 * to allow for clock skew between this machine and the API. A project of the
 * same name created earlier than this is someone else's, not this create's.
 */
const clockSkewAllowanceMs = 5 * 60 * 1000;

/** Tells whether a failed create may nevertheless have created the project. */
export function isUnknownOutcome(error: unknown): boolean {
  if (error instanceof CaseDevConnectionError || error instanceof UnexpectedResponseError) {
    return true;
  }

  for (const status of [500, 502, 503, 504, 408]) {
    if (isApiErrorWithStatus(error, status)) {
      return true;
    }
  }

  return false;
}

/** Finds the project a failed create made, or throws an error that says what to check. */
export async function recoverUnknownCreate(client: CaseDevClient, inputs: ProjectInputs, startedAt: number, createError: Error): Promise<CreatedProject> {
  const context = { action: "looking up after a failed create", resourceName: inputs.name };

  let projects;
  try {
    projects = await client.listProjects(context);
  } catch (listError) {
    const reason = listError instanceof Error ? listError.message : String(listError);
    throw new CaseDevError(
      `${createError.message}. The create may have succeeded, and looking the project up by name also failed: ${reason}. ` +
        `Before running \`pulumi up\` again, check in case.dev whether a project named "${inputs.name}" exists; if it does, add adoptExistingId with its id to the program.`,
      { cause: createError },
    );
  }

  const candidates = projects.filter((project) => {
    if (project.name !== inputs.name || project.status === "deleted" || project.id === undefined) {
      return false;
    }

    const createdAt = project.createdAt === undefined ? NaN : Date.parse(project.createdAt);
    return Number.isNaN(createdAt) || createdAt >= startedAt - clockSkewAllowanceMs;
  });

  if (candidates.length === 1) {
    const found = candidates[0];
    return { id: found.id as string, name: found.name, region: found.region, status: found.status, createdAt: found.createdAt } as CreatedProject;
  }

  if (candidates.length === 0) {
    throw new CaseDevError(`${createError.message}. No project named "${inputs.name}" exists afterwards, so nothing was created; run \`pulumi up\` again.`, {
      cause: createError,
    });
  }

  const ids = candidates.map((project) => project.id).join(", ");
  throw new CaseDevError(
    `${createError.message}. Afterwards ${candidates.length} projects are named "${inputs.name}" (${ids}), so the provider cannot tell which one this create made. ` +
      "Delete the extra ones in case.dev, or add adoptExistingId with the id to keep to the program.",
    { cause: createError },
  );
}

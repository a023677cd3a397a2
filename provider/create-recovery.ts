import type { CaseDevClient } from "./client";
import { apiErrorStatus, CaseDevConnectionError, CreateOutcomeUnknownError, UnexpectedResponseError } from "./errors";
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
  if (error instanceof CaseDevConnectionError) {
    // A refused connection never reached the API, so nothing was created.
    return !error.connectionRefused;
  }

  if (error instanceof UnexpectedResponseError) {
    return true;
  }

  const status = apiErrorStatus(error);
  return status !== undefined && (status >= 500 || status === 408);
}

/** Finds the project a failed create made, or throws an error that names what to check. */
export async function recoverUnknownCreate(client: CaseDevClient, inputs: ProjectInputs, startedAt: number, createError: Error): Promise<CreatedProject> {
  const context = { action: "looking up after a failed create", resourceName: inputs.name };
  const failed = asSentence(createError.message);
  const checkAdvice =
    `Before running \`pulumi up\` again, check in case.dev (for example with \`casedev database:v1:projects list\`) whether a project named "${inputs.name}" exists. ` +
    "If it does, set adoptExistingId to its id in the program; if it does not, run `pulumi up` again.";

  let projects;
  try {
    projects = await client.listProjects(context);
  } catch (listError) {
    const reason = listError instanceof Error ? listError.message : String(listError);
    throw new CreateOutcomeUnknownError(`${failed} The create may have succeeded, and looking the project up by name also failed: ${asSentence(reason)} ${checkAdvice}`, {
      projectName: inputs.name,
      cause: createError,
    });
  }

  const live = projects.filter((project) => project.status !== "deleted");
  const unidentified = live.filter((project) => project.id === undefined || project.name === undefined);
  if (unidentified.length > 0) {
    throw new CreateOutcomeUnknownError(
      `${failed} The create may have succeeded, but ${unidentified.length} of the ${live.length} projects in the list response have no id or name, so the provider cannot tell whether it exists. ${checkAdvice}`,
      { projectName: inputs.name, cause: createError },
    );
  }

  const candidates = live.filter((project) => {
    if (project.name !== inputs.name) {
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
    if (createError instanceof CaseDevConnectionError || createError instanceof UnexpectedResponseError) {
      // The API may still be working on a request whose response was lost,
      // so an empty lookup does not prove that nothing will be created.
      throw new CreateOutcomeUnknownError(
        `${failed} No project named "${inputs.name}" existed when the provider looked it up, but the API may still finish the lost request. ${checkAdvice}`,
        { projectName: inputs.name, cause: createError },
      );
    }

    // The API returned an error and lists no such project, so the create
    // did not take effect. The original error keeps its class and status.
    createError.message = `${failed} No project named "${inputs.name}" exists afterwards, so nothing was created; run \`pulumi up\` again.`;
    throw createError;
  }

  const ids = candidates.map((project) => project.id as string);
  throw new CreateOutcomeUnknownError(
    `${failed} Afterwards ${candidates.length} projects are named "${inputs.name}" (${ids.join(", ")}), so the provider cannot tell which one this create made. ` +
      "Delete the extra ones in case.dev, or set adoptExistingId to the id to keep in the program.",
    { projectName: inputs.name, candidateIds: ids, cause: createError },
  );
}

/** Ends a message with a full stop unless it already ends with punctuation. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

import { isUnknown } from "./inputs";

/**
 * The diff rules of a project. The case.dev API has no update endpoint, so a
 * change to any input that the API stores replaces the project.
 *
 * Pulumi passes the stored outputs as `olds`, and the checked inputs as `news`.
 */

/** The inputs that the API stores and that therefore force a replacement. */
export const replacingProperties = ["name", "description", "region"] as const;

/** The result in Pulumi's `DiffResult` shape. */
export interface ProjectDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Compares stored outputs with new inputs. Makes no API calls, so `preview` sends no request. */
export function diffProject(olds: Record<string, unknown>, news: Record<string, unknown>): ProjectDiff {
  const replaces: string[] = [];

  for (const property of replacingProperties) {
    if (isUnknown(news[property]) || !sameValue(property, olds[property], news[property])) {
      replaces.push(property);
    }
  }

  // Keeping the name means the new project would carry the same name as the
  // old one. Deleting first keeps exactly one project of that name at any
  // time, so a name lookup after a failed create can never find two, and an
  // API that enforces unique names does not reject the new project.
  const keepsName = !replaces.includes("name");

  return {
    changes: replaces.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && keepsName,
  };
}

function sameValue(property: string, old: unknown, next: unknown): boolean {
  if (property === "description") {
    return normalizeDescription(old) === normalizeDescription(next);
  }

  return old === next;
}

/** Maps a missing, null and empty description to one value, as the API treats them alike. */
function normalizeDescription(value: unknown): unknown {
  return value === undefined || value === null || value === "" ? "" : value;
}

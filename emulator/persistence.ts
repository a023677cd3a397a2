import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

import { randomString } from "./names";
import type { StoreSnapshot } from "./store";

/**
 * Reads a state file written by {@link writeSnapshot}. Returns `undefined` when the file does
 * not exist, and throws an error naming the file when it is not a valid snapshot.
 */
export function readSnapshot(file: string): StoreSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw new Error(`Cannot read emulator state from ${file}: ${(error as Error).message}`, { cause: error });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot load emulator state from ${file}: not valid JSON (${(error as Error).message}).`, { cause: error });
  }

  const snapshot = parsed as Partial<StoreSnapshot> | null;
  if (typeof snapshot !== "object" || snapshot === null || snapshot.version !== 1 || !Array.isArray(snapshot.projects)) {
    throw new Error(`Cannot load emulator state from ${file}: expected a JSON object with "version": 1 and a "projects" array.`);
  }
  const broken = snapshot.projects.findIndex(
    (project) => typeof project?.id !== "string" || !Array.isArray(project.branches) || !project.branches.some((branch) => branch?.isDefault),
  );
  if (broken !== -1) {
    throw new Error(`Cannot load emulator state from ${file}: projects[${broken}] has no string "id" or no default branch.`);
  }
  return { version: 1, projects: snapshot.projects };
}

/**
 * Writes a snapshot to a temporary file in the same directory and renames it over `file`.
 * The rename is atomic on POSIX file systems, so readers never get a half-written file, even after a crash.
 */
export function writeSnapshot(file: string, snapshot: StoreSnapshot): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomString("abcdefghijklmnopqrstuvwxyz", 8)}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(snapshot, null, 2)}\n`);
  renameSync(temporary, file);
}

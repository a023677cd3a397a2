import type * as pulumi from "@pulumi/pulumi";
import { configureFromStack } from "./config";
import { projectOperations } from "./project-operations";

/**
 * The entry point that Pulumi's dynamic-provider process loads, as
 * `require("pulumi-casedev-database/project")`, from the serialized provider
 * stored in each project's state.
 *
 * Stacks keep calling this module for as long as they exist, through every
 * later version of the package, so its path and export names are a stable
 * contract: add exports, never rename or remove one.
 */

/** Records the stack config (`casedev:*` keys); called once per provider process. */
export function configure(request: pulumi.dynamic.ConfigureRequest): void {
  configureFromStack(request.config);
}

export const { check, diff, create, read, update } = projectOperations;

// `delete` is a reserved word, so it cannot be a plain exported binding.
export { deleteProject as delete };
const deleteProject = projectOperations.delete;

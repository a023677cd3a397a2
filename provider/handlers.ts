import type * as pulumi from "@pulumi/pulumi";
import { configureFromStack } from "./config";
import { projectOperations } from "./project-operations";

/**
 * The entry point that Pulumi's dynamic-provider process loads, as
 * `require("pulumi-casedev-database/handlers")`, from the serialized provider
 * stored in each resource's state.
 *
 * Stacks keep calling this module for as long as they exist, through every
 * later version of the package, so its export names are a stable contract:
 * add exports, never rename or remove one.
 */

/** Records the stack config (`casedev:*` keys); called once per provider process. */
export function configure(request: pulumi.dynamic.ConfigureRequest): void {
  configureFromStack(request.config);
}

/** The lifecycle of `CaseDevDatabaseProject`. */
export const project = projectOperations;

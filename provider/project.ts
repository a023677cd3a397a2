import * as pulumi from "@pulumi/pulumi";
import type { KnownRegion } from "./regions";
import { parseConnection, toEnvironment, type DatabaseConnection, type DatabaseEnvironment } from "./connection";
import type { ProjectBranch, ProjectDatabase, ProjectLinkedDeployment } from "./outputs";

/** The inputs of a {@link CaseDevDatabaseProject}. */
export interface CaseDevDatabaseProjectArgs {
  /**
   * The project's name: letters, digits, "-" and "_". Changing it replaces
   * the project, because the API cannot rename one.
   */
  name: pulumi.Input<string>;

  /**
   * Free text shown in case.dev. Changing it replaces the project, because the
   * API cannot edit a project. An empty string is the same as none.
   */
  description?: pulumi.Input<string>;

  /**
   * The region the project runs in. Changing it replaces the project and loses its data.
   * @default "aws-us-east-1"
   */
  region?: pulumi.Input<KnownRegion | (string & {})>;

  /**
   * Accept a region that this provider version does not list, for regions
   * case.dev adds later. The value must still look like a region identifier.
   * @default false
   */
  allowUnknownRegion?: pulumi.Input<boolean>;

  /**
   * The id of an existing project (for example one made with the case.dev
   * CLI) to bring under management instead of creating one. Its live name,
   * region and description must match the program, or the create fails
   * listing the differences. Once adopted, the project is deleted by
   * `pulumi destroy` like any other.
   */
  adoptExistingId?: pulumi.Input<string>;
}

/**
 * The serialized provider that Pulumi stores with every project. It only
 * forwards each call to the installed package. The stored text therefore stays
 * small, contains no settings or secrets and does not change when the package is
 * upgraded, and refresh and destroy run the installed code, not an old copy.
 */
const forwardingProvider: pulumi.dynamic.ResourceProvider = {
  // Rest parameters keep the stored text under 2 KB: the serializer repeats
  // each function's parameter list in its wrapper.
  configure: (...a) => require("pulumi-casedev-database/project").configure(...a),
  check: (...a) => require("pulumi-casedev-database/project").check(...a),
  diff: (...a) => require("pulumi-casedev-database/project").diff(...a),
  create: (...a) => require("pulumi-casedev-database/project").create(...a),
  read: (...a) => require("pulumi-casedev-database/project").read(...a),
  update: (...a) => require("pulumi-casedev-database/project").update(...a),
  delete: (...a) => require("pulumi-casedev-database/project").delete(...a),
};

/** Outputs that hold credentials and are stored only encrypted. */
const secretOutputs = ["connectionUri", "pooledConnectionUri"];

/**
 * A case.dev Database project: a serverless PostgreSQL database on Neon, with
 * a default branch `main` and a database `neondb`.
 *
 * The API cannot change a project, so changing any input replaces it, which
 * destroys its data. Guard production databases with `protect: true`.
 *
 * @example
 * const db = new CaseDevDatabaseProject("cases-db", { name: "cases", region: "aws-us-east-1" });
 * export const databaseUrl = db.connectionUri; // a secret
 */
export class CaseDevDatabaseProject extends pulumi.dynamic.Resource {
  /** The project's id, such as `proj_abc123`; the same as the resource id. */
  declare readonly projectId: pulumi.Output<string>;
  /** The project's name. */
  declare readonly name: pulumi.Output<string>;
  /** The description, or null when it has none. */
  declare readonly description: pulumi.Output<string | null>;
  /** The region the project runs in. */
  declare readonly region: pulumi.Output<string>;
  /** The PostgreSQL major version, such as 17. */
  declare readonly pgVersion: pulumi.Output<number | null>;
  /** `active`, `suspended` or `deleted`. */
  declare readonly status: pulumi.Output<string>;
  /** The branch that new connections use by default, normally `main`. */
  declare readonly defaultBranch: pulumi.Output<{ id: string | null; name: string }>;
  /** The host name of the default branch's endpoint. */
  declare readonly connectionHostname: pulumi.Output<string | null>;
  /** Every branch of the project at the last create or refresh. */
  declare readonly branches: pulumi.Output<ProjectBranch[]>;
  /** The databases of the default branch. */
  declare readonly databases: pulumi.Output<ProjectDatabase[]>;
  /** Storage used, in bytes, at the last create or refresh. */
  declare readonly storageSizeBytes: pulumi.Output<number | null>;
  /** Compute time used, in seconds, at the last create or refresh. */
  declare readonly computeTimeSeconds: pulumi.Output<number | null>;
  /** case.dev deployments that receive this project's connection string. */
  declare readonly linkedDeployments: pulumi.Output<ProjectLinkedDeployment[]>;
  /** When the project was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string | null>;
  /** When the project last changed (ISO 8601). */
  declare readonly updatedAt: pulumi.Output<string | null>;
  /** The direct PostgreSQL URI of the default branch, with credentials. A secret. */
  declare readonly connectionUri: pulumi.Output<string>;
  /** The pooled (PgBouncer) PostgreSQL URI of the default branch, with credentials. A secret. */
  declare readonly pooledConnectionUri: pulumi.Output<string>;


  /**
   * Creates a project, or adopts an existing one when `adoptExistingId` is set.
   * @param name The Pulumi resource name, unique within the stack.
   * @param args The project's inputs.
   * @param opts Pulumi resource options such as `protect` or `retainOnDelete`.
   */
  constructor(name: string, args: CaseDevDatabaseProjectArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output needs a key here, or Pulumi never fills it; `get` passes no inputs at all.
    const placeholders: Record<string, undefined> = {
      projectId: undefined,
      name: undefined,
      description: undefined,
      region: undefined,
      pgVersion: undefined,
      status: undefined,
      defaultBranch: undefined,
      connectionHostname: undefined,
      branches: undefined,
      databases: undefined,
      storageSizeBytes: undefined,
      computeTimeSeconds: undefined,
      linkedDeployments: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      connectionUri: undefined,
      pooledConnectionUri: undefined,
    };
    const props = { ...placeholders, ...args };

    super(forwardingProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: secretOutputs }), "casedev", "DatabaseProject");
  }

  private parsedConnection?: pulumi.Output<DatabaseConnection>;

  /**
   * Host, port, database, user, password and both URIs of the default branch,
   * parsed from the connection URIs. Secret, like the URIs it comes from. It
   * is computed in the program on first use and not stored in the stack state.
   */
  get connection(): pulumi.Output<DatabaseConnection> {
    // Built on first use, so a program that never reads it never parses the URIs.
    this.parsedConnection ??= pulumi.secret(
      pulumi.all([this.connectionUri, this.pooledConnectionUri]).apply(([uri, pooledUri]) => parseConnection(uri, pooledUri)),
    );

    return this.parsedConnection;
  }

  /**
   * Returns the environment variables apps conventionally read, as secret
   * Outputs: `DATABASE_URL` (pooled), `DIRECT_URL` (direct, for migrations)
   * and the libpq variables `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`,
   * `PGPASSWORD` and `PGSSLMODE`.
   *
   * @example
   * const env = db.toEnv();
   * export const databaseUrl = env.DATABASE_URL;
   */
  toEnv(): { [K in keyof DatabaseEnvironment]: pulumi.Output<string> } {
    const environment = this.connection.apply(toEnvironment);
    const pick = (key: keyof DatabaseEnvironment) => pulumi.secret(environment.apply((values) => values[key]));

    return {
      DATABASE_URL: pick("DATABASE_URL"),
      DIRECT_URL: pick("DIRECT_URL"),
      PGHOST: pick("PGHOST"),
      PGPORT: pick("PGPORT"),
      PGDATABASE: pick("PGDATABASE"),
      PGUSER: pick("PGUSER"),
      PGPASSWORD: pick("PGPASSWORD"),
      PGSSLMODE: pick("PGSSLMODE"),
    };
  }

  /**
   * Looks up an existing project read-only: Pulumi reads it on every update
   * but never changes or deletes it.
   * @param name The Pulumi resource name for the lookup.
   * @param id The project's id, such as `proj_abc123`.
   */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): CaseDevDatabaseProject {
    return new CaseDevDatabaseProject(name, {} as CaseDevDatabaseProjectArgs, { ...opts, id });
  }
}

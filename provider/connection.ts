/**
 * Connection details of a project's default branch, parsed from the
 * connection URIs the API issues, and the environment variables apps
 * conventionally read them from.
 */

/** Connection details of a branch. Every field comes from a secret output, so Pulumi keeps all of them secret. */
export interface DatabaseConnection {
  /** The direct endpoint's host name. */
  host: string;
  /** The pooled (PgBouncer) endpoint's host name. */
  pooledHost: string;
  /** The TCP port. @default 5432 */
  port: number;
  /** The database name, normally `neondb`. */
  database: string;
  /** The role name, normally `neondb_owner`. */
  user: string;
  /** The role's password. */
  password: string;
  /** The `sslmode` query parameter. @default "require" */
  sslMode: string;
  /** The direct URI: use it for migrations, admin tasks and long-running processes. */
  uri: string;
  /** The pooled URI: use it for serverless functions and many short connections. */
  pooledUri: string;
}

/** The variables that {@link toEnvironment} fills. */
export interface DatabaseEnvironment {
  /** The pooled URI, which most ORMs and serverless apps read. */
  DATABASE_URL: string;
  /** The direct URI, which Prisma and migration tools read for schema changes. */
  DIRECT_URL: string;
  /** The libpq variables that `psql` and most PostgreSQL drivers read. */
  PGHOST: string;
  PGPORT: string;
  PGDATABASE: string;
  PGUSER: string;
  PGPASSWORD: string;
  PGSSLMODE: string;
}

const defaultPort = 5432;

/** Parses the direct and pooled URIs of one branch. Throws when a URI is not a PostgreSQL URI. */
export function parseConnection(uri: string, pooledUri: string): DatabaseConnection {
  const direct = parsePostgresUri(uri, "connectionUri");
  const pooled = parsePostgresUri(pooledUri, "pooledConnectionUri");

  return {
    host: direct.hostname,
    pooledHost: pooled.hostname,
    port: direct.port === "" ? defaultPort : Number(direct.port),
    database: decodeURIComponent(direct.pathname.replace(/^\//, "")),
    user: decodeURIComponent(direct.username),
    password: decodeURIComponent(direct.password),
    sslMode: direct.searchParams.get("sslmode") ?? "require",
    uri,
    pooledUri,
  };
}

/** Builds the conventional environment variables for an app from parsed details. */
export function toEnvironment(connection: DatabaseConnection): DatabaseEnvironment {
  return {
    DATABASE_URL: connection.pooledUri,
    DIRECT_URL: connection.uri,
    PGHOST: connection.host,
    PGPORT: String(connection.port),
    PGDATABASE: connection.database,
    PGUSER: connection.user,
    PGPASSWORD: connection.password,
    PGSSLMODE: connection.sslMode,
  };
}

function parsePostgresUri(uri: string, outputName: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(uri);
  } catch {
    url = undefined;
  }

  // The message leaves the URI out, because it contains a password.
  if (url === undefined || (url.protocol !== "postgresql:" && url.protocol !== "postgres:") || url.hostname === "") {
    throw new Error(`The ${outputName} output is not a postgresql:// URI with a host, so its connection details cannot be read.`);
  }

  return url;
}

import { parseConnection, toEnvironment } from "../../provider/connection";

const direct = "postgresql://neondb_owner:npg_p%40ss@ep-quiet-meadow-123456.us-east-1.aws.neon.tech/neondb?sslmode=require";
const pooled = "postgresql://neondb_owner:npg_p%40ss@ep-quiet-meadow-123456-pooler.us-east-1.aws.neon.tech/neondb?sslmode=require";

describe("parseConnection", () => {
  test("reads host, database, user and password", () => {
    const connection = parseConnection(direct, pooled);

    expect(connection.host).toBe("ep-quiet-meadow-123456.us-east-1.aws.neon.tech");
    expect(connection.pooledHost).toBe("ep-quiet-meadow-123456-pooler.us-east-1.aws.neon.tech");
    expect(connection.database).toBe("neondb");
    expect(connection.user).toBe("neondb_owner");
    expect(connection.password).toBe("npg_p@ss");
  });

  test("defaults port and sslmode", () => {
    const connection = parseConnection("postgres://u:p@host.example/db", "postgres://u:p@pool.example/db");

    expect(connection.port).toBe(5432);
    expect(connection.sslMode).toBe("require");
  });

  test("keeps an explicit port", () => {
    expect(parseConnection("postgresql://u:p@h:6543/db", pooled).port).toBe(6543);
  });

  test("rejects a non-postgres URI without echoing it", () => {
    const attempt = () => parseConnection("https://user:secret@example.com/", pooled);

    expect(attempt).toThrow("The connectionUri output is not a postgresql:// URI with a host");
    expect(attempt).not.toThrow(/secret/);
  });

  test("rejects text that is not a URI", () => {
    expect(() => parseConnection(direct, "not a uri")).toThrow("The pooledConnectionUri output");
  });
});

describe("toEnvironment", () => {
  test("maps pooled to DATABASE_URL and direct to DIRECT_URL", () => {
    const environment = toEnvironment(parseConnection(direct, pooled));

    expect(environment).toEqual({
      DATABASE_URL: pooled,
      DIRECT_URL: direct,
      PGHOST: "ep-quiet-meadow-123456.us-east-1.aws.neon.tech",
      PGPORT: "5432",
      PGDATABASE: "neondb",
      PGUSER: "neondb_owner",
      PGPASSWORD: "npg_p@ss",
      PGSSLMODE: "require",
    });
  });
});

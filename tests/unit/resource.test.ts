import * as pulumi from "@pulumi/pulumi";
import { CaseDevDatabaseProject } from "pulumi-casedev-database";

/** The resource class's program-side helpers, under Pulumi's mock engine. */

const directUri = "postgresql://neondb_owner:npg_mock@ep-mock-host-123456.us-east-1.aws.neon.tech/neondb?sslmode=require";
const pooledUri = "postgresql://neondb_owner:npg_mock@ep-mock-host-123456-pooler.us-east-1.aws.neon.tech/neondb?sslmode=require";

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        id: "proj_mock",
        state: { ...args.inputs, projectId: "proj_mock", connectionUri: directUri, pooledConnectionUri: pooledUri },
      }),
      call: (args) => args.inputs,
    },
    "resource",
    "test",
    false,
  );
});

function resolve<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => output.apply((value) => done(value)));
}

function isSecret<T>(output: pulumi.Output<T>): Promise<boolean> {
  return pulumi.isSecret(output);
}

describe("CaseDevDatabaseProject connection", () => {
  test("parses both URIs", async () => {
    const db = new CaseDevDatabaseProject("conn", { name: "conn" });

    const connection = await resolve(db.connection);

    expect(connection.host).toBe("ep-mock-host-123456.us-east-1.aws.neon.tech");
    expect(connection.pooledHost).toBe("ep-mock-host-123456-pooler.us-east-1.aws.neon.tech");
    expect(connection.password).toBe("npg_mock");
  });

  test("is secret", async () => {
    const db = new CaseDevDatabaseProject("conn-secret", { name: "conn-secret" });

    expect(await isSecret(db.connection)).toBe(true);
  });

  test("returns the same Output on every read", () => {
    const db = new CaseDevDatabaseProject("conn-same", { name: "conn-same" });

    expect(db.connection).toBe(db.connection);
  });
});

describe("CaseDevDatabaseProject toEnv", () => {
  test("maps pooled and direct URIs", async () => {
    const env = new CaseDevDatabaseProject("env", { name: "env" }).toEnv();

    expect(await resolve(env.DATABASE_URL)).toBe(pooledUri);
    expect(await resolve(env.DIRECT_URL)).toBe(directUri);
    expect(await resolve(env.PGUSER)).toBe("neondb_owner");
  });

  test("marks every variable secret", async () => {
    const env = new CaseDevDatabaseProject("env-secret", { name: "env-secret" }).toEnv();

    for (const [name, output] of Object.entries(env)) {
      expect({ name, secret: await isSecret(output) }).toEqual({ name, secret: true });
    }
  });
});

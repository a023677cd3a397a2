import { createEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { callApi, createProjectViaApi } from "./http-client";

/** Starts an emulator for one describe block and closes it afterwards. */
function useEmulator(options: EmulatorOptions): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await createEmulator(options);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (emulator === undefined) {
      throw new Error("The emulator has not started yet.");
    }
    return emulator;
  };
}

const passwordOf = (uri: string): string => decodeURIComponent(new URL(uri).password);

describe("listStyle docs", () => {
  const emulator = useEmulator({ listStyle: "docs" });

  test("list projects is a bare array", async () => {
    await createProjectViaApi(emulator(), { name: "docs-style" });
    const response = await callApi(emulator(), "GET", "/database/v1/projects");
    expect(Array.isArray(response.json)).toBe(true);
    expect(response.json[0].name).toBe("docs-style");
  });

  test("list branches is a bare array", async () => {
    const project = await createProjectViaApi(emulator(), { name: "docs-style-branches" });
    const response = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/branches`);
    expect(Array.isArray(response.json)).toBe(true);
    expect(response.json[0].name).toBe("main");
  });
});

describe("hostField connectionHostname", () => {
  const emulator = useEmulator({ hostField: "connectionHostname" });

  test("get project renames the host field", async () => {
    const project = await createProjectViaApi(emulator(), { name: "hostname" });
    const response = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}`);
    expect(response.json.connectionHostname).toMatch(/\.aws\.neon\.tech$/);
    expect("connectionHost" in response.json).toBe(false);
  });
});

describe("deletedProjects not-found", () => {
  const emulator = useEmulator({ deletedProjects: "not-found" });

  test("get after delete is 404", async () => {
    const project = await createProjectViaApi(emulator(), { name: "gone" });
    await callApi(emulator(), "DELETE", `/database/v1/projects/${project.id}`);
    const response = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}`);
    expect(response.status).toBe(404);
  });

  test("store keeps the deleted record", async () => {
    const project = await createProjectViaApi(emulator(), { name: "gone-kept" });
    await callApi(emulator(), "DELETE", `/database/v1/projects/${project.id}`);
    expect(emulator().store.getProject(project.id)?.status).toBe("deleted");
    expect(emulator().store.getProject(project.id)?.deletedAt).not.toBeNull();
  });
});

describe("deletedProjects status-deleted", () => {
  const emulator = useEmulator({ deletedProjects: "status-deleted" });

  test("get after delete returns status deleted", async () => {
    const project = await createProjectViaApi(emulator(), { name: "soft" });
    await callApi(emulator(), "DELETE", `/database/v1/projects/${project.id}`);
    const response = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}`);
    expect(response.status).toBe(200);
    expect(response.json.status).toBe("deleted");
    expect(response.json.updatedAt > project.createdAt).toBe(true);
  });

  test("list includes the deleted project", async () => {
    const project = await createProjectViaApi(emulator(), { name: "soft-list" });
    await callApi(emulator(), "DELETE", `/database/v1/projects/${project.id}`);
    const response = await callApi(emulator(), "GET", "/database/v1/projects");
    const item = response.json.projects.find((entry: { id: string }) => entry.id === project.id);
    expect(item.status).toBe("deleted");
  });

  test("second delete is 404", async () => {
    const project = await createProjectViaApi(emulator(), { name: "soft-twice" });
    await callApi(emulator(), "DELETE", `/database/v1/projects/${project.id}`);
    const response = await callApi(emulator(), "DELETE", `/database/v1/projects/${project.id}`);
    expect(response.status).toBe(404);
  });

  test("branches of a deleted project are 404", async () => {
    const project = await createProjectViaApi(emulator(), { name: "soft-branches" });
    await callApi(emulator(), "DELETE", `/database/v1/projects/${project.id}`);
    const list = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/branches`);
    const connection = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    expect(list.status).toBe(404);
    expect(connection.status).toBe(404);
  });
});

describe("uniqueProjectNames", () => {
  const emulator = useEmulator({ uniqueProjectNames: true });

  test("duplicate name is 409 without retry", async () => {
    await createProjectViaApi(emulator(), { name: "taken" });
    const response = await callApi(emulator(), "POST", "/database/v1/projects", { body: { name: "taken" } });
    expect(response.status).toBe(409);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(response.json.error).toEqual({ message: 'A project named "taken" already exists.', type: "conflict", code: "project_name_conflict" });
  });

  test("name of a deleted project is free", async () => {
    const first = await createProjectViaApi(emulator(), { name: "reused" });
    await callApi(emulator(), "DELETE", `/database/v1/projects/${first.id}`);
    const response = await callApi(emulator(), "POST", "/database/v1/projects", { body: { name: "reused" } });
    expect(response.status).toBe(201);
  });
});

describe("stableCredentials default", () => {
  const emulator = useEmulator({});

  test("password repeats across calls", async () => {
    const project = await createProjectViaApi(emulator(), { name: "stable" });
    const first = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    const second = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    expect(second.json.connectionUri).toBe(first.json.connectionUri);
  });

  test("pooled and direct share the password", async () => {
    const project = await createProjectViaApi(emulator(), { name: "stable-pooled" });
    const direct = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    const pooled = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection?pooled=true`);
    expect(passwordOf(pooled.json.connectionUri)).toBe(passwordOf(direct.json.connectionUri));
  });

  test("password looks like a Neon password", async () => {
    const project = await createProjectViaApi(emulator(), { name: "stable-format" });
    const response = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    expect(passwordOf(response.json.connectionUri)).toMatch(/^npg_[A-Za-z0-9]{12}$/);
  });
});

describe("stableCredentials false", () => {
  const emulator = useEmulator({ stableCredentials: false });

  test("password changes on every call", async () => {
    const project = await createProjectViaApi(emulator(), { name: "unstable" });
    const first = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    const second = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    expect(passwordOf(second.json.connectionUri)).not.toBe(passwordOf(first.json.connectionUri));
  });

  test("host stays the same", async () => {
    const project = await createProjectViaApi(emulator(), { name: "unstable-host" });
    const first = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    const second = await callApi(emulator(), "GET", `/database/v1/projects/${project.id}/connection`);
    expect(new URL(second.json.connectionUri).hostname).toBe(new URL(first.json.connectionUri).hostname);
  });
});

describe("listen address", () => {
  test("default url is 127.0.0.1", async () => {
    const emulator = await createEmulator();
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    await emulator.close();
  });

  test("localhost listens on 127.0.0.1", async () => {
    const emulator = await createEmulator({ host: "localhost" });
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    await emulator.close();
  });

  test.each(["0.0.0.0", "::", "192.168.1.10", "example.com"])("host %s is rejected", async (host) => {
    await expect(createEmulator({ host })).rejects.toThrow(
      `Invalid emulator option "host": ${JSON.stringify(host)}. Expected a loopback address such as 127.0.0.1, ::1 or localhost.`,
    );
  });
});

describe("invalid options", () => {
  const cases: Array<[string, EmulatorOptions, string]> = [
    ["port", { port: 70_000 }, 'Invalid emulator option "port": 70000. Expected an integer from 0 to 65535.'],
    ["listStyle", { listStyle: "xml" as never }, 'Invalid emulator option "listStyle": "xml". Expected one of sdk, docs.'],
    ["hostField", { hostField: "host" as never }, 'Invalid emulator option "hostField": "host". Expected one of connectionHost, connectionHostname.'],
    [
      "deletedProjects",
      { deletedProjects: "hidden" as never },
      'Invalid emulator option "deletedProjects": "hidden". Expected one of not-found, status-deleted.',
    ],
    ["requestsPerMinute", { requestsPerMinute: 0 }, 'Invalid emulator option "requestsPerMinute": 0. Expected a positive integer.'],
    ["apiKeys", { apiKeys: [] }, 'Invalid emulator option "apiKeys": expected a non-empty list of non-empty strings.'],
  ];

  test.each(cases)("%s is rejected", async (_name, options, message) => {
    await expect(createEmulator(options)).rejects.toThrow(message);
  });
});

describe("extraRegions option", () => {
  test("accepts an extra region and still rejects others", async () => {
    const emulator = await createEmulator({ extraRegions: ["aws-sa-east-1"] });

    try {
      const headers = { authorization: "Bearer sk_case_extra_regions", "content-type": "application/json" };
      const accepted = await fetch(`${emulator.url}/database/v1/projects`, { method: "POST", headers, body: JSON.stringify({ name: "sa", region: "aws-sa-east-1" }) });
      const rejected = await fetch(`${emulator.url}/database/v1/projects`, { method: "POST", headers, body: JSON.stringify({ name: "xx", region: "aws-xx-1" }) });

      expect(accepted.status).toBe(201);
      expect(emulator.store.listProjects().map((project) => project.region)).toEqual(["aws-sa-east-1"]);
      expect(rejected.status).toBe(400);
    } finally {
      await emulator.close();
    }
  });
});

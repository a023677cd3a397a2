import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createEmulator, type Emulator, type StoreSnapshot } from "../../emulator";
import { callApi, createProjectViaApi } from "./http-client";

let directory: string;
let dataFile: string;
let emulator: Emulator;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "casedev-emulator-"));
  dataFile = join(directory, "state.json");
  emulator = await createEmulator({ dataFile });
});

afterAll(async () => {
  await emulator.close();
  rmSync(directory, { recursive: true, force: true });
});

const readState = (): StoreSnapshot => JSON.parse(readFileSync(dataFile, "utf8")) as StoreSnapshot;

describe("dataFile", () => {
  test("missing file starts empty", () => {
    expect(emulator.store.listProjects()).toEqual([]);
  });

  test("create writes the file", async () => {
    const project = await createProjectViaApi(emulator, { name: "persisted" });
    expect(readState().version).toBe(1);
    expect(readState().projects.map((entry) => entry.id)).toEqual([project.id]);
  });

  test("no temporary files remain", () => {
    expect(readdirSync(directory)).toEqual(["state.json"]);
  });

  test("branch, drift and delete are written", async () => {
    const project = await createProjectViaApi(emulator, { name: "persisted-changes" });
    await callApi(emulator, "POST", `/database/v1/projects/${project.id}/branches`, { body: { name: "dev" } });
    expect(readState().projects[1].branches.map((branch) => branch.name)).toEqual(["main", "dev"]);
    emulator.store.updateProject(project.id, { description: "drifted" });
    expect(readState().projects[1].description).toBe("drifted");
    await callApi(emulator, "DELETE", `/database/v1/projects/${project.id}`);
    expect(readState().projects[1].status).toBe("deleted");
  });

  test("state survives a restart", async () => {
    const project = emulator.store.listProjects()[0];
    const before = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection`);
    await emulator.close();

    emulator = await createEmulator({ dataFile });
    const detail = await callApi(emulator, "GET", `/database/v1/projects/${project.id}`);
    const after = await callApi(emulator, "GET", `/database/v1/projects/${project.id}/connection`);
    expect(detail.status).toBe(200);
    expect(detail.json.name).toBe("persisted");
    expect(after.json.connectionUri).toBe(before.json.connectionUri);
  });

  test("deleted project stays deleted after restart", async () => {
    const deleted = emulator.store.listProjects({ includeDeleted: true }).find((entry) => entry.status === "deleted");
    const response = await callApi(emulator, "GET", `/database/v1/projects/${deleted?.id}`);
    expect(response.status).toBe(404);
  });

  test("invalid JSON file is rejected", async () => {
    const broken = join(directory, "broken.json");
    writeFileSync(broken, "{not json");
    await expect(createEmulator({ dataFile: broken })).rejects.toThrow(`Cannot load emulator state from ${broken}: not valid JSON`);
  });

  test("wrong version is rejected", async () => {
    const wrong = join(directory, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ version: 2, projects: [] }));
    await expect(createEmulator({ dataFile: wrong })).rejects.toThrow(
      `Cannot load emulator state from ${wrong}: expected a JSON object with "version": 1 and a "projects" array.`,
    );
  });
});

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { resolve } from "node:path";

import { parseCliArguments } from "../../emulator/cli";

const repositoryRoot = resolve(__dirname, "../..");

/** Runs the CLI from its TypeScript source, so the test needs no prior build. */
function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, TS_NODE_PROJECT: "emulator/tsconfig.json" },
  });
}

/** Collects output until the process exits, or fails after `timeoutMs`. */
function waitForExit(child: ChildProcessWithoutNullStreams, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`CLI did not exit within ${timeoutMs} ms. stderr: ${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Resolves with the URL from the ready line, or fails after `timeoutMs`. */
function waitForReady(child: ChildProcessWithoutNullStreams, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`CLI printed no ready line within ${timeoutMs} ms: ${buffer}`)), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /^case\.dev emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(buffer);
      if (match !== null) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
  });
}

describe("parseCliArguments", () => {
  test("rejects a malformed extra region", () => {
    expect(() => parseCliArguments(["--extra-region", "Not A Region"])).toThrow('Invalid --extra-region "Not A Region"');
  });


  test("maps every option", () => {
    const command = parseCliArguments([
      "--port", "2729", "--host", "::1", "--api-key", "sk_case_a", "--api-key", "sk_case_b", "--data-file", "state.json",
      "--list-style", "docs", "--host-field", "connectionHostname", "--deleted-projects", "status-deleted",
      "--unique-project-names", "--requests-per-minute", "60", "--unstable-credentials", "--extra-region", "aws-sa-east-1",
      "--fault", '{"route":"createProject","kind":"status","status":503,"times":1}', "--fault", '{"kind":"reset"}',
    ]);
    expect(command).toEqual({
      help: false,
      options: {
        port: 2729,
        host: "::1",
        apiKeys: ["sk_case_a", "sk_case_b"],
        dataFile: "state.json",
        listStyle: "docs",
        hostField: "connectionHostname",
        deletedProjects: "status-deleted",
        uniqueProjectNames: true,
        requestsPerMinute: 60,
        stableCredentials: false,
        extraRegions: ["aws-sa-east-1"],
      },
      faults: [{ route: "createProject", kind: "status", status: 503, times: 1 }, { kind: "reset" }],
    });
  });

  test("defaults to port 2728", () => {
    const command = parseCliArguments([]);
    expect(command.help).toBe(false);
    expect("options" in command).toBe(true);
    expect("options" in command ? command.options.port : undefined).toBe(2728);
  });

  test("help wins", () => {
    expect(parseCliArguments(["--help"])).toEqual({ help: true });
  });

  const invalid: Array<[string[], string]> = [
    [["--port", "http"], 'Invalid --port "http": expected an integer from 0 to 65535.'],
    [["--port", "70000"], 'Invalid --port "70000": expected an integer from 0 to 65535.'],
    [["--host", "0.0.0.0"], 'Invalid --host "0.0.0.0": expected a loopback address such as 127.0.0.1, ::1 or localhost.'],
    [["--list-style", "xml"], 'Invalid --list-style "xml": expected one of sdk, docs.'],
    [["--host-field", "host"], 'Invalid --host-field "host": expected one of connectionHost, connectionHostname.'],
    [["--deleted-projects", "keep"], 'Invalid --deleted-projects "keep": expected one of not-found, status-deleted.'],
    [["--requests-per-minute", "0"], 'Invalid --requests-per-minute "0": expected an integer from 1 to 9007199254740991.'],
    [["--fault", "{"], 'Invalid --fault "{": not valid JSON'],
    [["--fault", '{"kind":"boom"}'], 'Invalid --fault "{\\"kind\\":\\"boom\\"}": "kind": received the string "boom"'],
    [["--api-key", ""], "Invalid --api-key: the key must not be empty."],
    [["--verbose"], "Unknown option '--verbose'"],
  ];

  test.each(invalid)("%j is rejected", (args, message) => {
    expect(() => parseCliArguments(args)).toThrow(message);
  });
});

describe("emulator CLI process", () => {
  test("serves, logs to stderr and stops on SIGTERM", async () => {
    const child = startCli(["--port", "0", "--api-key", "sk_case_cli_secret"]);
    const exit = waitForExit(child);
    const url = await waitForReady(child);

    const response = await fetch(`${url}/database/v1/projects`, { headers: { authorization: "Bearer sk_case_cli_secret" } });
    expect(response.status).toBe(200);
    child.kill("SIGTERM");

    const { code, stderr } = await exit;
    expect(code).toBe(0);
    expect(stderr).toMatch(/GET \/database\/v1\/projects 200 [\d.]+ms/);
    expect(stderr).not.toContain("sk_case_cli_secret");
  });

  test("invalid option exits with 2", async () => {
    const { code, stderr } = await waitForExit(startCli(["--list-style", "xml"]));
    expect(code).toBe(2);
    expect(stderr).toContain('Invalid --list-style "xml": expected one of sdk, docs.');
  });

  test("help exits with 0", async () => {
    const { code, stdout } = await waitForExit(startCli(["--help"]));
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: npm run emulator -- [options]");
  });
});

import { parseArgs } from "node:util";

import { checkFaultRule, type FaultRule } from "./faults";
import { isLoopbackAddress } from "./http";
import { createEmulator, type EmulatorOptions } from "./server";

/** Port used when `--port` is not given. The case.dev TypeScript SDK's `local` environment is http://localhost:2728. */
export const defaultCliPort = 2728;

export const usage = `Usage: npm run emulator -- [options]

Starts a local emulator of the case.dev Database API (/database/v1) on a loopback address.

Options:
  --port <number>               TCP port, 0 for a free one (default ${defaultCliPort})
  --host <address>              loopback address to listen on (default 127.0.0.1)
  --api-key <key>               accept only this key; repeat for more keys
                                (default: any key that starts with sk_case_)
  --data-file <path>            load state from this JSON file and rewrite it after every change
  --list-style <sdk|docs>       sdk: {"projects": [...]}; docs: bare JSON arrays (default sdk)
  --host-field <name>           connectionHost or connectionHostname (default connectionHost)
  --deleted-projects <mode>     not-found or status-deleted (default not-found)
  --unique-project-names        reject duplicate project names with 409
  --requests-per-minute <n>     global rate limit, requests per minute (default unlimited)
  --unstable-credentials        new password on every connection request
  --extra-region <region>       accept this region too, as if case.dev had added it; repeatable
  --fault <json>                add a fault rule, e.g. '{"route":"createProject","kind":"status","status":503,"times":1}';
                                repeat for more rules
  -h, --help                    print this help

Prints "case.dev emulator listening on <url>" when ready and logs each request to stderr.`;

/** A command-line mistake. The process prints the message and exits with status 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

/** Parsed command line: either a request for help or the emulator settings. */
export type CliCommand = { help: true } | { help: false; options: EmulatorOptions; faults: FaultRule[] };

/** Parses command-line arguments. Throws {@link CliUsageError} naming the option, the value and what is allowed. */
export function parseCliArguments(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "api-key": { type: "string", multiple: true },
        "data-file": { type: "string" },
        "list-style": { type: "string" },
        "host-field": { type: "string" },
        "deleted-projects": { type: "string" },
        "unique-project-names": { type: "boolean" },
        "requests-per-minute": { type: "string" },
        "unstable-credentials": { type: "boolean" },
        "extra-region": { type: "string", multiple: true },
        fault: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const values = parsed.values;
  if (values.help) {
    return { help: true };
  }

  const options: EmulatorOptions = {
    port: parseInteger("--port", values.port, 0, 65_535) ?? defaultCliPort,
    uniqueProjectNames: values["unique-project-names"] ?? false,
    stableCredentials: !(values["unstable-credentials"] ?? false),
  };
  if (values.host !== undefined) {
    if (!isLoopbackAddress(values.host)) {
      throw new CliUsageError(`Invalid --host ${JSON.stringify(values.host)}: expected a loopback address such as 127.0.0.1, ::1 or localhost.`);
    }
    options.host = values.host;
  }
  if (values["api-key"] !== undefined) {
    if (values["api-key"].some((key) => key.length === 0)) {
      throw new CliUsageError("Invalid --api-key: the key must not be empty.");
    }
    options.apiKeys = values["api-key"];
  }
  if (values["data-file"] !== undefined) {
    if (values["data-file"].length === 0) {
      throw new CliUsageError("Invalid --data-file: the path must not be empty.");
    }
    options.dataFile = values["data-file"];
  }
  options.listStyle = parseChoice("--list-style", values["list-style"], ["sdk", "docs"] as const);
  options.hostField = parseChoice("--host-field", values["host-field"], ["connectionHost", "connectionHostname"] as const);
  options.deletedProjects = parseChoice("--deleted-projects", values["deleted-projects"], ["not-found", "status-deleted"] as const);
  options.requestsPerMinute = parseInteger("--requests-per-minute", values["requests-per-minute"], 1, Number.MAX_SAFE_INTEGER);
  if (values["extra-region"] !== undefined) {
    const invalid = values["extra-region"].find((region) => !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(region));
    if (invalid !== undefined) {
      throw new CliUsageError(`Invalid --extra-region ${JSON.stringify(invalid)}: expected lowercase letters and digits joined by "-", such as aws-sa-east-1.`);
    }
    options.extraRegions = values["extra-region"];
  }

  const faults = (values.fault ?? []).map(parseFault);
  return { help: false, options, faults };
}

function parseInteger(option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new CliUsageError(`Invalid ${option} ${JSON.stringify(value)}: expected an integer from ${min} to ${max}.`);
  }
  return number;
}

function parseChoice<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliUsageError(`Invalid ${option} ${JSON.stringify(value)}: expected one of ${allowed.join(", ")}.`);
  }
  return value as T;
}

function parseFault(text: string): FaultRule {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`Invalid --fault ${JSON.stringify(text)}: not valid JSON (${(error as Error).message}).`);
  }
  try {
    return checkFaultRule(value);
  } catch (error) {
    throw new CliUsageError(`Invalid --fault ${JSON.stringify(text)}: ${(error as Error).message.replace(/^Invalid fault rule:? ?/, "")}`);
  }
}

/** Runs the command line: starts the emulator and stops it on SIGINT or SIGTERM. */
export async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArguments(argv);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`emulator: ${error.message}\nRun with --help to list the options.\n`);
      return 2;
    }
    throw error;
  }
  if (command.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }

  const log = (line: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  const emulator = await createEmulator({ ...command.options, log });
  command.faults.forEach((rule) => emulator.faults.add(rule));
  process.stdout.write(`case.dev emulator listening on ${emulator.url}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log(`received ${signal}, stopping`);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
  log("stopped");
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`emulator: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

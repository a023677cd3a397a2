import * as pulumi from "@pulumi/pulumi";
import { CaseDevDatabaseProject } from "pulumi-casedev-database";

/**
 * Pulumi serializes the dynamic provider when a resource is constructed, so
 * this file constructs one under `pulumi.runtime.setMocks` and inspects the
 * `__provider` text that the mock engine receives.
 */

const apiKey = "sk_case_serialization_test_4f1c2a";

/** The package subpath that the serialized provider forwards every call to. */
const entryPoint = "pulumi-casedev-database/project";

/** The part of the request that the mock monitor's `registerResource` receives and that this test reads. */
interface RegisterRequest {
  getAdditionalsecretoutputsList(): string[];
}

interface PatchableMonitor {
  registerResource(request: RegisterRequest, callback: unknown): unknown;
}

let resourceType = "";
let resourceInputs: Record<string, unknown> = {};
let additionalSecretOutputs: string[] = [];
let providerText = "";
let savedApiKey: string | undefined;

beforeAll(async () => {
  savedApiKey = process.env.CASEDEV_API_KEY;
  process.env.CASEDEV_API_KEY = apiKey;

  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resourceType = args.type;
        resourceInputs = args.inputs;
        return { id: "proj_1", state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "serialization",
    "test",
    false,
  );

  // MockResourceArgs carries no resource options, so the request that reaches
  // the mock monitor is read directly for additionalSecretOutputs.
  const monitor = pulumi.runtime.getMonitor() as unknown as PatchableMonitor;
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    additionalSecretOutputs = request.getAdditionalsecretoutputsList();
    return registerResource(request, callback);
  };

  const resource = new CaseDevDatabaseProject("x", { name: "a" });
  await new Promise<void>((resolve) => resource.urn.apply(() => resolve()));

  providerText = String(resourceInputs.__provider);
});

afterAll(() => {
  if (savedApiKey === undefined) {
    delete process.env.CASEDEV_API_KEY;
  } else {
    process.env.CASEDEV_API_KEY = savedApiKey;
  }
});

/** Evaluates the serialized text as a CommonJS module and returns the provider that its handler returns. */
function loadProvider(text: string): pulumi.dynamic.ResourceProvider {
  const module = { exports: {} as { handler?: () => pulumi.dynamic.ResourceProvider } };

  // Jest's moduleNameMapper resolves the entry point to the TypeScript sources.
  new Function("exports", "require", "module", text)(module.exports, require, module);

  if (module.exports.handler === undefined) {
    throw new Error("the serialized text sets no exports.handler");
  }
  return module.exports.handler();
}

describe("CaseDevDatabaseProject serialization", () => {
  test("sends __provider as a string", () => {
    expect(typeof resourceInputs.__provider).toBe("string");
  });

  test("uses the dynamic type token", () => {
    expect(resourceType).toBe("pulumi-nodejs:dynamic/casedev:DatabaseProject");
  });

  test("marks connection URIs secret", () => {
    expect([...additionalSecretOutputs].sort()).toEqual(["connectionUri", "pooledConnectionUri"]);
  });

  test("passes name input", () => {
    expect(resourceInputs.name).toBe("a");
  });

  test("stays under 2048 bytes", () => {
    expect(Buffer.byteLength(providerText, "utf8")).toBeLessThan(2048);
  });

  test("requires the package entry point", () => {
    expect(providerText).toContain(`require("${entryPoint}")`);
  });

  test("requires no other module", () => {
    const required = new Set([...providerText.matchAll(/require\(([^)]*)\)/g)].map((match) => match[1]));

    expect([...required]).toEqual([`"${entryPoint}"`]);
  });

  test.each(["/work/", "/root/", "/tmp/", "/home/"])("contains no path under %s", (prefix) => {
    expect(providerText).not.toContain(prefix);
  });

  test("contains no repository path", () => {
    expect(providerText).not.toContain(process.cwd());
  });

  test("contains no API key", () => {
    expect(providerText).not.toContain(apiKey);
  });

  test("contains no key prefix", () => {
    expect(providerText).not.toContain("sk_case_");
  });

  describe("loaded provider", () => {
    test("defines every lifecycle method", () => {
      const provider = loadProvider(providerText);
      const methods = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

      expect(methods.filter((method) => typeof provider[method] !== "function")).toEqual([]);
    });

    test("forwards check to the entry point", async () => {
      const provider = loadProvider(providerText);
      const result = await provider.check!({}, { name: "a", __provider: providerText });

      expect(result).toEqual({ inputs: { name: "a", region: "aws-us-east-1" }, failures: [] });
    });

    test("forwards diff to the entry point", async () => {
      const provider = loadProvider(providerText);
      const olds = { name: "a", region: "aws-us-east-1" };
      const result = await provider.diff!("proj_1", olds, { ...olds, region: "aws-eu-west-1", __provider: providerText });

      expect(result).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
    });
  });
});

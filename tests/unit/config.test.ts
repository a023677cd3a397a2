import { configureFromStack, defaultBaseUrl, resetStackConfig, resolveSettings, type StackConfig } from "../../provider/config";
import { CaseDevConfigError } from "../../provider/errors";

const envKey = "sk_case_env_0123456789";
const stackKey = "sk_case_stack_9876543210";

function stackConfig(values: Record<string, string>): StackConfig {
  return { get: (key) => values[key] };
}

/** Runs `resolveSettings` and returns the error it throws, failing the test when it returns. */
function resolveError(env: NodeJS.ProcessEnv): Error {
  try {
    resolveSettings(env);
  } catch (error) {
    return error as Error;
  }
  throw new Error("resolveSettings returned settings instead of throwing");
}

afterEach(() => {
  resetStackConfig();
});

describe("resolveSettings", () => {
  describe("API key", () => {
    const missingKeyMessage =
      "No case.dev API key is configured. Set it with `pulumi config set --secret casedev:apiKey sk_case_...` " +
      "or export the CASEDEV_API_KEY environment variable.";

    test("throws CaseDevConfigError without a key", () => {
      expect(resolveError({})).toBeInstanceOf(CaseDevConfigError);
    });

    test("formats the missing key message", () => {
      expect(resolveError({}).message).toBe(missingKeyMessage);
    });

    test("names the pulumi config command", () => {
      expect(resolveError({}).message).toContain("pulumi config set --secret casedev:apiKey");
    });

    test("names the environment variable", () => {
      expect(resolveError({}).message).toContain("CASEDEV_API_KEY");
    });

    test("treats a blank key as missing", () => {
      expect(resolveError({ CASEDEV_API_KEY: "   " }).message).toBe(missingKeyMessage);
    });

    test("treats a blank stack key as missing", () => {
      configureFromStack(stackConfig({ "casedev:apiKey": " " }));

      expect(resolveError({}).message).toBe(missingKeyMessage);
    });

    test("reads the key from the environment", () => {
      expect(resolveSettings({ CASEDEV_API_KEY: envKey }).apiKey).toBe(envKey);
    });

    test("trims the key", () => {
      expect(resolveSettings({ CASEDEV_API_KEY: `  ${envKey}\n` }).apiKey).toBe(envKey);
    });

    test("reads the key from stack config", () => {
      configureFromStack(stackConfig({ "casedev:apiKey": stackKey }));

      expect(resolveSettings({}).apiKey).toBe(stackKey);
    });

    test("prefers stack config over the environment", () => {
      configureFromStack(stackConfig({ "casedev:apiKey": stackKey }));

      expect(resolveSettings({ CASEDEV_API_KEY: envKey }).apiKey).toBe(stackKey);
    });

    test("forgets stack config after reset", () => {
      configureFromStack(stackConfig({ "casedev:apiKey": stackKey }));
      resetStackConfig();

      expect(resolveSettings({ CASEDEV_API_KEY: envKey }).apiKey).toBe(envKey);
    });

    test("replaces earlier stack config", () => {
      configureFromStack(stackConfig({ "casedev:apiKey": stackKey }));
      configureFromStack(stackConfig({}));

      expect(resolveSettings({ CASEDEV_API_KEY: envKey }).apiKey).toBe(envKey);
    });
  });

  describe("defaults", () => {
    test("returns every default", () => {
      expect(resolveSettings({ CASEDEV_API_KEY: envKey })).toStrictEqual({
        apiKey: envKey,
        baseUrl: "https://api.case.dev",
        requestTimeoutMs: 30_000,
        maxRetryWaitMs: 120_000,
        maxRetries: 5,
      });
    });

    test("exports the default base URL", () => {
      expect(defaultBaseUrl).toBe("https://api.case.dev");
    });

    test("ignores blank optional settings", () => {
      const env = {
        CASEDEV_API_KEY: envKey,
        CASEDEV_BASE_URL: " ",
        CASEDEV_REQUEST_TIMEOUT_SECONDS: "",
        CASEDEV_MAX_RETRY_WAIT_SECONDS: " ",
        CASEDEV_MAX_RETRIES: "",
      };

      expect(resolveSettings(env)).toStrictEqual(resolveSettings({ CASEDEV_API_KEY: envKey }));
    });
  });

  describe("base URL", () => {
    test.each([
      ["http://127.0.0.1:4010/", "http://127.0.0.1:4010"],
      ["https://api.case.dev///", "https://api.case.dev"],
      ["https://proxy.test/case/", "https://proxy.test/case"],
      ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ])("resolves %s to %s", (value, expected) => {
      expect(resolveSettings({ CASEDEV_API_KEY: envKey, CASEDEV_BASE_URL: value }).baseUrl).toBe(expected);
    });

    test("prefers stack config over the environment", () => {
      configureFromStack(stackConfig({ "casedev:baseUrl": "http://127.0.0.1:5000/" }));

      expect(resolveSettings({ CASEDEV_API_KEY: envKey, CASEDEV_BASE_URL: "http://127.0.0.1:4010" }).baseUrl).toBe("http://127.0.0.1:5000");
    });

    test("rejects a value that is not a URL", () => {
      const error = resolveError({ CASEDEV_API_KEY: envKey, CASEDEV_BASE_URL: "api.case.dev" });

      expect(error).toBeInstanceOf(CaseDevConfigError);
      expect(error.message).toBe(
        'The environment variable CASEDEV_BASE_URL is "api.case.dev", which is not a URL. Use an http or https URL such as https://api.case.dev.',
      );
    });

    test("rejects a non-http scheme", () => {
      expect(resolveError({ CASEDEV_API_KEY: envKey, CASEDEV_BASE_URL: "ftp://api.case.dev" }).message).toBe(
        'The environment variable CASEDEV_BASE_URL is "ftp://api.case.dev", which uses ftp:. Use an http or https URL such as https://api.case.dev.',
      );
    });

    test("names stack config as the source", () => {
      configureFromStack(stackConfig({ "casedev:baseUrl": "file:///etc/passwd" }));

      expect(resolveError({ CASEDEV_API_KEY: envKey }).message).toBe(
        'The stack config "casedev:baseUrl" is "file:///etc/passwd", which uses file:. Use an http or https URL such as https://api.case.dev.',
      );
    });
  });

  describe("numeric settings", () => {
    test("reads fractional seconds", () => {
      const settings = resolveSettings({ CASEDEV_API_KEY: envKey, CASEDEV_REQUEST_TIMEOUT_SECONDS: "2.5", CASEDEV_MAX_RETRY_WAIT_SECONDS: "10" });

      expect(settings.requestTimeoutMs).toBe(2500);
      expect(settings.maxRetryWaitMs).toBe(10_000);
    });

    test("accepts zero retries", () => {
      expect(resolveSettings({ CASEDEV_API_KEY: envKey, CASEDEV_MAX_RETRIES: "0" }).maxRetries).toBe(0);
    });

    test("reads numbers from stack config", () => {
      configureFromStack(
        stackConfig({ "casedev:requestTimeoutSeconds": "7", "casedev:maxRetryWaitSeconds": "8", "casedev:maxRetries": "9" }),
      );
      const settings = resolveSettings({ CASEDEV_API_KEY: envKey, CASEDEV_MAX_RETRIES: "1" });

      expect(settings.requestTimeoutMs).toBe(7000);
      expect(settings.maxRetryWaitMs).toBe(8000);
      expect(settings.maxRetries).toBe(9);
    });

    test.each([
      ["CASEDEV_REQUEST_TIMEOUT_SECONDS", "0"],
      ["CASEDEV_REQUEST_TIMEOUT_SECONDS", "-5"],
      ["CASEDEV_REQUEST_TIMEOUT_SECONDS", "thirty"],
      ["CASEDEV_REQUEST_TIMEOUT_SECONDS", "Infinity"],
      ["CASEDEV_MAX_RETRY_WAIT_SECONDS", "0"],
      ["CASEDEV_MAX_RETRY_WAIT_SECONDS", "2m"],
    ])("rejects %s=%s", (variable, value) => {
      expect(resolveError({ CASEDEV_API_KEY: envKey, [variable]: value }).message).toBe(
        `The environment variable ${variable} is "${value}". Use a positive number of seconds.`,
      );
    });

    test.each(["1.5", "-1", "many", "Infinity"])("rejects CASEDEV_MAX_RETRIES=%s", (value) => {
      expect(resolveError({ CASEDEV_API_KEY: envKey, CASEDEV_MAX_RETRIES: value }).message).toBe(
        `The environment variable CASEDEV_MAX_RETRIES is "${value}". Use a whole number of 0 or more.`,
      );
    });

    test("names stack config for a bad number", () => {
      configureFromStack(stackConfig({ "casedev:maxRetries": "lots" }));

      expect(resolveError({ CASEDEV_API_KEY: envKey }).message).toBe(
        'The stack config "casedev:maxRetries" is "lots". Use a whole number of 0 or more.',
      );
    });

    test("names stack config for bad seconds", () => {
      configureFromStack(stackConfig({ "casedev:requestTimeoutSeconds": "-1" }));

      expect(resolveError({ CASEDEV_API_KEY: envKey }).message).toBe(
        'The stack config "casedev:requestTimeoutSeconds" is "-1". Use a positive number of seconds.',
      );
    });
  });

  describe("secrecy", () => {
    const badSettings: [string, Record<string, string>][] = [
      ["not a URL", { CASEDEV_BASE_URL: "nope" }],
      ["non-http scheme", { CASEDEV_BASE_URL: "ws://127.0.0.1:4010" }],
      ["bad timeout", { CASEDEV_REQUEST_TIMEOUT_SECONDS: "0" }],
      ["bad retry wait", { CASEDEV_MAX_RETRY_WAIT_SECONDS: "x" }],
      ["bad retry count", { CASEDEV_MAX_RETRIES: "-2" }],
    ];

    test.each(badSettings)("omits environment key for %s", (_label, env) => {
      expect(resolveError({ CASEDEV_API_KEY: envKey, ...env }).message).not.toContain(envKey);
    });

    test.each(badSettings)("omits stack key for %s", (_label, env) => {
      configureFromStack(stackConfig({ "casedev:apiKey": stackKey }));

      expect(resolveError({ CASEDEV_API_KEY: envKey, ...env }).message).not.toContain(stackKey);
    });
  });
});

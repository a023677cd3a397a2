import { CaseDevConfigError } from "./errors";

/**
 * Resolves the provider's settings. This is the only module that reads stack
 * config or environment variables. It reads them when an operation runs, never
 * when the module loads, because a value read at load time would be captured in
 * the serialized provider that Pulumi stores in the stack state.
 */

/** The settings every API call needs. */
export interface ProviderSettings {
  /** The case.dev API key (`sk_case_…`). Never logged, never stored in state. */
  apiKey: string;
  /** The API's base URL without a trailing slash. @default "https://api.case.dev" */
  baseUrl: string;
  /** How long one HTTP request may take before it is abandoned, in milliseconds. @default 30000 */
  requestTimeoutMs: number;
  /** How long all retries of one call may wait in total, in milliseconds. @default 120000 */
  maxRetryWaitMs: number;
  /** How many times a read or delete is retried after a transient failure. @default 5 */
  maxRetries: number;
}

/** The public case.dev API. */
export const defaultBaseUrl = "https://api.case.dev";

const defaultRequestTimeoutSeconds = 30;
const defaultMaxRetryWaitSeconds = 120;
const defaultMaxRetries = 5;

/** A stack-config key, the environment variable that can stand in for it, and its meaning. */
interface SettingSource {
  configKey: string;
  envVar: string;
}

const sources = {
  apiKey: { configKey: "casedev:apiKey", envVar: "CASEDEV_API_KEY" },
  baseUrl: { configKey: "casedev:baseUrl", envVar: "CASEDEV_BASE_URL" },
  requestTimeoutSeconds: { configKey: "casedev:requestTimeoutSeconds", envVar: "CASEDEV_REQUEST_TIMEOUT_SECONDS" },
  maxRetryWaitSeconds: { configKey: "casedev:maxRetryWaitSeconds", envVar: "CASEDEV_MAX_RETRY_WAIT_SECONDS" },
  maxRetries: { configKey: "casedev:maxRetries", envVar: "CASEDEV_MAX_RETRIES" },
} satisfies Record<string, SettingSource>;

type SettingName = keyof typeof sources;

/** The subset of Pulumi's dynamic-provider config that this module uses. */
export interface StackConfig {
  get(key: string): string | undefined;
}

/**
 * Values taken from the stack config when Pulumi configured the provider
 * process. Stack config wins over environment variables.
 */
let stackValues: Partial<Record<SettingName, string>> = {};

/** Records the stack config; Pulumi calls this once per provider process. */
export function configureFromStack(config: StackConfig): void {
  const values: Partial<Record<SettingName, string>> = {};

  for (const [name, source] of Object.entries(sources) as [SettingName, SettingSource][]) {
    const value = trimToUndefined(config.get(source.configKey));

    if (value !== undefined) {
      values[name] = value;
    }
  }

  stackValues = values;
}

/** Forgets the stack config; for tests. */
export function resetStackConfig(): void {
  stackValues = {};
}

/** Returns the effective settings, or throws {@link CaseDevConfigError} naming what to set. */
export function resolveSettings(env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const apiKey = lookup("apiKey", env);

  if (apiKey === undefined) {
    throw new CaseDevConfigError(
      'No case.dev API key is configured. Set it with `pulumi config set --secret casedev:apiKey sk_case_...` or export the CASEDEV_API_KEY environment variable.',
    );
  }

  return {
    apiKey,
    baseUrl: parseBaseUrl(lookup("baseUrl", env)),
    requestTimeoutMs: parseSeconds("requestTimeoutSeconds", env, defaultRequestTimeoutSeconds) * 1000,
    maxRetryWaitMs: parseSeconds("maxRetryWaitSeconds", env, defaultMaxRetryWaitSeconds) * 1000,
    maxRetries: parseCount("maxRetries", env, defaultMaxRetries),
  };
}

function lookup(name: SettingName, env: NodeJS.ProcessEnv): string | undefined {
  return stackValues[name] ?? trimToUndefined(env[sources[name].envVar]);
}

function trimToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function describeSource(name: SettingName): string {
  const source = sources[name];
  return stackValues[name] !== undefined ? `stack config "${source.configKey}"` : `environment variable ${source.envVar}`;
}

function parseBaseUrl(value: string | undefined): string {
  if (value === undefined) {
    return defaultBaseUrl;
  }

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CaseDevConfigError(`The ${describeSource("baseUrl")} is "${value}", which is not a URL. Use an http or https URL such as ${defaultBaseUrl}.`);
  }

  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new CaseDevConfigError(`The ${describeSource("baseUrl")} is "${value}", which uses ${url.protocol}. Use an http or https URL such as ${defaultBaseUrl}.`);
  }

  return value.replace(/\/+$/, "");
}

function parseSeconds(name: SettingName, env: NodeJS.ProcessEnv, fallback: number): number {
  const value = lookup(name, env);

  if (value === undefined) {
    return fallback;
  }

  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CaseDevConfigError(`The ${describeSource(name)} is "${value}". Use a positive number of seconds.`);
  }

  return seconds;
}

function parseCount(name: SettingName, env: NodeJS.ProcessEnv, fallback: number): number {
  const value = lookup(name, env);

  if (value === undefined) {
    return fallback;
  }

  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) {
    throw new CaseDevConfigError(`The ${describeSource(name)} is "${value}". Use a whole number of 0 or more.`);
  }

  return count;
}

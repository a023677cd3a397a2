import type { Emulator } from "../../emulator";

/** API key accepted by an emulator started without an `apiKeys` list. */
export const testKey = "sk_case_test_5f2c9e1a";

/** Response of {@link callApi}: status, headers and the body parsed as JSON when possible. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // Tests index into bodies freely, so the parsed body is loosely typed.
  json: any;
}

/** Options of {@link callApi}. */
export interface CallOptions {
  /** JSON body, serialized with JSON.stringify. */
  body?: unknown;
  /** Body sent as is, for malformed-JSON cases. */
  rawBody?: string;
  /** API key. `null` sends no Authorization header. @default testKey */
  key?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends one request to an emulator with the global fetch and reads the whole body. */
export async function callApi(emulator: Emulator, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  const key = options.key === undefined ? testKey : options.key;
  if (key !== null) {
    headers.authorization = `Bearer ${key}`;
  }

  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }

  const response = await fetch(`${emulator.url}${path}`, { method, headers, body, signal: options.signal });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Creates a project through the API and returns the create response body. */
export async function createProjectViaApi(emulator: Emulator, body: Record<string, unknown>): Promise<ApiResponse["json"]> {
  const response = await callApi(emulator, "POST", "/database/v1/projects", { body });
  if (response.status !== 201) {
    throw new Error(`Creating project failed with ${response.status}: ${response.text}`);
  }
  return response.json;
}

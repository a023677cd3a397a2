import { resetStackConfig } from "../../provider/config";

/**
 * Points the provider at an emulator through the environment variables it
 * reads, for tests that call the lifecycle functions directly, and returns a
 * function that restores the previous environment.
 */
export function useEmulatorEnvironment(baseUrl: string, apiKey: string, extra: Record<string, string> = {}): () => void {
  const names = ["CASEDEV_API_KEY", "CASEDEV_BASE_URL", ...Object.keys(extra)];
  const saved = new Map(names.map((name) => [name, process.env[name]]));

  resetStackConfig();
  process.env.CASEDEV_API_KEY = apiKey;
  process.env.CASEDEV_BASE_URL = baseUrl;
  for (const [name, value] of Object.entries(extra)) {
    process.env[name] = value;
  }

  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  };
}

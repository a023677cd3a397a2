import { createEmulator, type Emulator, type EmulatorOptions } from "../../emulator";

/** A key the emulator accepts; a throwaway value, never a real credential. */
export const testApiKey = "sk_case_test_0123456789abcdef";

/** Starts an emulator on an ephemeral loopback port that accepts only {@link testApiKey}. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({ port: 0, apiKeys: [testApiKey], ...options });
}

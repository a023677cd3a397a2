import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";

import { ApiError, invalidRequest } from "./errors";

/** Maximum request body size the emulator reads, in bytes. */
export const maxBodyBytes = 1024 * 1024;

/** Reads the request body as UTF-8 text. Throws a 413 {@link ApiError} above {@link maxBodyBytes}. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) {
      throw new ApiError(413, `Request body is larger than ${maxBodyBytes} bytes.`, "payload_too_large");
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a request body as JSON, throwing a 400 {@link ApiError} when it is empty or invalid. */
export function parseJsonBody(text: string): unknown {
  if (text.trim().length === 0) {
    throw invalidRequest("Missing request body: send a JSON object with Content-Type: application/json.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidRequest(`Invalid request body: not valid JSON (${(error as Error).message}).`);
  }
}

/** Sends a JSON body with the given status and headers, unless the socket is already gone. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(response, status, JSON.stringify(body), headers);
}

/** Sends a body that is already serialized, labelled as JSON even when it is not valid JSON. */
export function sendRaw(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.destroyed || response.writableEnded) {
    return;
  }
  const payload = Buffer.from(text, "utf8");
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(payload.length),
  });
  response.end(payload);
}

/** Returns true for a loopback IP literal (127.0.0.0/8, ::1, or IPv4-mapped 127.x) or `localhost`. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) {
    return false;
  }
  if (address === "localhost" || address === "::1") {
    return true;
  }
  const ipv4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return isIP(ipv4) === 4 && ipv4.startsWith("127.");
}

/**
 * Extracts the API key from an `Authorization` header. Returns the bare value when the
 * `Bearer` scheme is missing, so the caller can still keep it out of logs.
 */
export function readBearerToken(header: string | undefined): { token?: string; isBearer: boolean } {
  if (header === undefined || header.trim().length === 0) {
    return { isBearer: false };
  }
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (match === null) {
    return { token: header.trim(), isBearer: false };
  }
  return { token: match[1].trim(), isBearer: true };
}

/** Returns a deep copy of a JSON value with every occurrence of `secret` in strings replaced. */
export function redactSecret<T>(value: T, secret: string | undefined): T {
  // Values under 4 characters are not redacted, because replacing them everywhere would mangle
  // paths and bodies. Such short values are never accepted as keys.
  if (secret === undefined || secret.length < 4) {
    return value;
  }
  const redact = (item: unknown): unknown => {
    if (typeof item === "string") {
      return item.split(secret).join("[REDACTED]");
    }
    if (Array.isArray(item)) {
      return item.map(redact);
    }
    if (typeof item === "object" && item !== null) {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [redact(key), redact(entry)]));
    }
    return item;
  };
  return redact(value) as T;
}

import { randomInt } from "node:crypto";

const lowercaseAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789";
const mixedAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Word lists in the style of Neon endpoint names such as "ep-quiet-meadow-123456".
const adjectives = [
  "quiet", "bold", "calm", "cool", "damp", "dry", "late", "lively", "long", "lucky",
  "misty", "muddy", "odd", "old", "plain", "proud", "red", "rough", "round", "shiny",
  "silent", "small", "snowy", "soft", "still", "sweet", "tiny", "twilight", "wandering", "young",
];
const nouns = [
  "meadow", "bar", "bird", "block", "breeze", "brook", "bush", "cake", "cell", "cherry",
  "cloud", "credit", "darkness", "dawn", "dew", "disk", "dream", "field", "fire", "flower",
  "forest", "frog", "glade", "grass", "haze", "hill", "lake", "leaf", "moon", "morning",
  "mountain", "night", "paper", "pond", "rain", "river", "sea", "shadow", "sky", "snow",
  "sound", "star", "sun", "surf", "thunder", "tree", "union", "voice", "water", "wave",
];

/** Returns `length` characters drawn uniformly from `alphabet` with a cryptographic RNG. */
export function randomString(alphabet: string, length: number): string {
  let result = "";
  for (let i = 0; i < length; i += 1) {
    result += alphabet[randomInt(alphabet.length)];
  }
  return result;
}

/** Creates a project id such as `proj_k3v9x0q2m7ab`. */
export function newProjectId(): string {
  return `proj_${randomString(lowercaseAlphanumeric, 12)}`;
}

/** Creates a branch id such as `branch_0f8c2kq91zd4`. */
export function newBranchId(): string {
  return `branch_${randomString(lowercaseAlphanumeric, 12)}`;
}

/** Creates a database id such as `db_p2x7m1c0r9ke`. */
export function newDatabaseId(): string {
  return `db_${randomString(lowercaseAlphanumeric, 12)}`;
}

/** Creates a request id such as `req_9c1m0x7q2b8z4k5d`, sent in the `x-request-id` header. */
export function newRequestId(): string {
  return `req_${randomString(lowercaseAlphanumeric, 16)}`;
}

/** Creates a role password in the style of Neon's generated passwords (`npg_` and 12 characters). */
export function newPassword(): string {
  return `npg_${randomString(mixedAlphanumeric, 12)}`;
}

/**
 * Creates a Neon-like compute endpoint host for a region, for example
 * `ep-quiet-meadow-123456.us-east-1.aws.neon.tech` for `aws-us-east-1`.
 */
export function newEndpointHost(region: string): string {
  const adjective = adjectives[randomInt(adjectives.length)];
  const noun = nouns[randomInt(nouns.length)];
  const digits = String(randomInt(1_000_000)).padStart(6, "0");
  const regionName = region.startsWith("aws-") ? region.slice("aws-".length) : region;
  return `ep-${adjective}-${noun}-${digits}.${regionName}.aws.neon.tech`;
}

/**
 * Returns the PgBouncer host for a direct endpoint host by appending `-pooler` to the
 * endpoint id, which is Neon's convention: `ep-x-y-123456-pooler.us-east-1.aws.neon.tech`.
 */
export function toPooledHost(host: string): string {
  const firstDot = host.indexOf(".");
  if (firstDot === -1) {
    return `${host}-pooler`;
  }
  return `${host.slice(0, firstDot)}-pooler${host.slice(firstDot)}`;
}

/** Builds the Postgres URI the connection endpoint returns, with the password URL-encoded. */
export function buildConnectionUri(role: string, password: string, host: string, database: string): string {
  const user = encodeURIComponent(role);
  const secret = encodeURIComponent(password);
  return `postgresql://${user}:${secret}@${host}/${encodeURIComponent(database)}?sslmode=require`;
}

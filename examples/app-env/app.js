// A stand-in for an application: it reads DATABASE_URL and DIRECT_URL from
// its environment, as a real app would, and prints what it would connect to.
// It prints a SHA-256 fingerprint of each URI instead of the URI, so the
// password never reaches the terminal.
const { createHash } = require("node:crypto");

function describe(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set. Start the app with: ${name}="$(pulumi stack output ${name} --show-secrets)" node app.js`);
    process.exit(1);
  }

  const url = new URL(value);
  const fingerprint = createHash("sha256").update(value).digest("hex").slice(0, 16);
  return { host: url.hostname, database: url.pathname.slice(1), user: decodeURIComponent(url.username), fingerprint };
}

const pooled = describe("DATABASE_URL");
const direct = describe("DIRECT_URL");

console.log(JSON.stringify({ pooled, direct }));

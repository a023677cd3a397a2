import * as pulumi from "@pulumi/pulumi";
import { CaseDevDatabaseProject } from "pulumi-casedev-database";

// The root demo program: `npm run demo` deploys it against the local emulator.
const config = new pulumi.Config();

const db = new CaseDevDatabaseProject("cases-db", {
  name: config.get("projectName") ?? "cases-db",
  description: "Case files for the intake portal",
  region: config.get("region") ?? "aws-us-east-1",
});

// Secrets, masked in `pulumi stack output` unless --show-secrets is given.
const env = db.toEnv();

export const projectId = db.projectId;
export const status = db.status;
export const region = db.region;
export const defaultBranch = db.defaultBranch;
export const connectionHostname = db.connectionHostname;
export const databaseUrl = env.DATABASE_URL;
export const directUrl = env.DIRECT_URL;

import * as pulumi from "@pulumi/pulumi";
import { CaseDevDatabaseProject } from "pulumi-casedev-database";

const config = new pulumi.Config();

const db = new CaseDevDatabaseProject("intake-db", {
  name: config.get("projectName") ?? "intake-portal",
  description: "Intake portal database",
  region: config.get("region") ?? "aws-us-east-1",
});

// Every value below is a secret: `pulumi stack output` masks it unless
// --show-secrets is given, and the stack state stores it only encrypted.
const env = db.toEnv();

export const DATABASE_URL = env.DATABASE_URL;
export const DIRECT_URL = env.DIRECT_URL;
export const PGHOST = env.PGHOST;
export const PGDATABASE = env.PGDATABASE;
export const PGUSER = env.PGUSER;
export const connectionHostname = db.connectionHostname;

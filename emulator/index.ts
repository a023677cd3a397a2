// Public surface of the local case.dev Database API emulator. The HTTP plumbing, the response
// builders and the fault application are intentionally not exported.

export { createEmulator } from "./server";
export type { Emulator, EmulatorOptions, RecordedRequest } from "./server";

export { EmulatorStore } from "./store";
export type {
  BranchRecord,
  ConnectionInfo,
  DatabaseRecord,
  LinkedDeploymentRecord,
  ProjectPatch,
  ProjectRecord,
  StoreSnapshot,
} from "./store";
export type { CreateBranchInput, CreateProjectInput, ProjectStatus } from "./validation";
export { regions } from "./validation";

export { FaultController, checkFaultRule, faultKinds } from "./faults";
export type { FaultKind, FaultRule } from "./faults";
export { routeNames } from "./routes";
export type { RouteName } from "./routes";

export type { ErrorBody } from "./errors";

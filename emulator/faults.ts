import { describeValue, invalidRequest } from "./errors";
import { routeNames, type RouteName } from "./routes";

/** Kinds of failure the emulator can inject. */
export const faultKinds = [
  "status",
  "rate-limit",
  "reset",
  "latency",
  "hang",
  "malformed-json",
  "missing-optional-fields",
  "extra-fields",
] as const;
export type FaultKind = (typeof faultKinds)[number];

/**
 * One injected failure. A rule matches calls to its route, lets the first `skip` of them
 * pass, then applies to the next `times` calls and is used up.
 */
export interface FaultRule {
  /** Route the rule applies to. Every route when omitted. */
  route?: RouteName;
  /** How many matching calls the rule applies to before it is used up. @default unlimited */
  times?: number;
  /** How many matching calls pass untouched before the rule applies. @default 0 */
  skip?: number;
  /**
   * Failure to inject. `status` sends an error response, `rate-limit` a 429 with `Retry-After`,
   * and `reset` destroys the socket. `latency` delays the normal response, and `hang` never
   * responds. `malformed-json` sends 200 with a truncated body. `missing-optional-fields` drops
   * every field the SDK types mark optional, and `extra-fields` adds unknown fields to every object.
   */
  kind: FaultKind;
  /** HTTP status for `status`, from 400 to 599. @default 500 */
  status?: number;
  /** Value of `Retry-After` for `rate-limit`, in seconds. @default 1 */
  retryAfterSeconds?: number;
  /** Delay before the normal response for `latency`, in milliseconds. Required for that kind. */
  latencyMs?: number;
  /**
   * For `status`, `reset`, `hang` and `malformed-json`: when true, the real operation runs first
   * (a create really creates), and only the response fails. @default false
   */
  afterEffect?: boolean;
}

interface RuleState {
  rule: FaultRule;
  /** Matching calls seen so far, including skipped ones. */
  seen: number;
  /** Matching calls the rule has been applied to. */
  applied: number;
}

const ruleFields = new Set(["route", "times", "skip", "kind", "status", "retryAfterSeconds", "latencyMs", "afterEffect"]);
const fieldsByKind: Partial<Record<string, FaultKind[]>> = {
  status: ["status"],
  retryAfterSeconds: ["rate-limit"],
  latencyMs: ["latency"],
  afterEffect: ["status", "reset", "hang", "malformed-json"],
};

/** Active fault rules, in the order they were added. */
export class FaultController {
  private states: RuleState[] = [];

  /** Adds a rule after validating it. Throws a 400 {@link ApiError} that names the invalid field. */
  add(rule: FaultRule): void {
    this.states.push({ rule: checkFaultRule(rule), seen: 0, applied: 0 });
  }

  /** Removes every rule. */
  clear(): void {
    this.states = [];
  }

  /** Lists copies of the rules that are not used up yet. */
  list(): FaultRule[] {
    return this.states.map((state) => ({ ...state.rule }));
  }

  /**
   * Counts one call of `route` against every matching rule, and returns the rule that applies
   * to it: the earliest-added rule past its `skip` count. That rule uses up one of its `times`.
   */
  take(route: RouteName): FaultRule | undefined {
    let chosen: RuleState | undefined;
    for (const state of this.states) {
      if (state.rule.route !== undefined && state.rule.route !== route) {
        continue;
      }
      state.seen += 1;
      if (chosen === undefined && state.seen > (state.rule.skip ?? 0)) {
        chosen = state;
      }
    }
    if (chosen === undefined) {
      return undefined;
    }

    chosen.applied += 1;
    if (chosen.rule.times !== undefined && chosen.applied >= chosen.rule.times) {
      this.states = this.states.filter((state) => state !== chosen);
    }
    return { ...chosen.rule };
  }
}

/** Validates a fault rule and returns a normalized copy. Unknown fields are rejected, so typos surface. */
export function checkFaultRule(value: unknown): FaultRule {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidRequest(`Invalid fault rule: expected a JSON object, received ${describeValue(value)}.`);
  }
  const object = value as Record<string, unknown>;

  const unknownField = Object.keys(object).find((key) => !ruleFields.has(key));
  if (unknownField !== undefined) {
    throw invalidRequest(`Invalid fault rule: unknown field "${unknownField}", expected one of ${[...ruleFields].join(", ")}.`);
  }
  if (typeof object.kind !== "string" || !(faultKinds as readonly string[]).includes(object.kind)) {
    throw invalidRequest(`Invalid fault rule "kind": received ${describeValue(object.kind)}, expected one of ${faultKinds.join(", ")}.`);
  }
  const kind = object.kind as FaultKind;
  for (const [field, kinds] of Object.entries(fieldsByKind)) {
    if (object[field] !== undefined && !kinds?.includes(kind)) {
      throw invalidRequest(`Invalid fault rule: "${field}" applies only to kind ${kinds?.join(", ")}, not to "${kind}".`);
    }
  }

  const rule: FaultRule = { kind };
  if (object.route !== undefined) {
    if (typeof object.route !== "string" || !(routeNames as readonly string[]).includes(object.route)) {
      throw invalidRequest(`Invalid fault rule "route": received ${describeValue(object.route)}, expected one of ${routeNames.join(", ")}.`);
    }
    rule.route = object.route as RouteName;
  }
  if (object.times !== undefined) {
    rule.times = checkInteger(object.times, "times", 1, Number.MAX_SAFE_INTEGER);
  }
  if (object.skip !== undefined) {
    rule.skip = checkInteger(object.skip, "skip", 0, Number.MAX_SAFE_INTEGER);
  }
  if (kind === "status") {
    rule.status = object.status === undefined ? 500 : checkInteger(object.status, "status", 400, 599);
  }
  if (kind === "rate-limit") {
    rule.retryAfterSeconds = object.retryAfterSeconds === undefined ? 1 : checkInteger(object.retryAfterSeconds, "retryAfterSeconds", 0, 86_400);
  }
  if (kind === "latency") {
    if (object.latencyMs === undefined) {
      throw invalidRequest(`Invalid fault rule: kind "latency" requires "latencyMs" (milliseconds).`);
    }
    rule.latencyMs = checkInteger(object.latencyMs, "latencyMs", 0, 600_000);
  }
  if (object.afterEffect !== undefined) {
    if (typeof object.afterEffect !== "boolean") {
      throw invalidRequest(`Invalid fault rule "afterEffect": expected a boolean, received ${describeValue(object.afterEffect)}.`);
    }
    rule.afterEffect = object.afterEffect;
  }
  return rule;
}

function checkInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalidRequest(`Invalid fault rule "${field}": received ${describeValue(value)}, expected an integer from ${min} to ${max}.`);
  }
  return value;
}

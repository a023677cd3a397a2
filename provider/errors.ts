/**
 * Errors thrown by the provider. Every class sets `name` to its own class name,
 * so code that receives an error from another copy of this package (where
 * `instanceof` fails) can still tell them apart by name.
 */

/** The root of every error this package throws. */
export class CaseDevError extends Error {
  override readonly name: string = "CaseDevError";
}

/** Settings are missing or invalid: the API key, the base URL or a numeric option. */
export class CaseDevConfigError extends CaseDevError {
  override readonly name: string = "CaseDevConfigError";
}

/** Describes one provider operation for error messages. */
export interface OperationContext {
  /** The action in the -ing form, for example "creating" or "deleting". */
  action: string;
  /** The project's name, when known. */
  resourceName?: string;
  /** The project's id, when known. */
  resourceId?: string;
}

/** Formats "creating case.dev database project "cases" (proj_123)". */
export function describeOperation(context: OperationContext): string {
  let text = `${context.action} case.dev database project`;

  if (context.resourceName) {
    text += ` "${context.resourceName}"`;
  }

  if (context.resourceId) {
    text += ` (${context.resourceId})`;
  }

  return text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Formats an operation for the start of a sentence: "Creating case.dev database project …". */
export function capitalizeOperation(context: OperationContext): string {
  return capitalize(describeOperation(context));
}

/** Details of a failed HTTP exchange with the case.dev API. */
export interface ApiErrorDetails {
  context: OperationContext;
  /** The HTTP method, for example "POST". */
  method: string;
  /** The request path without the base URL or query, for example "/database/v1/projects". */
  path: string;
  /** The base URL the request went to. */
  baseUrl: string;
  status: number;
  statusText: string;
  /** The API's own error message, from `error.message` or `message` in the body. */
  apiMessage?: string;
  /** The API's error code, for example "rate_limit_exceeded". */
  apiCode?: string;
  /** The `x-request-id` response header, when the API sent one. */
  requestId?: string;
  /** How many times the request was sent in all. */
  attempts: number;
}

/** The case.dev API returned an HTTP error status. */
export class CaseDevApiError extends CaseDevError {
  override readonly name: string = "CaseDevApiError";

  /** The HTTP status code. */
  readonly status: number;

  /** The API's own error message, when the body carried one. */
  readonly apiMessage: string | undefined;

  /** The API's error code, when the body carried one. */
  readonly apiCode: string | undefined;

  /** The `x-request-id` header of the response, when present. */
  readonly requestId: string | undefined;

  /** The request that failed, without credentials. */
  readonly request: { method: string; path: string; baseUrl: string; attempts: number };

  constructor(details: ApiErrorDetails, message?: string) {
    super(message ?? formatApiErrorMessage(details));
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.apiCode = details.apiCode;
    this.requestId = details.requestId;
    this.request = { method: details.method, path: details.path, baseUrl: details.baseUrl, attempts: details.attempts };
  }
}

function formatApiErrorMessage(details: ApiErrorDetails): string {
  let text = `${capitalize(describeOperation(details.context))} failed: ${details.method} ${details.path} returned HTTP ${details.status}`;

  if (details.statusText) {
    text += ` ${details.statusText}`;
  }

  if (details.apiMessage) {
    // The API's sentence ends here, before the request id, so its full stop goes.
    text += `: ${details.apiMessage.trim().replace(/\.$/, "")}`;
  }

  if (details.requestId) {
    text += ` (request id ${details.requestId})`;
  }

  if (details.attempts > 1) {
    text += ` after ${details.attempts} attempts`;
  }

  return text;
}

/** HTTP 400: the API rejected the request body or parameters. */
export class BadRequestError extends CaseDevApiError {
  override readonly name: string = "BadRequestError";
}

/** HTTP 401: the API key was missing or refused. */
export class AuthenticationError extends CaseDevApiError {
  override readonly name: string = "AuthenticationError";

  constructor(details: ApiErrorDetails) {
    super(details, formatKeyRefusedMessage(details));
  }
}

/** HTTP 403: the API key is valid but may not perform this action. */
export class PermissionDeniedError extends CaseDevApiError {
  override readonly name: string = "PermissionDeniedError";

  constructor(details: ApiErrorDetails) {
    super(details, formatKeyRefusedMessage(details));
  }
}

function formatKeyRefusedMessage(details: ApiErrorDetails): string {
  const reason = details.status === 401 ? "refused the API key" : "denied the API key access";
  let text = `${capitalize(describeOperation(details.context))} failed: ${details.baseUrl} ${reason} (HTTP ${details.status}`;

  if (details.apiMessage) {
    text += `: ${details.apiMessage}`;
  }

  text += ").";

  if (details.requestId) {
    text += ` Request id ${details.requestId}.`;
  }

  return `${text} Check the key in the stack config "casedev:apiKey" or the CASEDEV_API_KEY environment variable, and that "casedev:baseUrl" points at the right API.`;
}

/** HTTP 404: the project, branch or route does not exist. */
export class NotFoundError extends CaseDevApiError {
  override readonly name: string = "NotFoundError";
}

/** HTTP 409: the request conflicts with existing state, for example a duplicate name. */
export class ConflictError extends CaseDevApiError {
  override readonly name: string = "ConflictError";
}

/** HTTP 422: the API understood the request but cannot process it. */
export class UnprocessableEntityError extends CaseDevApiError {
  override readonly name: string = "UnprocessableEntityError";
}

/** HTTP 429: the organization's rate limit was reached and retries ran out. */
export class RateLimitError extends CaseDevApiError {
  override readonly name: string = "RateLimitError";
}

/** HTTP 500 or above: the API failed. */
export class InternalServerError extends CaseDevApiError {
  override readonly name: string = "InternalServerError";
}

/** Builds the error class that matches an HTTP status. */
export function apiErrorForStatus(details: ApiErrorDetails): CaseDevApiError {
  switch (details.status) {
    case 400:
      return new BadRequestError(details);
    case 401:
      return new AuthenticationError(details);
    case 403:
      return new PermissionDeniedError(details);
    case 404:
      return new NotFoundError(details);
    case 409:
      return new ConflictError(details);
    case 422:
      return new UnprocessableEntityError(details);
    case 429:
      return new RateLimitError(details);
    default:
      return details.status >= 500 ? new InternalServerError(details) : new CaseDevApiError(details);
  }
}

/** The request never got an HTTP response: the connection failed, was reset or timed out. */
export class CaseDevConnectionError extends CaseDevError {
  override readonly name: string = "CaseDevConnectionError";

  /** True when the request timed out rather than failing outright. */
  readonly timedOut: boolean;

  /** True when the connection was refused, so the API never saw the request. */
  readonly connectionRefused: boolean;

  constructor(message: string, options: { timedOut: boolean; connectionRefused?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.timedOut = options.timedOut;
    this.connectionRefused = options.connectionRefused ?? false;
  }
}

/** The API returned a body that is not JSON or lacks required fields. */
export class UnexpectedResponseError extends CaseDevError {
  override readonly name: string = "UnexpectedResponseError";
}

/**
 * A create failed in a way that may still have created the project, and
 * looking it up by name did not settle whether it exists. The message names
 * the project to check for; `cause` is the create's own error.
 */
export class CreateOutcomeUnknownError extends CaseDevError {
  override readonly name: string = "CreateOutcomeUnknownError";

  /** The name of the project the create asked for. */
  readonly projectName: string;

  /** Ids of live projects with that name that the lookup found, when it found more than one. */
  readonly candidateIds: string[];

  constructor(message: string, options: { projectName: string; candidateIds?: string[]; cause: unknown }) {
    super(message, { cause: options.cause });
    this.projectName = options.projectName;
    this.candidateIds = options.candidateIds ?? [];
  }
}

/**
 * The project was created, but a follow-up request for its details failed.
 * The error carries `id` and `properties`, which Pulumi's dynamic-provider
 * host records as a partially created resource, so the next `pulumi up`
 * finishes it and `pulumi destroy` deletes it.
 */
export class PartialCreateError extends CaseDevError {
  override readonly name: string = "PartialCreateError";

  /** The created project's id; Pulumi stores it as the resource id. */
  readonly id: string;

  /** The outputs to store for the partly created project, including `__provider`. */
  readonly properties: Record<string, unknown>;

  /** The messages that Pulumi shows for the incomplete create. */
  readonly reasons: string[];

  constructor(message: string, options: { id: string; properties: Record<string, unknown>; reasons: string[]; cause: unknown }) {
    super(message, { cause: options.cause });
    this.id = options.id;
    this.properties = options.properties;
    this.reasons = options.reasons;
  }
}

/**
 * Tells whether `error` is a {@link CaseDevApiError} with the given status.
 * Matches by name as well as by class, because the provider process can load
 * a second copy of this package.
 */
export function isApiErrorWithStatus(error: unknown, status: number): error is CaseDevApiError {
  return apiErrorStatus(error) === status;
}

/** Returns the HTTP status of a {@link CaseDevApiError}, matched by shape like {@link isApiErrorWithStatus}, or undefined. */
export function apiErrorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error) || !("apiMessage" in error) || !("request" in error)) {
    return undefined;
  }

  const status = (error as Partial<CaseDevApiError>).status;
  return typeof status === "number" ? status : undefined;
}

/**
 * The error body the emulator sends for every failed request. The shape follows the
 * case.dev rate-limit documentation (`{"error": {"message", "type", "code"}}`), because
 * no Database page documents its own error body.
 */
export interface ErrorBody {
  error: { message: string; type: string; code: string };
}

/** Error `type` values, chosen per HTTP status. */
const typesByStatus: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found",
  405: "invalid_request_error",
  409: "conflict",
  413: "invalid_request_error",
  422: "invalid_request_error",
  429: "rate_limit_error",
};

/** Default error `code` values for statuses that fault rules can produce. */
const codesByStatus: Record<number, string> = {
  400: "invalid_request",
  401: "AUTH_INVALID",
  403: "permission_denied",
  404: "not_found",
  405: "method_not_allowed",
  408: "request_timeout",
  409: "conflict",
  413: "payload_too_large",
  422: "unprocessable_entity",
  429: "rate_limit_exceeded",
  500: "internal_error",
  502: "bad_gateway",
  503: "service_unavailable",
  504: "gateway_timeout",
};

/** Returns the error `type` for an HTTP status: `api_error` for 5xx and unlisted statuses. */
export function errorTypeForStatus(status: number): string {
  return typesByStatus[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** Returns the default error `code` for an HTTP status. */
export function errorCodeForStatus(status: number): string {
  return codesByStatus[status] ?? (status >= 500 ? "internal_error" : "request_failed");
}

/**
 * An error that maps to one HTTP error response. Routes and the store throw it, and the
 * server turns it into a status, an {@link ErrorBody} and any extra headers.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    /** HTTP status code of the response. */
    readonly status: number,
    message: string,
    /** Machine-readable error code placed in `error.code`. */
    readonly code: string = errorCodeForStatus(status),
    /** Extra response headers, such as `x-should-retry` or `retry-after`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** Builds the JSON body sent to the client. */
  toBody(): ErrorBody {
    return { error: { message: this.message, type: errorTypeForStatus(this.status), code: this.code } };
  }
}

/** Creates a 400 error for an invalid request field. */
export function invalidRequest(message: string): ApiError {
  return new ApiError(400, message, "invalid_request");
}

/** Creates a 404 error with a specific code such as `project_not_found`. */
export function notFound(message: string, code = "not_found"): ApiError {
  return new ApiError(404, message, code);
}

/** Describes a JSON value for an error message: its type and, for scalars, the value itself. */
export function describeValue(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (typeof value === "object") {
    return "an object";
  }
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value)}`;
  }
  return `${typeof value} ${String(value)}`;
}

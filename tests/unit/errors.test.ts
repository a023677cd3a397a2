import {
  apiErrorForStatus,
  AuthenticationError,
  BadRequestError,
  capitalizeOperation,
  CaseDevApiError,
  CaseDevConfigError,
  CaseDevConnectionError,
  CaseDevError,
  ConflictError,
  describeOperation,
  InternalServerError,
  isApiErrorWithStatus,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  type ApiErrorDetails,
} from "../../provider/errors";

const baseUrl = "http://127.0.0.1:4010";

function details(status: number, statusText: string, overrides: Partial<ApiErrorDetails> = {}): ApiErrorDetails {
  return {
    context: { action: "creating", resourceName: "cases", resourceId: "proj_1" },
    method: "POST",
    path: "/database/v1/projects",
    baseUrl,
    status,
    statusText,
    apiMessage: "the API message",
    apiCode: "some_code",
    requestId: "req_42",
    attempts: 3,
    ...overrides,
  };
}

type ErrorClass = new (details: ApiErrorDetails) => CaseDevApiError;

const statusClasses: [number, string, ErrorClass, string][] = [
  [400, "Bad Request", BadRequestError, "BadRequestError"],
  [401, "Unauthorized", AuthenticationError, "AuthenticationError"],
  [403, "Forbidden", PermissionDeniedError, "PermissionDeniedError"],
  [404, "Not Found", NotFoundError, "NotFoundError"],
  [409, "Conflict", ConflictError, "ConflictError"],
  [422, "Unprocessable Entity", UnprocessableEntityError, "UnprocessableEntityError"],
  [429, "Too Many Requests", RateLimitError, "RateLimitError"],
  [500, "Internal Server Error", InternalServerError, "InternalServerError"],
  [502, "Bad Gateway", InternalServerError, "InternalServerError"],
  [503, "Service Unavailable", InternalServerError, "InternalServerError"],
  [418, "I'm a teapot", CaseDevApiError, "CaseDevApiError"],
];

/** Statuses whose message uses the general template, not the API-key template. */
const generalStatuses = statusClasses.filter(([status]) => status !== 401 && status !== 403);

describe("apiErrorForStatus", () => {
  describe.each(statusClasses)("HTTP %i", (status, statusText, errorClass, className) => {
    const error = apiErrorForStatus(details(status, statusText));

    test("returns the matching class", () => {
      expect(error).toBeInstanceOf(errorClass);
    });

    test("extends CaseDevApiError", () => {
      expect(error).toBeInstanceOf(CaseDevApiError);
    });

    test("extends CaseDevError", () => {
      expect(error).toBeInstanceOf(CaseDevError);
    });

    test("sets name to the class name", () => {
      expect(error.name).toBe(className);
    });

    test("sets status", () => {
      expect(error.status).toBe(status);
    });

    test("names the class in the stack", () => {
      expect(error.stack?.split("\n")[0]).toBe(`${className}: ${error.message}`);
    });

    test("stores the API fields", () => {
      expect(error.apiMessage).toBe("the API message");
      expect(error.apiCode).toBe("some_code");
      expect(error.requestId).toBe("req_42");
    });

    test("stores the request", () => {
      expect(error.request).toStrictEqual({ method: "POST", path: "/database/v1/projects", baseUrl, attempts: 3 });
    });

    test.each([
      ["action", "Creating"],
      ["resource name", '"cases"'],
      ["resource id", "(proj_1)"],
      ["HTTP status", `HTTP ${status}`],
      ["API message", "the API message"],
      ["request id", "req_42"],
    ])("message contains %s", (_label, text) => {
      expect(error.message).toContain(text);
    });
  });

  describe.each(generalStatuses)("HTTP %i message", (status, statusText) => {
    const error = apiErrorForStatus(details(status, statusText));

    test("contains method and path", () => {
      expect(error.message).toContain("POST /database/v1/projects");
    });

    test("contains status text", () => {
      expect(error.message).toContain(`HTTP ${status} ${statusText}`);
    });

    test("contains attempts", () => {
      expect(error.message).toContain("after 3 attempts");
    });
  });

  test("formats the full general message", () => {
    expect(apiErrorForStatus(details(409, "Conflict")).message).toBe(
      'Creating case.dev database project "cases" (proj_1) failed: POST /database/v1/projects returned HTTP 409 Conflict: the API message (request id req_42) after 3 attempts',
    );
  });

  test("omits attempts for a single attempt", () => {
    expect(apiErrorForStatus(details(409, "Conflict", { attempts: 1 })).message).not.toContain("attempt");
  });

  test("omits absent optional parts", () => {
    const bare = details(404, "", {
      context: { action: "reading" },
      method: "GET",
      path: "/database/v1/projects/proj_9",
      apiMessage: undefined,
      requestId: undefined,
      attempts: 1,
    });

    expect(apiErrorForStatus(bare).message).toBe("Reading case.dev database project failed: GET /database/v1/projects/proj_9 returned HTTP 404");
  });

  describe("API key messages", () => {
    test("formats the full 401 message", () => {
      expect(apiErrorForStatus(details(401, "Unauthorized")).message).toBe(
        `Creating case.dev database project "cases" (proj_1) failed: ${baseUrl} refused the API key (HTTP 401: the API message). ` +
          'Request id req_42. Check the key in the stack config "casedev:apiKey" or the CASEDEV_API_KEY environment variable, ' +
          'and that "casedev:baseUrl" points at the right API.',
      );
    });

    test("formats the full 403 message", () => {
      expect(apiErrorForStatus(details(403, "Forbidden", { apiMessage: undefined, requestId: undefined })).message).toBe(
        `Creating case.dev database project "cases" (proj_1) failed: ${baseUrl} denied the API key access (HTTP 403). ` +
          'Check the key in the stack config "casedev:apiKey" or the CASEDEV_API_KEY environment variable, ' +
          'and that "casedev:baseUrl" points at the right API.',
      );
    });

    test.each([401, 403])("HTTP %i names the config key", (status) => {
      expect(apiErrorForStatus(details(status, "")).message).toContain('"casedev:apiKey"');
    });

    test.each([401, 403])("HTTP %i names the environment variable", (status) => {
      expect(apiErrorForStatus(details(status, "")).message).toContain("CASEDEV_API_KEY");
    });

    test.each([401, 403])("HTTP %i names the base URL", (status) => {
      expect(apiErrorForStatus(details(status, "")).message).toContain(baseUrl);
    });
  });
});

describe("describeOperation", () => {
  test("formats name and id", () => {
    expect(describeOperation({ action: "deleting", resourceName: "cases", resourceId: "proj_1" })).toBe(
      'deleting case.dev database project "cases" (proj_1)',
    );
  });

  test("omits empty name and id", () => {
    expect(describeOperation({ action: "listing", resourceName: "", resourceId: "" })).toBe("listing case.dev database project");
  });

  test("capitalizes the action", () => {
    expect(capitalizeOperation({ action: "reading", resourceId: "proj_1" })).toBe("Reading case.dev database project (proj_1)");
  });
});

describe("other errors", () => {
  test("CaseDevConfigError sets its name", () => {
    expect(new CaseDevConfigError("x").name).toBe("CaseDevConfigError");
  });

  test("UnexpectedResponseError sets its name", () => {
    expect(new UnexpectedResponseError("x").name).toBe("UnexpectedResponseError");
  });

  test("CaseDevConnectionError keeps timedOut and cause", () => {
    const cause = new Error("socket hang up");
    const error = new CaseDevConnectionError("failed", { timedOut: true, cause });

    expect(error.name).toBe("CaseDevConnectionError");
    expect(error.timedOut).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(CaseDevError);
  });
});

describe("isApiErrorWithStatus", () => {
  test("matches the same status", () => {
    expect(isApiErrorWithStatus(apiErrorForStatus(details(404, "Not Found")), 404)).toBe(true);
  });

  test("rejects another status", () => {
    expect(isApiErrorWithStatus(apiErrorForStatus(details(404, "Not Found")), 409)).toBe(false);
  });

  test("matches an error from another package copy", () => {
    const foreign = Object.assign(new Error("copy"), { status: 404, apiMessage: undefined, request: {} });

    expect(isApiErrorWithStatus(foreign, 404)).toBe(true);
  });

  test("rejects an Error with only status", () => {
    expect(isApiErrorWithStatus(Object.assign(new Error("plain"), { status: 404 }), 404)).toBe(false);
  });

  test("rejects a plain object", () => {
    expect(isApiErrorWithStatus({ status: 404, apiMessage: "x", request: {} }, 404)).toBe(false);
  });

  test.each([
    ["null", null],
    ["undefined", undefined],
    ["string", "HTTP 404"],
    ["number", 404],
  ])("rejects %s", (_label, value) => {
    expect(isApiErrorWithStatus(value, 404)).toBe(false);
  });

  test("rejects CaseDevConnectionError", () => {
    expect(isApiErrorWithStatus(new CaseDevConnectionError("timed out", { timedOut: true }), 408)).toBe(false);
  });
});

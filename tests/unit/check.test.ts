import { runtime } from "@pulumi/pulumi";
import { checkProjectInputs, type InputFailure } from "../../provider/inputs";

const unknown = runtime.unknownValue;

// Written out rather than imported, so a change to the region list shows up here.
const regionList =
  "aws-us-east-1, aws-us-east-2, aws-us-west-2, aws-eu-central-1, aws-eu-west-1, aws-eu-west-2, aws-ap-southeast-1, aws-ap-southeast-2";

const nameRequired = { property: "name", reason: 'name is required: set it to a project name of letters, digits, "-" and "_".' };
const nameEmpty = { property: "name", reason: 'name must not be empty: use letters, digits, "-" and "_".' };

function nameNotString(got: string): InputFailure {
  return { property: "name", reason: `name must be a string, got ${got}.` };
}

function nameHasCharacters(quotedName: string, offending: string): InputFailure {
  return {
    property: "name",
    reason: `name ${quotedName} contains ${offending}: use only letters, digits, "-" and "_" (pattern ^[a-zA-Z0-9_-]+$).`,
  };
}

function regionNotListed(quotedRegion: string): InputFailure {
  return {
    property: "region",
    reason: `region ${quotedRegion} is not a case.dev region. Allowed regions: ${regionList}. To use a region added after this provider version, set allowUnknownRegion: true.`,
  };
}

function regionBadShape(quotedRegion: string): InputFailure {
  return {
    property: "region",
    reason: `region ${quotedRegion} is not a region identifier: use lowercase letters and digits joined by "-", such as "aws-us-east-1".`,
  };
}

function regionNotString(got: string): InputFailure {
  return { property: "region", reason: `region must be a string, got ${got}. Allowed regions: ${regionList}.` };
}

function descriptionNotString(got: string): InputFailure {
  return { property: "description", reason: `description must be a string, got ${got}.` };
}

function allowUnknownRegionNotBoolean(got: string): InputFailure {
  return { property: "allowUnknownRegion", reason: `allowUnknownRegion must be true or false, got ${got}.` };
}

function adoptIdNotString(got: string): InputFailure {
  return { property: "adoptExistingId", reason: `adoptExistingId must be a project id string such as "proj_abc123", got ${got}.` };
}

function unknownProperty(key: string): InputFailure {
  return {
    property: key,
    reason: `unknown property "${key}". Allowed properties: name, description, region, allowUnknownRegion, adoptExistingId.`,
  };
}

type FailureCase = [label: string, raw: Record<string, unknown>, failures: InputFailure[]];

const malformedInputs: FailureCase[] = [
  ["missing name", {}, [nameRequired]],
  ["null name", { name: null }, [nameRequired]],
  ["undefined name", { name: undefined }, [nameRequired]],
  ["empty name", { name: "" }, [nameEmpty]],
  ["integer name", { name: 42 }, [nameNotString("42 (a number)")]],
  ["fractional name", { name: 1.5 }, [nameNotString("1.5 (a number)")]],
  ["boolean name", { name: false }, [nameNotString("false (a boolean)")]],
  ["object name", { name: { first: "a" } }, [nameNotString('{"first":"a"} (an object)')]],
  ["array name", { name: ["a", "b"] }, [nameNotString('["a","b"] (a list)')]],
  ["empty array name", { name: [] }, [nameNotString("[] (a list)")]],
  ["name with a space", { name: "my db" }, [nameHasCharacters('"my db"', '" "')]],
  ["name with a leading space", { name: " db" }, [nameHasCharacters('" db"', '" "')]],
  ["name with a dot", { name: "my.db" }, [nameHasCharacters('"my.db"', '"."')]],
  ["name with a slash", { name: "team/db" }, [nameHasCharacters('"team/db"', '"/"')]],
  ["name with a backslash", { name: "team\\db" }, [nameHasCharacters('"team\\\\db"', '"\\\\"')]],
  ["name with repeated dots and slashes", { name: "a.b/c.d/e" }, [nameHasCharacters('"a.b/c.d/e"', '".", "/"')]],
  ["name with an accent", { name: "café" }, [nameHasCharacters('"café"', '"é"')]],
  ["name in CJK script", { name: "数据库" }, [nameHasCharacters('"数据库"', '"数", "据", "库"')]],
  ["name with an emoji", { name: "db🚀" }, [nameHasCharacters('"db🚀"', '"🚀"')]],
  ["name with a newline", { name: "db\n" }, [nameHasCharacters('"db\\n"', '"\\n"')]],
  ["region typo", { name: "cases", region: "aws-us-est-1" }, [regionNotListed('"aws-us-est-1"')]],
  ["upper-case region", { name: "cases", region: "AWS-US-EAST-1" }, [regionNotListed('"AWS-US-EAST-1"')]],
  ["region without provider prefix", { name: "cases", region: "us-east-1" }, [regionNotListed('"us-east-1"')]],
  ["empty region", { name: "cases", region: "" }, [regionNotListed('""')]],
  ["unlisted region", { name: "cases", region: "aws-sa-east-1" }, [regionNotListed('"aws-sa-east-1"')]],
  [
    "unlisted region with allowUnknownRegion false",
    { name: "cases", region: "aws-sa-east-1", allowUnknownRegion: false },
    [regionNotListed('"aws-sa-east-1"')],
  ],
  ["numeric region", { name: "cases", region: 1 }, [regionNotString("1 (a number)")]],
  ["boolean region", { name: "cases", region: true }, [regionNotString("true (a boolean)")]],
  ["object region", { name: "cases", region: {} }, [regionNotString("{} (an object)")]],
  ["array region", { name: "cases", region: ["aws-us-east-1"] }, [regionNotString('["aws-us-east-1"] (a list)')]],
  [
    "capitalized unlisted region with allowUnknownRegion",
    { name: "cases", region: "Aws-sa-east-1", allowUnknownRegion: true },
    [regionBadShape('"Aws-sa-east-1"')],
  ],
  [
    "underscored region with allowUnknownRegion",
    { name: "cases", region: "aws_sa_east_1", allowUnknownRegion: true },
    [regionBadShape('"aws_sa_east_1"')],
  ],
  [
    "region without dashes with allowUnknownRegion",
    { name: "cases", region: "awssaeast1", allowUnknownRegion: true },
    [regionBadShape('"awssaeast1"')],
  ],
  [
    "region with trailing dash with allowUnknownRegion",
    { name: "cases", region: "aws-sa-east-1-", allowUnknownRegion: true },
    [regionBadShape('"aws-sa-east-1-"')],
  ],
  [
    "region with double dash with allowUnknownRegion",
    { name: "cases", region: "aws--sa-east-1", allowUnknownRegion: true },
    [regionBadShape('"aws--sa-east-1"')],
  ],
  [
    "region with spaces with allowUnknownRegion",
    { name: "cases", region: "aws sa east 1", allowUnknownRegion: true },
    [regionBadShape('"aws sa east 1"')],
  ],
  ["empty region with allowUnknownRegion", { name: "cases", region: "", allowUnknownRegion: true }, [regionBadShape('""')]],
  [
    "numeric region with allowUnknownRegion",
    { name: "cases", region: 7, allowUnknownRegion: true },
    [regionNotString("7 (a number)")],
  ],
  ["allowUnknownRegion as string", { name: "cases", allowUnknownRegion: "true" }, [allowUnknownRegionNotBoolean('"true"')]],
  ["allowUnknownRegion as number", { name: "cases", allowUnknownRegion: 1 }, [allowUnknownRegionNotBoolean("1 (a number)")]],
  ["allowUnknownRegion as object", { name: "cases", allowUnknownRegion: {} }, [allowUnknownRegionNotBoolean("{} (an object)")]],
  ["allowUnknownRegion as array", { name: "cases", allowUnknownRegion: [true] }, [allowUnknownRegionNotBoolean("[true] (a list)")]],
  [
    "invalid allowUnknownRegion with unlisted region",
    { name: "cases", region: "aws-sa-east-1", allowUnknownRegion: "yes" },
    [allowUnknownRegionNotBoolean('"yes"'), regionNotListed('"aws-sa-east-1"')],
  ],
  ["numeric adoptExistingId", { name: "cases", adoptExistingId: 123 }, [adoptIdNotString("123 (a number)")]],
  ["boolean adoptExistingId", { name: "cases", adoptExistingId: true }, [adoptIdNotString("true (a boolean)")]],
  ["object adoptExistingId", { name: "cases", adoptExistingId: { id: "proj_1" } }, [adoptIdNotString('{"id":"proj_1"} (an object)')]],
  ["array adoptExistingId", { name: "cases", adoptExistingId: ["proj_1"] }, [adoptIdNotString('["proj_1"] (a list)')]],
  ["numeric description", { name: "cases", description: 5 }, [descriptionNotString("5 (a number)")]],
  ["boolean description", { name: "cases", description: false }, [descriptionNotString("false (a boolean)")]],
  ["object description", { name: "cases", description: { text: "x" } }, [descriptionNotString('{"text":"x"} (an object)')]],
  ["array description", { name: "cases", description: ["x"] }, [descriptionNotString('["x"] (a list)')]],
  ["unknown extra property", { name: "cases", extra: 1 }, [unknownProperty("extra")]],
  ["misspelled property", { name: "cases", allowUnknownRegions: true }, [unknownProperty("allowUnknownRegions")]],
  ["capitalized name key", { Name: "cases" }, [unknownProperty("Name"), nameRequired]],
  [
    "every field invalid",
    { name: 1, description: 2, region: 3, allowUnknownRegion: "no", adoptExistingId: 4, size: 5 },
    [
      unknownProperty("size"),
      nameNotString("1 (a number)"),
      descriptionNotString("2 (a number)"),
      allowUnknownRegionNotBoolean('"no"'),
      regionNotString("3 (a number)"),
      adoptIdNotString("4 (a number)"),
    ],
  ],
];

describe("checkProjectInputs", () => {
  describe("malformed inputs", () => {
    test.each(malformedInputs)("rejects %s", (_label, raw, failures) => {
      expect(checkProjectInputs(raw).failures).toEqual(failures);
    });
  });

  describe("valid inputs", () => {
    test("defaults region to aws-us-east-1", () => {
      const result = checkProjectInputs({ name: "cases" });

      expect(result.failures).toEqual([]);
      expect(result.inputs).toStrictEqual({ name: "cases", region: "aws-us-east-1" });
    });

    test("defaults null region", () => {
      expect(checkProjectInputs({ name: "cases", region: null }).inputs.region).toBe("aws-us-east-1");
    });

    test("accepts letters, digits, dash and underscore", () => {
      const result = checkProjectInputs({ name: "Cases_DB-2" });

      expect(result.failures).toEqual([]);
      expect(result.inputs.name).toBe("Cases_DB-2");
    });

    test.each([
      "aws-us-east-1",
      "aws-us-east-2",
      "aws-us-west-2",
      "aws-eu-central-1",
      "aws-eu-west-1",
      "aws-eu-west-2",
      "aws-ap-southeast-1",
      "aws-ap-southeast-2",
    ])("accepts listed region %s", (region) => {
      const result = checkProjectInputs({ name: "cases", region });

      expect(result.failures).toEqual([]);
      expect(result.inputs.region).toBe(region);
    });

    test.each([
      ["empty string", ""],
      ["null", null],
      ["undefined", undefined],
    ])("drops %s description", (_label, description) => {
      const result = checkProjectInputs({ name: "cases", description });

      expect(result.failures).toEqual([]);
      expect(result.inputs).not.toHaveProperty("description");
    });

    test("keeps non-empty description", () => {
      expect(checkProjectInputs({ name: "cases", description: "Case files" }).inputs.description).toBe("Case files");
    });

    test("accepts __provider", () => {
      const result = checkProjectInputs({ name: "cases", __provider: "exports.handler = __f0;" });

      expect(result.failures).toEqual([]);
    });

    test("accepts unlisted region with allowUnknownRegion", () => {
      const result = checkProjectInputs({ name: "cases", region: "aws-sa-east-1", allowUnknownRegion: true });

      expect(result.failures).toEqual([]);
      expect(result.inputs).toStrictEqual({ name: "cases", region: "aws-sa-east-1", allowUnknownRegion: true });
    });

    test("accepts unlisted region with unknown allowUnknownRegion", () => {
      const result = checkProjectInputs({ name: "cases", region: "aws-sa-east-1", allowUnknownRegion: unknown });

      expect(result.failures).toEqual([]);
      expect(result.inputs.region).toBe("aws-sa-east-1");
    });

    test("keeps allowUnknownRegion false", () => {
      expect(checkProjectInputs({ name: "cases", allowUnknownRegion: false }).inputs.allowUnknownRegion).toBe(false);
    });

    test("drops null allowUnknownRegion", () => {
      const result = checkProjectInputs({ name: "cases", allowUnknownRegion: null });

      expect(result.failures).toEqual([]);
      expect(result.inputs).not.toHaveProperty("allowUnknownRegion");
    });

    test("keeps adoptExistingId", () => {
      expect(checkProjectInputs({ name: "cases", adoptExistingId: "proj_abc123" }).inputs.adoptExistingId).toBe("proj_abc123");
    });

    test.each([
      ["empty string", ""],
      ["null", null],
    ])("drops %s adoptExistingId", (_label, adoptExistingId) => {
      const result = checkProjectInputs({ name: "cases", adoptExistingId });

      expect(result.failures).toEqual([]);
      expect(result.inputs).not.toHaveProperty("adoptExistingId");
    });
  });

  describe("unknown values", () => {
    test.each(["name", "description", "region", "allowUnknownRegion", "adoptExistingId"])("passes unknown %s through", (field) => {
      const result = checkProjectInputs({ name: "cases", [field]: unknown });

      expect(result.failures).toEqual([]);
      expect(result.inputs[field]).toBe(unknown);
    });

    test("passes every field unknown", () => {
      const raw = { name: unknown, description: unknown, region: unknown, allowUnknownRegion: unknown, adoptExistingId: unknown };
      const result = checkProjectInputs(raw);

      expect(result.failures).toEqual([]);
      expect(result.inputs).toStrictEqual(raw);
    });

    test("checks region shape when allowUnknownRegion is unknown", () => {
      const result = checkProjectInputs({ name: "cases", region: "AWS", allowUnknownRegion: unknown });

      expect(result.failures).toEqual([regionBadShape('"AWS"')]);
    });
  });
});

describe("checkProjectInputs rejected values", () => {
  // Pulumi's host cannot send an undefined property back to the engine, so a
  // rejected input must be absent rather than undefined.
  test("rejected region leaves no region key", () => {
    const { inputs } = checkProjectInputs({ name: "a", region: "aws-sa-east-1" });

    expect(Object.keys(inputs)).toEqual(["name"]);
  });

  test("rejected name leaves no name key", () => {
    const { inputs } = checkProjectInputs({ name: "a b" });

    expect(Object.keys(inputs)).toEqual(["region"]);
  });
});

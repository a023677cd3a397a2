import { runtime } from "@pulumi/pulumi";
import { diffProject } from "../../provider/diff";

const unknown = runtime.unknownValue;

/** Stored outputs as create returns them, with output-only fields that diff must ignore. */
const olds: Record<string, unknown> = {
  projectId: "proj_1",
  name: "cases",
  description: "Case files",
  region: "aws-us-east-1",
  status: "active",
  connectionUri: "postgresql://user:secret@host/neondb",
  __provider: "exports.handler = __f0;",
};

/** Checked inputs that match {@link olds}. */
const news: Record<string, unknown> = { name: "cases", description: "Case files", region: "aws-us-east-1" };

const noChange = { changes: false, replaces: [], deleteBeforeReplace: false };

function reverseKeys(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).reverse());
}

describe("diffProject", () => {
  test("reports no change for equal inputs", () => {
    expect(diffProject(olds, news)).toStrictEqual(noChange);
  });

  test("replaces name on name change", () => {
    expect(diffProject(olds, { ...news, name: "cases-2" })).toStrictEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
  });

  test("replaces description on description change", () => {
    expect(diffProject(olds, { ...news, description: "Other" })).toStrictEqual({
      changes: true,
      replaces: ["description"],
      deleteBeforeReplace: true,
    });
  });

  test("replaces region on region change", () => {
    expect(diffProject(olds, { ...news, region: "aws-eu-west-1" })).toStrictEqual({
      changes: true,
      replaces: ["region"],
      deleteBeforeReplace: true,
    });
  });

  test("replaces name and region together", () => {
    expect(diffProject(olds, { ...news, name: "cases-2", region: "aws-eu-west-1" })).toStrictEqual({
      changes: true,
      replaces: ["name", "region"],
      deleteBeforeReplace: false,
    });
  });

  test("replaces every stored property", () => {
    expect(diffProject(olds, { name: "other", description: "Other", region: "aws-eu-west-1" })).toStrictEqual({
      changes: true,
      replaces: ["name", "description", "region"],
      deleteBeforeReplace: false,
    });
  });

  test("replaces description when it is removed", () => {
    const { description: _removed, ...withoutDescription } = news;

    expect(diffProject(olds, withoutDescription).replaces).toEqual(["description"]);
  });

  test("replaces description when it is added", () => {
    expect(diffProject({ ...olds, description: null }, news).replaces).toEqual(["description"]);
  });

  test("compares description case-sensitively", () => {
    expect(diffProject(olds, { ...news, description: "case files" }).replaces).toEqual(["description"]);
  });

  describe("absent descriptions", () => {
    const missing = Symbol("missing");
    const absent: [string, unknown][] = [
      ["missing", missing],
      ["undefined", undefined],
      ["null", null],
      ["empty", ""],
    ];
    const pairs = absent.flatMap(([oldLabel, oldValue]) =>
      absent.map(([newLabel, newValue]) => [oldLabel, newLabel, oldValue, newValue] as const),
    );

    function withDescription(object: Record<string, unknown>, value: unknown): Record<string, unknown> {
      const { description: _replaced, ...rest } = object;
      return value === missing ? rest : { ...rest, description: value };
    }

    test.each(pairs)("treats %s and %s alike", (_oldLabel, _newLabel, oldValue, newValue) => {
      const oldOutputs = withDescription(olds, oldValue);
      const newInputs = withDescription(news, newValue);

      expect(diffProject(oldOutputs, newInputs)).toStrictEqual(noChange);
    });
  });

  describe("unknown values", () => {
    test("replaces region when it is unknown", () => {
      expect(diffProject(olds, { ...news, region: unknown })).toStrictEqual({
        changes: true,
        replaces: ["region"],
        deleteBeforeReplace: true,
      });
    });

    test("replaces name when it is unknown", () => {
      expect(diffProject(olds, { ...news, name: unknown })).toStrictEqual({
        changes: true,
        replaces: ["name"],
        deleteBeforeReplace: false,
      });
    });

    test("replaces description when it is unknown", () => {
      expect(diffProject(olds, { ...news, description: unknown }).replaces).toEqual(["description"]);
    });

    test("ignores unknown allowUnknownRegion", () => {
      expect(diffProject(olds, { ...news, allowUnknownRegion: unknown })).toStrictEqual(noChange);
    });
  });

  describe("properties that never replace", () => {
    test("ignores __provider change", () => {
      const newInputs = { ...news, __provider: "exports.handler = __f1;" };

      expect(diffProject(olds, newInputs)).toStrictEqual(noChange);
    });

    test("ignores allowUnknownRegion turned on", () => {
      expect(diffProject(olds, { ...news, allowUnknownRegion: true })).toStrictEqual(noChange);
    });

    test("ignores allowUnknownRegion turned off", () => {
      expect(diffProject({ ...olds, allowUnknownRegion: true }, { ...news, allowUnknownRegion: false })).toStrictEqual(noChange);
    });

    test("ignores adoptExistingId change", () => {
      expect(diffProject(olds, { ...news, adoptExistingId: "proj_2" })).toStrictEqual(noChange);
    });

    test("ignores output-only fields missing from inputs", () => {
      expect(diffProject({ ...olds, pgVersion: 17, branches: [] }, news)).toStrictEqual(noChange);
    });
  });

  describe("key order", () => {
    test("ignores key order without change", () => {
      expect(diffProject(reverseKeys(olds), reverseKeys(news))).toStrictEqual(noChange);
    });

    test("ignores key order with change", () => {
      const newInputs = { ...news, region: "aws-eu-west-1", name: "cases-2" };

      expect(diffProject(reverseKeys(olds), reverseKeys(newInputs))).toStrictEqual(diffProject(olds, newInputs));
    });

    test("lists replaces as name, description, region", () => {
      const newInputs = { region: "aws-eu-west-1", description: "Other", name: "cases-2" };

      expect(diffProject(olds, newInputs).replaces).toEqual(["name", "description", "region"]);
    });
  });
});

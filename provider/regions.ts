/**
 * Regions that the case.dev Database API documents for new projects.
 *
 * The list is pinned in the package so that `pulumi preview` can reject a typo
 * before anything is created. A region that case.dev adds later can be used
 * without a new release of this package through the `allowUnknownRegion` input.
 */
export const knownRegions = [
  "aws-us-east-1",
  "aws-us-east-2",
  "aws-us-west-2",
  "aws-eu-central-1",
  "aws-eu-west-1",
  "aws-eu-west-2",
  "aws-ap-southeast-1",
  "aws-ap-southeast-2",
] as const;

/** A region from {@link knownRegions}. */
export type KnownRegion = (typeof knownRegions)[number];

/** The region case.dev uses when a project names none. */
export const defaultRegion: KnownRegion = "aws-us-east-1";

/** Tells whether `value` is one of the documented regions. */
export function isKnownRegion(value: string): value is KnownRegion {
  return (knownRegions as readonly string[]).includes(value);
}

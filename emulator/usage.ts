import type { ProjectRecord } from "./store";

/** Prices from the example in the case.dev usage API reference, in US dollars. */
const pricing = {
  computePerCuHour: 0.102,
  storagePerGbMonth: 0.024,
  transferPerGb: 0.09,
  branchPerMonth: 0,
  freeBranches: 10,
};

const bytesPerGb = 1024 ** 3;

/**
 * Builds the body of `GET /database/v1/usage` for the current calendar month (UTC).
 * Money amounts are strings with two decimals, as in the API. The emulator has no real
 * metering, so usage comes from each project's `storageSizeBytes` and `computeTimeSeconds`.
 */
export function buildUsage(projects: ProjectRecord[], now: Date = new Date()): Record<string, unknown> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));

  // NOTE: one compute unit is assumed for the whole compute time, storage is billed as if held
  // for the whole month, and there is no transfer. The real API's formulas are not documented.
  const items = projects.map((project) => {
    const computeCuHours = project.computeTimeSeconds / 3600;
    const storageGbMonths = project.storageSizeBytes / bytesPerGb;
    const computeCost = computeCuHours * pricing.computePerCuHour;
    const storageCost = storageGbMonths * pricing.storagePerGbMonth;
    return {
      id: `usage_${project.id.replace(/^proj_/, "")}`,
      projectId: project.id,
      projectName: project.name,
      computeCuHours,
      storageGbMonths,
      transferGb: 0,
      branchCount: project.branches.length,
      costs: {
        compute: money(computeCost),
        storage: money(storageCost),
        transfer: money(0),
        branches: money(0),
        total: money(computeCost + storageCost),
      },
      lastUpdated: project.updatedAt,
      computeCost,
      storageCost,
    };
  });

  const sum = (pick: (item: (typeof items)[number]) => number): number => items.reduce((total, item) => total + pick(item), 0);
  const totalBranches = sum((item) => item.branchCount);
  const branchCost = Math.max(0, totalBranches - pricing.freeBranches) * pricing.branchPerMonth;
  const computeCost = sum((item) => item.computeCost);
  const storageCost = sum((item) => item.storageCost);

  return {
    period: { start: start.toISOString(), end: end.toISOString() },
    pricing: { ...pricing },
    totals: {
      computeCuHours: sum((item) => item.computeCuHours),
      storageGbMonths: sum((item) => item.storageGbMonths),
      transferGb: 0,
      totalBranches,
      computeCostDollars: money(computeCost),
      storageCostDollars: money(storageCost),
      transferCostDollars: money(0),
      branchCostDollars: money(branchCost),
      totalCostDollars: money(computeCost + storageCost + branchCost),
    },
    projects: items.map(({ computeCost: _compute, storageCost: _storage, ...item }) => item),
    projectCount: items.length,
  };
}

function money(dollars: number): string {
  return dollars.toFixed(2);
}

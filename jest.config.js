// Jest runs the TypeScript sources through ts-jest. ky is published only as
// ES modules, which Jest's CommonJS runtime cannot load, so it is transformed
// too; Node itself loads it through require(esm) in the provider process.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "<rootDir>/tests/tsconfig.json" }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(ky)/)"],
  moduleNameMapper: {
    "^pulumi-casedev-database$": "<rootDir>/provider/index.ts",
    "^pulumi-casedev-database/project$": "<rootDir>/provider/project-handlers.ts",
  },
  testTimeout: 30000,
};

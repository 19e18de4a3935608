// Two projects: unit tests never touch the network; integration tests need `make up`.
// testTimeout is a global option in Jest (ignored inside a project), hence at the top.
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] };
// var/ holds the stack's data and the Docker engine's layers (each image's package.json):
// jest's module map must not crawl it.
const modulePathIgnorePatterns = ['<rootDir>/var/'];
module.exports = {
  testTimeout: 180000,
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'], transform, testEnvironment: 'node', modulePathIgnorePatterns },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
      modulePathIgnorePatterns,
    },
  ],
};

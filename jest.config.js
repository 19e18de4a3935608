// Two projects: unit tests never touch the network; integration tests need `make up`.
// testTimeout is a global option in Jest (ignored inside a project), hence at the top.
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] };
module.exports = {
  testTimeout: 180000,
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'], transform, testEnvironment: 'node' },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
  ],
};

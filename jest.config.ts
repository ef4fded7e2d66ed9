import type { Config } from 'jest';

const transform: Config['transform'] = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'], roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/projections'] };

// Every test runs in a time zone far from UTC, on the quarter hour, so that code reading a time
// in the machine's local zone (rather than UTC, as every stored time is) fails here, not on a
// server abroad. Workers inherit it; set before any of them starts.
process.env.TZ = 'Pacific/Chatham';

// Three layers, run by suffix: pure units, adapters/API in-process, built processes.
const config: Config = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'] },
  ],
  testTimeout: 30000,
};

export default config;

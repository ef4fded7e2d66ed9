import { tmpdir } from 'node:os';
import { ConfigError, loadConfig } from './config';

// An existing directory and a given secret: loading writes nothing.
const base = { JOBLEDGER_DATA_DIR: tmpdir(), JOBLEDGER_JWT_SECRET: 'x'.repeat(32) };

describe('configuration of process roles and worker leases', () => {
  it('defaults to one process running everything, a 15 s worker lease and no worker health port', () => {
    expect(loadConfig(base)).toMatchObject({ role: 'all', workerLeaseMs: 15_000, workerPort: null });
  });

  it('takes the role, the lease time and the worker port from the environment', () => {
    expect(loadConfig({ ...base, JOBLEDGER_ROLE: 'Worker', JOBLEDGER_WORKER_LEASE_MS: '2000', JOBLEDGER_WORKER_PORT: '0' }))
      .toMatchObject({ role: 'worker', workerLeaseMs: 2000, workerPort: 0 });
  });

  it('refuses an unknown role and a lease too short to renew safely, naming the variable', () => {
    expect(() => loadConfig({ ...base, JOBLEDGER_ROLE: 'projector' })).toThrow(new ConfigError("JOBLEDGER_ROLE must be one of api|worker|all (got 'projector')"));
    expect(() => loadConfig({ ...base, JOBLEDGER_WORKER_LEASE_MS: '100' })).toThrow(/JOBLEDGER_WORKER_LEASE_MS must be an integer from 300/);
    expect(() => loadConfig({ ...base, JOBLEDGER_WORKER_PORT: 'x' })).toThrow(/JOBLEDGER_WORKER_PORT/);
  });
});

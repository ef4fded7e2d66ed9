import type { Document } from 'mongodb';

/**
 * Multi-document transactions need a replica set (`setName` in the `hello` reply) or a
 * sharded cluster (a mongos answers `msg: 'isdbgrid'`), and sessions
 * (`logicalSessionTimeoutMinutes`). A standalone server has neither.
 */
export const supportsTransactions = (hello: Document): boolean =>
  (typeof hello.setName === 'string' || hello.msg === 'isdbgrid') && hello.logicalSessionTimeoutMinutes != null;

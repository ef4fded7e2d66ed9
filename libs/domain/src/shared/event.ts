import type { Actor } from './actor';

/** A domain event as deciders produce it: a discriminated union member on `type`. */
export type Event<T extends string = string, D = unknown> = { readonly type: T; readonly data: D };

export const SCHEMA_VERSION = 1;

export type EventMetadata = {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly commandId: string;
  readonly schemaVersion: number;
  /** sha256 of the request an Idempotency-Key came with: a repeat must be the same request. */
  readonly requestHash?: string;
};

/** The context a command runs in; becomes the metadata of every event it appends. */
export type CommandContext = {
  readonly commandId: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly now: string;
  /**
   * Set exactly when the command came with an Idempotency-Key: sha256 of what was asked (query
   * and body), stored with the events, which a repeat must match.
   */
  readonly requestHash?: string;
  /**
   * Hashes of the same request spelled otherwise, which a repeat may match as well: a body left
   * out and `{}` ask the same of a command that takes no input. Never stored.
   */
  readonly sameRequestHashes?: readonly string[];
};

/** A batch was refused because its writer no longer holds the lease it was fenced with. */
export class LeaseLostError extends Error {
  constructor(readonly lease: string) {
    super(`the lease on ${lease} is no longer held by this worker: batch not committed`);
    this.name = 'LeaseLostError';
  }
}

import type { TestServer } from './test-server';

type Answer = { status: number; body: any };

/** Runs a call and checks that the event log did not grow: refused input appends nothing. */
export const appendsNothing = async (s: TestServer, call: () => Promise<Answer>): Promise<Answer> => {
  const before = await s.backends.eventStore.headPosition();
  const answer = await call();
  expect(await s.backends.eventStore.headPosition()).toBe(before);
  return answer;
};

/** Waits for projections and reactors from `position`, and for the follow-ups they append, until the log stops growing. */
export const settleAll = async (s: TestServer, position: bigint): Promise<void> => {
  for (let head = position; ; ) {
    await s.worker.host.settle(head, 10_000);
    const next = await s.backends.eventStore.headPosition();
    if (next === head) return;
    head = next;
  }
};

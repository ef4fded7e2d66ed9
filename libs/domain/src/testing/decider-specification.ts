import type { Decider } from '../shared/decider';
import { DomainError, type DomainErrorKind } from '../shared/errors';
import type { Event } from '../shared/event';

/**
 * Given / when / then for deciders (test-only; excluded from the build):
 *
 *   spec(jobDecider).given([created]).when(claim).then([claimed]);
 *   spec(jobDecider).given([created, claimed]).when(complete).thenThrows('EVIDENCE_MISSING', { kind: 'rule', details: { missing: ['after'] } });
 *   spec(signalDecider).given([emitted]).when(emit).thenNothing();
 *
 * `given` events are folded with `evolve` from `initialState()`; the command is decided only
 * when a `then…` runs, so a throwing decide is caught by the assertion that expects it.
 * The object returned by `when` has a `then` method: do not `return` or `await` it.
 */
export type ExpectedError = {
  readonly kind?: DomainErrorKind;
  /** Matched with `toMatchObject`: listed keys must be equal (arrays exactly), others are ignored. */
  readonly details?: Record<string, unknown>;
};

export type Then<E extends Event> = {
  /** Exactly these events (deep equality), or a callback that asserts on what was decided. */
  readonly then: (expected: readonly E[] | ((events: readonly E[]) => void)) => void;
  /** Decide throws a DomainError with this `code` (and `kind` / `details` when given). */
  readonly thenThrows: (code: string, expected?: ExpectedError) => void;
  /** Decide succeeds and decides no events. */
  readonly thenNothing: () => void;
};

export type When<C, E extends Event> = { readonly when: (command: C) => Then<E> };
export type Given<C, E extends Event> = { readonly given: (events: readonly E[]) => When<C, E> };

const describeEvents = (events: readonly Event[]): string => events.map((e) => e.type).join(', ') || 'none';

export const spec = <S, C, E extends Event>(decider: Decider<S, C, E>): Given<C, E> => ({
  given: (events) => ({
    when: (command) => {
      const decide = (): readonly E[] => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected) => {
          const decided = decide();
          if (typeof expected === 'function') expected(decided);
          else expect(decided).toEqual(expected);
        },
        thenThrows: (code, expected = {}) => {
          let decided: readonly E[];
          try {
            decided = decide();
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            const e = error as DomainError;
            expect({ code: e.code }).toEqual({ code });
            if (expected.kind !== undefined) expect({ code: e.code, kind: e.kind }).toEqual({ code, kind: expected.kind });
            if (expected.details !== undefined) expect(e.details).toMatchObject(expected.details);
            return;
          }
          throw new Error(`expected DomainError ${code}, but decide returned events: ${describeEvents(decided)}`);
        },
        thenNothing: () => {
          expect(decide()).toEqual([]);
        },
      };
    },
  }),
});

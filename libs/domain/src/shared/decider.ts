import type { Event } from './event';

/**
 * One aggregate's rules: fold its stream into state, decide new events from state and a
 * command. Pure: no I/O, no clock, no randomness — commands carry `now` and any new ids.
 */
export type Decider<State, Command, E extends Event> = {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: E) => State;
  readonly decide: (command: Command, state: State) => readonly E[];
};

export const fold = <State, E extends Event>(
  decider: Pick<Decider<State, never, E>, 'initialState' | 'evolve'>,
  events: readonly E[],
): State => events.reduce(decider.evolve, decider.initialState());

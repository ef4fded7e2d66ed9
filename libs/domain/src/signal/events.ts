import type { Assignee } from '../shared/assignee';
import type { Event } from '../shared/event';

export type SignalEmitted = Event<
  'SignalEmitted',
  { signalId: string; recordId: string; jobId: string; earner: Assignee; kind: 'star' }
>;
export type SignalEvent = SignalEmitted;

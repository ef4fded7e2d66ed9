import type { Event } from '../shared/event';

export type Customer = { readonly name: string; readonly contact: string };

export type RequestSubmitted = Event<
  'RequestSubmitted',
  {
    requestId: string;
    projectSlug: string;
    surface: string;
    tier: string;
    customer: Customer;
    details: string;
    notes: string;
  }
>;
/**
 * `summary` and `intakeNotes` travel with the intake so that the reactor opening the task
 * needs nothing but this event (see docs/decisions.md).
 */
export type RequestIntaken = Event<'RequestIntaken', { taskId: string; summary: string; intakeNotes: string }>;
export type RequestWithdrawn = Event<'RequestWithdrawn', { reason: string }>;

export type RequestEvent = RequestSubmitted | RequestIntaken | RequestWithdrawn;

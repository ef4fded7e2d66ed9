import type { Event } from '../shared/event';
import type { Json } from '../shared/json';

/** Ordered by severity; `debug` lines are kept like any other (the stream is the log). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogAppendedData = {
  attemptNumber: number;
  level: LogLevel;
  message: string;
  requestPayload?: Json;
  responsePayload?: Json;
  agentId?: string;
};

export type LogAppended = Event<'LogAppended', LogAppendedData>;
export type JoblogEvent = LogAppended;

/** What one append may carry: a batch is one request and one append, so both are bounded. */
export const LOG_LIMITS = {
  maxEntries: 500,
  maxMessageLength: 10_000,
  maxPayloadBytes: 64 * 1024,
} as const;

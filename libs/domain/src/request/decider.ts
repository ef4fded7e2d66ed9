import type { Decider } from '../shared/decider';
import { conflict, notFound } from '../shared/errors';
import { requireSlug, requireText } from '../shared/guards';
import type { RequestEvent, RequestSubmitted } from './events';
import { truncated } from '../shared/text';

export type RequestState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'submitted' | 'intaken' | 'withdrawn';
      readonly request: RequestSubmitted['data'];
      readonly taskId: string | null;
    };

export type RequestCommand =
  | ({ readonly type: 'SubmitRequest' } & Readonly<RequestSubmitted['data']>)
  | { readonly type: 'IntakeRequest'; readonly taskId: string; readonly summary?: string; readonly intakeNotes?: string }
  | { readonly type: 'WithdrawRequest'; readonly reason: string };

const evolve = (state: RequestState, event: RequestEvent): RequestState => {
  switch (event.type) {
    case 'RequestSubmitted':
      return { status: 'submitted', request: event.data, taskId: null };
    case 'RequestIntaken':
      return state.status === 'absent' ? state : { ...state, status: 'intaken', taskId: event.data.taskId };
    case 'RequestWithdrawn':
      return state.status === 'absent' ? state : { ...state, status: 'withdrawn' };
  }
};

/** The first line of the details, as the task's default summary. */
const firstLine = (text: string): string => truncated(text.split('\n')[0].trim(), 200);

const decide = (command: RequestCommand, state: RequestState): RequestEvent[] => {
  if (command.type === 'SubmitRequest') {
    if (state.status !== 'absent') throw conflict('REQUEST_EXISTS', `request ${command.requestId} already exists`);
    requireSlug('projectSlug', command.projectSlug);
    requireSlug('surface', command.surface);
    const customer = {
      name: requireText('customer.name', command.customer.name, 200),
      contact: requireText('customer.contact', command.customer.contact, 200),
    };
    const data: RequestSubmitted['data'] = {
      requestId: command.requestId,
      projectSlug: command.projectSlug,
      surface: command.surface,
      tier: requireText('tier', command.tier, 50),
      customer,
      details: requireText('details', command.details),
      notes: (command.notes ?? '').trim(),
    };
    return [{ type: 'RequestSubmitted', data }];
  }
  if (state.status === 'absent') throw notFound('REQUEST_NOT_FOUND', 'request not found');
  if (state.status === 'withdrawn') throw conflict('REQUEST_WITHDRAWN', 'the request was withdrawn');
  if (state.status === 'intaken') {
    throw conflict('REQUEST_ALREADY_INTAKEN', 'the request was already intaken', { taskId: state.taskId });
  }
  if (command.type === 'IntakeRequest') {
    const summary = command.summary?.trim() || firstLine(state.request.details);
    return [{ type: 'RequestIntaken', data: { taskId: command.taskId, summary, intakeNotes: (command.intakeNotes ?? '').trim() } }];
  }
  return [{ type: 'RequestWithdrawn', data: { reason: requireText('reason', command.reason, 2000) } }];
};

export const requestDecider: Decider<RequestState, RequestCommand, RequestEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};

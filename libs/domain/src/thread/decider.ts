import type { Decider } from '../shared/decider';
import { invalid, notFound } from '../shared/errors';
import { requireText } from '../shared/guards';
import { MAX_MESSAGE_LENGTH, MESSAGE_KINDS, type MessageAuthor, type MessageKind, type ThreadEvent } from './events';

export type ThreadState = { readonly status: 'absent' } | { readonly status: 'open'; readonly key: string; readonly messageCount: number };

export type ThreadCommand =
  | { readonly type: 'OpenThread'; readonly key: string }
  /** `openWithKey`: a system post may open the thread it belongs to (its opener may not have run yet). */
  | { readonly type: 'PostMessage'; readonly kind: MessageKind; readonly body: string; readonly author: MessageAuthor; readonly openWithKey?: string };

const opened = (key: string): ThreadEvent => ({ type: 'ThreadOpened', data: { key: requireText('key', key, 300) } });

export const threadDecider: Decider<ThreadState, ThreadCommand, ThreadEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve: (state, event) => {
    if (event.type === 'ThreadOpened') return { status: 'open', key: event.data.key, messageCount: 0 };
    return state.status === 'open' ? { ...state, messageCount: state.messageCount + 1 } : state;
  },
  decide: (command, state) => {
    if (command.type === 'OpenThread') return state.status === 'open' ? [] : [opened(command.key)];
    if (!MESSAGE_KINDS.includes(command.kind)) {
      throw invalid('INVALID_MESSAGE_KIND', `kind must be one of ${MESSAGE_KINDS.join(', ')}`, { kind: command.kind });
    }
    const posted: ThreadEvent = {
      type: 'MessagePosted',
      data: { kind: command.kind, body: requireText('body', command.body, MAX_MESSAGE_LENGTH), author: command.author },
    };
    if (state.status === 'open') return [posted];
    if (command.openWithKey) return [opened(command.openWithKey), posted];
    throw notFound('THREAD_NOT_FOUND', 'thread not found');
  },
};

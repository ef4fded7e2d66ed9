import type { Actor } from '../shared/actor';
import type { Event } from '../shared/event';

export const MESSAGE_KINDS = ['status', 'directive', 'question', 'update'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MAX_MESSAGE_LENGTH = 20_000;

export type ThreadOpened = Event<'ThreadOpened', { key: string }>;
/**
 * Who posted: the token's subject and role and, for an agent's token, the agent it acts as
 * (tokens of one subject may act as many agents, and the subject alone would not tell them apart).
 */
export type MessageAuthor = Actor & { readonly agent?: string };
export type MessagePosted = Event<'MessagePosted', { kind: MessageKind; body: string; author: MessageAuthor }>;
export type ThreadEvent = ThreadOpened | MessagePosted;

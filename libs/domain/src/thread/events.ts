import type { Actor } from '../shared/actor';
import type { Event } from '../shared/event';

export const MESSAGE_KINDS = ['status', 'directive', 'question', 'update'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MAX_MESSAGE_LENGTH = 20_000;

export type ThreadOpened = Event<'ThreadOpened', { key: string }>;
export type MessagePosted = Event<'MessagePosted', { kind: MessageKind; body: string; author: Actor }>;
export type ThreadEvent = ThreadOpened | MessagePosted;

import type { Event } from '../shared/event';

export const ACCESS_STATES = ['active', 'limited', 'suspended'] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

export type OperatorRegistered = Event<'OperatorRegistered', { slug: string; name: string; canGovern: boolean }>;
export type OperatorAccessChanged = Event<'OperatorAccessChanged', { from: AccessState; to: AccessState; reason: string }>;

export type OperatorEvent = OperatorRegistered | OperatorAccessChanged;

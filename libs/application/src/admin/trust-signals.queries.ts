import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TRUST_SIGNAL_ENTRIES, TRUST_SIGNALS, type SignalEntry, type TrustSignalEntryDoc, type TrustSignalsDoc } from '../../../../projections/trust-signals';
import { assigneeKey, assigneeOfKey, type Assignee } from '../../../domain/src/shared/assignee';
import { invalid } from '../../../domain/src/shared/errors';
import { AGENT_ID_PATTERN, SLUG_PATTERN } from '../../../domain/src/shared/ids';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Page } from '../queries/queries';

export class ListTrustSignalsQuery {
  constructor(readonly principal: Principal, readonly page: Page = {}) {}
}

export class GetTrustSignalsQuery {
  /** `earner`: `operator:<slug>` or `agent:<id>`, the key signals are credited under; `page`: of its signals. */
  constructor(readonly principal: Principal, readonly earner: string, readonly page: Page = {}) {}
}

const earnerOf = (key: string): Assignee => {
  const earner = assigneeOfKey(key);
  if (earner?.kind === 'operator' && SLUG_PATTERN.test(earner.slug)) return earner;
  if (earner?.kind === 'agent' && AGENT_ID_PATTERN.test(earner.agentId)) return earner;
  throw invalid('INVALID_EARNER', 'an earner is operator:<slug> or agent:<id>', { earner: key });
};

const summaryOf = (d: TrustSignalsDoc) => ({ earner: d.earner, count: d.count, state: d.state, latestAt: d.updatedAt });

/**
 * The `trust_signals` read model for dashboards: earners (operators and agents) by how many ⭐
 * they earned, most first. Internal, as signals are (SPEC §1): admins and auditors only.
 */
@QueryHandler(ListTrustSignalsQuery)
export class ListTrustSignalsHandler implements IQueryHandler<ListTrustSignalsQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, page }: ListTrustSignalsQuery) {
    requireRole(principal, 'auditor');
    const { items, nextCursor } = await this.read.collection<TrustSignalsDoc>(TRUST_SIGNALS).find({}, { sort: [['count', -1], ['_id', 1]], ...page });
    return { items: items.map(summaryOf), nextCursor };
  }
}

const entryOf = ({ signalId, recordId, jobId, emittedAt }: TrustSignalEntryDoc): SignalEntry => ({ signalId, recordId, jobId, emittedAt });

/**
 * One earner's count, and a page of its signals, newest first; an earner with none has none
 * (`count: 0`), whoever it is.
 */
@QueryHandler(GetTrustSignalsQuery)
export class GetTrustSignalsHandler implements IQueryHandler<GetTrustSignalsQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, earner: key, page }: GetTrustSignalsQuery) {
    requireRole(principal, 'auditor');
    const earner = earnerOf(key);
    const doc = await this.read.collection<TrustSignalsDoc>(TRUST_SIGNALS).get(assigneeKey(earner));
    if (!doc) return { earner, count: 0, state: 'none', latestAt: null, signals: [], nextCursor: null };
    const { items, nextCursor } = await this.read
      .collection<TrustSignalEntryDoc>(TRUST_SIGNAL_ENTRIES)
      .find({ earnerKey: doc._id }, { sort: [['emittedPosition', -1], ['_id', 1]], ...page });
    return { ...summaryOf(doc), signals: items.map(entryOf), nextCursor };
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { projectDecider } from '../../../domain/src/project/decider';
import { forbidden, notFound } from '../../../domain/src/shared/errors';
import { streams } from '../../../domain/src/shared/streams';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { READ_STORE, type Doc, type Filter, type ReadStore } from '../../../readstore/src/port';
import { isGovernor, requireProject, requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { loadState } from '../commands/command-executor';
import { present } from './present';
import { GetProjectQuery, GetRequestQuery, GetTaskQuery, ListSurfacesQuery, ListTasksQuery } from './queries';

/** Who may look at the governance queue: admins, auditors, and operators (the inbox is theirs). */
const governanceReader = (p: Principal) => requireRole(p, 'operator', 'auditor');

/** Customers' details are for their requester, governors, admins and auditors only. */
@QueryHandler(GetRequestQuery)
export class GetRequestHandler implements IQueryHandler<GetRequestQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore, @Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ principal, requestId }: GetRequestQuery) {
    requireRole(principal, 'requester', 'operator', 'auditor');
    const r = await this.read.collection<Doc & { requester?: string }>('requests').get(requestId);
    const mayRead =
      principal.role === 'requester' ? r?.requester === principal.sub : principal.role !== 'operator' || (await isGovernor(this.store, principal));
    if (!r || !mayRead) throw notFound('REQUEST_NOT_FOUND', `request ${requestId} not found`);
    return present(r);
  }
}

@QueryHandler(ListTasksQuery)
export class ListTasksHandler implements IQueryHandler<ListTasksQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore, @Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ principal, filter, page }: ListTasksQuery) {
    governanceReader(principal);
    // An operator who does not govern (by token and by registration) sees only its own Task Inbox.
    const ownInboxOnly = principal.role === 'operator' && !(await isGovernor(this.store, principal));
    if (ownInboxOnly && filter.assignee && filter.assignee !== principal.operator) throw forbidden('FORBIDDEN', "another operator's inbox is not yours to see");
    const assignee = ownInboxOnly ? principal.operator : filter.assignee;
    const query: Filter = { ...(assignee && { assigneeKey: `operator:${assignee}` }), ...(filter.state && { state: filter.state }) };
    const { items, nextCursor } = await this.read.collection('tasks').find(query, { sort: [['createdAt', 1]], ...page });
    return { items: items.map(present), nextCursor };
  }
}

@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore, @Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ principal, taskId }: GetTaskQuery) {
    governanceReader(principal);
    const t = await this.read.collection<Doc & { assigneeKey?: string }>('tasks').get(taskId);
    const hidden =
      principal.role === 'operator' && t?.assigneeKey !== `operator:${principal.operator}` && !(await isGovernor(this.store, principal));
    if (!t || hidden) throw notFound('TASK_NOT_FOUND', `task ${taskId} not found`);
    return present(t);
  }
}

const SURFACES_PAGE = 500;

@QueryHandler(ListSurfacesQuery)
export class ListSurfacesHandler implements IQueryHandler<ListSurfacesQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ page }: ListSurfacesQuery) {
    // All of a usual catalogue in one page, as before it had pages; a longer one is paged, not cut.
    const { items, nextCursor } = await this.read.collection('surfaces').find({}, { sort: [['key', 1]], cursor: page.cursor, limit: page.limit ?? SURFACES_PAGE });
    return { items: items.map(present), nextCursor };
  }
}

@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ principal, slug }: GetProjectQuery) {
    // Project settings are for who works in projects or reads everything: a requester or an
    // operator sees its own requests and jobs only (SPEC roles).
    requireRole(principal, 'auditor', 'agent', 'reviewer');
    requireProject(principal, slug); // before the read: an unknown project answers as a known one does
    const { state } = await loadState(this.store, streams.project(slug), projectDecider);
    if (state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', `project ${slug} not found`);
    return { slug: state.slug, name: state.name, defaults: state.defaults };
  }
}

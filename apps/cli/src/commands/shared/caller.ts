import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';

/**
 * Who the token speaks for, read from its claims without verifying it (the server does): to
 * phrase advice, and to name the caller's own attempt in a keyed retry, never to decide whether
 * it may act.
 */
export const callerOf = (token: string | undefined): Assignee | null => {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { role?: string; operator?: string; agent?: string };
    if (claims.role === 'operator' && claims.operator) return { kind: 'operator', slug: claims.operator };
    if (claims.role === 'agent' && claims.agent) return { kind: 'agent', agentId: claims.agent };
    return null;
  } catch {
    return null;
  }
};

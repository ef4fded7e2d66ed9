import type { AuditEvent } from '../../../../../libs/application/src/audit/audit-event';
import { jobAuditEvents } from './events';

const event = (position: number): AuditEvent =>
  ({ stream: 'job-detailing-1a2b3c4d', revision: position, position: String(position), type: 'JobCreated' }) as AuditEvent;

describe('jobAuditEvents', () => {
  it("follows nextAfter until the last page, and returns the job's events in order", async () => {
    const asked: string[] = [];
    const pages: Record<string, { events: AuditEvent[]; nextAfter: string | null }> = {
      '/audit/jobs/detailing-1a2b3c4d/events': { events: [event(1), event(4)], nextAfter: '4' },
      '/audit/jobs/detailing-1a2b3c4d/events?after=4': { events: [event(9), event(12)], nextAfter: '12' },
      '/audit/jobs/detailing-1a2b3c4d/events?after=12': { events: [event(13)], nextAfter: null },
    };
    const api = {
      get: async <T>(path: string): Promise<T> => {
        asked.push(path);
        return { jobId: 'detailing-1a2b3c4d', streams: ['job-detailing-1a2b3c4d'], ...pages[path] } as T;
      },
    };
    const all = await jobAuditEvents(api, 'detailing-1a2b3c4d');
    expect(all.events.map((e) => e.position)).toEqual(['1', '4', '9', '12', '13']);
    expect(all).not.toHaveProperty('nextAfter');
    expect(asked).toEqual(Object.keys(pages));
  });
});

import { BACKWARDS, END } from '@eventstore/db-client';
import type { EsdbClient } from './client';

/** The connection string without its credentials, fit for an error message or a log line. */
export const redactConnectionString = (connectionString: string): string => connectionString.replace(/\/\/[^@/]*@/, '//***@');

/**
 * Resolves once the server answers one small read; rejects with a message that names the
 * server otherwise, no later than `deadlineMs` (the client alone would keep retrying).
 */
export const probeEventStore = async (client: EsdbClient, connectionString: string, deadlineMs: number): Promise<void> => {
  const where = redactConnectionString(connectionString);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  const read = (async () => {
    for await (const _ of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, deadline: deadlineMs })) void _;
  })();
  try {
    await Promise.race([read, timeout]);
  } catch (error) {
    read.catch(() => undefined); // settled later or never: nobody is waiting for it any more
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`EventStoreDB at ${where} is unreachable (${reason}); start it with \`docker compose -f docker/compose.yml up -d eventstore\``);
  } finally {
    clearTimeout(timer);
  }
};

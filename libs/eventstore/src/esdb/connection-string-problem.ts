import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';

/**
 * What the client will refuse in a connection string, or null: parsed as the client parses it
 * (the parser the client's own `connectionString` runs), and each port checked, which the
 * client leaves to the socket (a port past 65535 failed only at first use, behind a /health of 503).
 */
export const esdbConnectionStringProblem = (connectionString: string): string | null => {
  try {
    const bad = parseConnectionString(connectionString).hosts.find(({ port }) => !(Number.isInteger(port) && port >= 1 && port <= 65_535));
    return bad ? `port ${bad.port} of ${bad.address} is not a port (1–65535)` : null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

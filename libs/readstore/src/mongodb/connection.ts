import { type Db, type Document, MongoClient } from 'mongodb';
import { supportsTransactions } from './topology';

export const DEFAULT_DATABASE = 'jobledger';
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5000;

/** One client, one database, and what the deployment can do; shared by the read and blob stores. */
export type MongoConnection = {
  readonly client: MongoClient;
  readonly db: Db;
  readonly transactions: boolean;
  close(): Promise<void>;
};

/**
 * The database named in the URI's path (`mongodb://host/jobledger_prod?…`), else `jobledger`.
 * The path is everything between the first `/` after the hosts and the `?`: hosts and
 * credentials cannot hold an unescaped `/`.
 */
export const databaseNameOf = (uri: string): string => {
  const rest = uri.replace(/^mongodb(\+srv)?:\/\//, '');
  const slash = rest.indexOf('/');
  if (slash < 0) return DEFAULT_DATABASE;
  const name = decodeURIComponent(rest.slice(slash + 1).split('?')[0]);
  return name === '' ? DEFAULT_DATABASE : name;
};

/**
 * What the driver will refuse in a URI, or null: a client made from it parses it there and then,
 * and connects only when asked to.
 */
export const mongoUriProblem = (uri: string): string | null => {
  try {
    new MongoClient(uri);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

/** Credentials never reach a log or an error message. */
export const redactUri = (uri: string): string => uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');

export type ConnectOptions = {
  /** A database other than the URI's (tests use one per test). */
  readonly database?: string;
  /** How long to look for a server before failing; a few seconds, so a wrong URI fails fast. */
  readonly serverSelectionTimeoutMS?: number;
};

/**
 * Connects and asks the server what it is, once: positions come back as bigint
 * (`useBigInt64`), and `hello` says whether multi-document transactions are available.
 */
export const connectMongo = async (uri: string, options: ConnectOptions = {}): Promise<MongoConnection> => {
  const client = new MongoClient(uri, {
    appName: 'jobledger', // names the connections in the server's logs and currentOp
    useBigInt64: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  });
  let hello: Document;
  try {
    await client.connect();
    hello = await client.db('admin').command({ hello: 1 });
  } catch (error) {
    await client.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach MongoDB at ${redactUri(uri)}: ${reason}`, { cause: error });
  }
  const db = client.db(options.database ?? databaseNameOf(uri));
  return { client, db, transactions: supportsTransactions(hello), close: () => client.close() };
};

/** The schemes `@eventstore/db-client` parses; anything else it rejects only at first use. */
export const ESDB_CONNECTION_SCHEMES = ['esdb://', 'esdb+discover://'] as const;

export const isEsdbConnectionString = (connectionString: string): boolean =>
  ESDB_CONNECTION_SCHEMES.some((scheme) => connectionString.startsWith(scheme));


/** The token of an `Authorization: Bearer <token>` header (any case, any spacing), else null. */
export const bearerTokenOf = (header: string | undefined): string | null => /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? null;

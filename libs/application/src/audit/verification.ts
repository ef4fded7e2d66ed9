/** One thing an auditor can rely on, and whether it held. */
export type Check = { readonly name: string; readonly ok: boolean; readonly detail: string };

export type Verification = { readonly valid: boolean; readonly checks: readonly Check[] };

export const check = (name: string, ok: boolean, detail: string): Check => ({ name, ok, detail });

/** Valid only when there is something checked and every check held. */
export const verification = (checks: readonly Check[]): Verification => ({ valid: checks.length > 0 && checks.every((c) => c.ok), checks });

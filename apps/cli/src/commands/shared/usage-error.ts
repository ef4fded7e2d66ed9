/** The caller's invocation is wrong (missing argument, unset environment): exit code 2, like commander's own. */
export class UsageError extends Error {}

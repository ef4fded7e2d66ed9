/**
 * A value as one word of a POSIX shell command line, so that a printed command can be pasted
 * as it is: bare when it holds nothing a shell reads specially, else in single quotes (a
 * quote inside as '\'').
 */
export const shellWord = (value: string): string =>
  /^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error';

/**
 * The text of a file named on the command line (`-`: standard input). One that cannot be read
 * is the invocation's fault, as a malformed argument is: exit 2, before any request.
 */
export const readArgumentFile = (option: string, file: string): string => {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`${option} ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
};

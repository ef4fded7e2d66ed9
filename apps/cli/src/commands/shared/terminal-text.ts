/**
 * Text from the server (a request's details, a customer's name, a log line, a message) is written
 * to a person's terminal as visible characters, never as the terminal's instructions: a
 * requester could otherwise clear an auditor's screen, hide text or write a fake verdict.
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides
 * are shown as `\uXXXX`, which is also a valid escape inside a JSON string, so `--json` output
 * means the same after it. The colour codes `paint` writes are let through only where the CLI
 * paints (a terminal, NO_COLOR unset, see colourOn): there a value can still colour its own text,
 * which hides, moves or rewrites nothing; piped, under NO_COLOR or with --json, none passes.
 */

// eslint-disable-next-line no-control-regex
const OWN_COLOUR = '\\x1b\\[(?:0|2|3[1-6])m';
// eslint-disable-next-line no-control-regex
const UNSAFE = '[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';
const IN_TEXT = new RegExp(`${OWN_COLOUR}|${UNSAFE}`, 'g');

/** Whether the CLI may have painted what it writes to stdout (colourOn without --json: a painted string shows none). */
const mayPaint = (): boolean => !!process.stdout.isTTY && !process.env.NO_COLOR;
const READABLE: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const shown = (c: string): string => READABLE[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Shows a colour code character by character, unless colours pass. */
const colourCode = (m: string, colours: boolean): string => (colours ? m : [...m].map((c) => (c === '\x1b' ? shown(c) : c)).join(''));

/** Whole output: its own line breaks and tabs stay; every other control character is shown. */
export const terminalText = (text: string, colours = mayPaint()): string =>
  text.replace(IN_TEXT, (m) => (m.length > 1 ? colourCode(m, colours) : m === '\n' || m === '\t' ? m : shown(m)));

/** One value in a table or a field line: its line breaks and tabs are shown too, so it stays on its line. */
export const terminalCell = (value: string, colours = mayPaint()): string =>
  value.replace(IN_TEXT, (m) => (m.length > 1 ? colourCode(m, colours) : shown(m)));

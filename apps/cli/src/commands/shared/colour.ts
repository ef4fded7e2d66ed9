import { terminalCell } from './terminal-text';

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, dim: 2 } as const;
export type Colour = keyof typeof CODES;

/** Colour only for a person at a terminal: never with --json, NO_COLOR, or output piped away. */
export const colourOn = (o: { json?: boolean }, stream: { isTTY?: boolean } = process.stdout): boolean =>
  !o.json && !!stream.isTTY && !process.env.NO_COLOR;

/** `text` (the server's, often) is shown, not obeyed, inside the colour: see terminalCell. */
export const paint = (on: boolean, colour: Colour, text: string): string => (on ? `\x1b[${CODES[colour]}m${terminalCell(text, false)}\x1b[0m` : text);

const PHASE_COLOURS: Record<string, Colour> = {
  done: 'green', cancelled: 'dim', active: 'yellow', review: 'cyan', blocked: 'red', waiting: 'magenta', ready: 'blue',
};

/** A phase (or effective phase) as a person reads it; `failed` and `closed` resolutions in red and dim. */
export const phaseLabel = (on: boolean, phase: string, resolution?: string | null): string => {
  const text = resolution && resolution !== 'completed' ? `${phase} (${resolution})` : phase;
  const colour = resolution === 'failed' ? 'red' : PHASE_COLOURS[phase];
  return colour ? paint(on, colour, text) : text;
};

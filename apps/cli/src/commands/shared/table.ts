import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { terminalCell, terminalText } from './terminal-text';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const width = (s: string) => s.replace(ANSI, '').length;
const pad = (s: string, to: number) => s + ' '.repeat(Math.max(0, to - width(s)));

/** A value the server may leave out or send as null (a record not sealed yet) is shown as `-`, as a missing field is. */
type Cell = string | null | undefined;
const cellText = (value: Cell): string => terminalCell(value ?? '-');

/** Plain aligned columns: the header row, then one line per row; the last column is not padded. */
export const table = (header: readonly string[], shownRows: readonly (readonly Cell[])[]): string => {
  const rows = shownRows.map((r) => r.map(cellText));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `${l}\n`).join('');
};

/** Field/value lines, without a header: one record shown in full. */
export const fields = (rows: readonly (readonly [string, Cell])[]): string => {
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${cellText(v)}\n`).join('');
};

/** Everything the CLI writes for a person or a program goes out through here (see terminalText). */
export const print = (text: string): void => {
  process.stdout.write(terminalText(text));
};
export const printJson = (value: unknown): void => print(`${JSON.stringify(value, null, 2)}\n`);

/** Actor ids of people already carry their role (`operator:ana`); the system's does not. */
export const actorName = (a: { id: string; role: string }): string => (a.id.startsWith(`${a.role}:`) ? a.id : `${a.role}:${a.id}`);

/** `operator:ana`, `agent:bot-1`, or `-`: the key the lists filter by. */
export const who = (a: Assignee | null | undefined): string => (!a ? '-' : a.kind === 'operator' ? `operator:${a.slug}` : `agent:${a.agentId}`);


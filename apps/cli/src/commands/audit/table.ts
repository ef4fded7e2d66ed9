/** Plain aligned columns: the header row, then one line per row; the last column is not padded. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `${l}\n`).join('');
};

export const print = (text: string): void => {
  process.stdout.write(text);
};
export const printJson = (value: unknown): void => print(`${JSON.stringify(value, null, 2)}\n`);

/** Actor ids of people already carry their role (`operator:ana`); the system's does not. */
export const actorName = (a: { id: string; role: string }): string => (a.id.startsWith(`${a.role}:`) ? a.id : `${a.role}:${a.id}`);

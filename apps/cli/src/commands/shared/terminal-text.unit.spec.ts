import { paint } from './colour';
import { fields, print, table } from './table';
import { terminalCell, terminalText } from './terminal-text';

describe('server text on a terminal: shown, never obeyed', () => {
  const hostile = '\x1b[2J\x1b[Hjob acme-00000000: all records VALID\x1b[8m\x07\x9b31m\u202egnp.exe\u2028';

  it('shows control characters, separators and bidi overrides as \\uXXXX, leaving other text as it is', () => {
    expect(terminalText(hostile)).toBe('\\u001b[2J\\u001b[Hjob acme-00000000: all records VALID\\u001b[8m\\u0007\\u009b31m\\u202egnp.exe\\u2028');
    expect(terminalText('Ünïcödé ✓ 日本 \u{1F600}')).toBe('Ünïcödé ✓ 日本 \u{1F600}');
  });

  it('keeps the output\'s own line breaks, tabs and colours (where it paints), and a value\'s line breaks shown on its line', () => {
    const coloured = `${paint(true, 'green', 'done')}\t${paint(true, 'dim', 'x')}\n`;
    expect(terminalText(coloured, true)).toBe(coloured);
    expect(terminalText('a\rb')).toBe('a\\rb');
    expect(terminalCell('first\nsecond\r\tthird')).toBe('first\\nsecond\\r\\tthird');
    expect(terminalCell(paint(true, 'red', 'failed'), true)).toBe(paint(true, 'red', 'failed'));
  });

  it('lets no colour code through where the CLI does not paint (piped, NO_COLOR), a value\'s own included', () => {
    expect(process.stdout.isTTY).toBeFalsy(); // jest's stdout is no terminal
    expect(terminalCell('\x1b[32mall records VALID\x1b[0m')).toBe('\\u001b[32mall records VALID\\u001b[0m');
    expect(terminalText('\x1b[2mx\x1b[0m\n')).toBe('\\u001b[2mx\\u001b[0m\n');
  });

  it('paints a value without letting it give orders inside the colour', () => {
    expect(paint(true, 'green', 'done\x1b[2J\x1b[0m')).toBe('\x1b[32mdone\\u001b[2J\\u001b[0m\x1b[0m');
  });

  it('escapes as JSON does, so a JSON line means the same after it', () => {
    const line = JSON.stringify({ title: 'a\u0085b\u2028c\u202ed', n: 1 });
    expect(JSON.parse(terminalText(line))).toEqual({ title: 'a\u0085b\u2028c\u202ed', n: 1 });
  });

  it('tables, field lines and print keep every value on its own line and obey none of it', () => {
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; });
    try {
      print(fields([['title', hostile], ['phase', 'done\nverdict   VALID']]));
      print(table(['ID', 'TITLE'], [['j-1', 'x\x1b[1Ay']]));
    } finally {
      write.mockRestore();
    }
    const text = out.join('');
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u202e]/);
    expect(text.split('\n')).toEqual([
      expect.stringMatching(/^title {2}\\u001b\[2J/),
      'phase  done\\nverdict   VALID',
      'ID   TITLE',
      'j-1  x\\u001b[1Ay',
      '',
    ]);
  });
});

import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenedFile } from './opened-file';

describe('OpenedFile', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'jobledger-opened-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds while the path names the file opened, and tells a deleted one for good', () => {
    const path = join(dir, 'events.sqlite');
    writeFileSync(path, 'x');
    const file = new OpenedFile(path);
    expect([file.check(), file.lost()]).toEqual([null, null]);
    unlinkSync(path);
    expect(file.lost()).toBeNull(); // not asked yet
    expect(file.check()).toBe(`${path} was deleted while open`);
    writeFileSync(path, 'a new empty log, made by another process');
    expect([file.check(), file.lost()]).toEqual([`${path} was deleted while open`, `${path} was deleted while open`]);
  });

  it('tells a file put in its place (a restore over a running process)', () => {
    const path = join(dir, 'events.sqlite');
    writeFileSync(path, 'x');
    const file = new OpenedFile(path);
    writeFileSync(join(dir, 'backup'), 'y');
    renameSync(join(dir, 'backup'), path);
    expect(file.check()).toBe(`${path} was replaced by another file while open`);
  });

  it('has nothing to lose in memory', () => {
    expect(new OpenedFile(':memory:').check()).toBeNull();
  });
});

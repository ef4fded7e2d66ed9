import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
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
    expect(file.check()).toBeNull();
    unlinkSync(path);
    expect(file.check()).toBe(`${path} was deleted while open`);
    writeFileSync(path, 'a new empty log, made by another process');
    expect(file.check()).toBe(`${path} was deleted while open`);
  });

  it('tells a file put in its place (a restore over a running process)', () => {
    const path = join(dir, 'events.sqlite');
    writeFileSync(path, 'x');
    const file = new OpenedFile(path);
    writeFileSync(join(dir, 'backup'), 'y');
    renameSync(join(dir, 'backup'), path);
    expect(file.check()).toBe(`${path} was replaced by another file while open`);
  });

  it('cannot tell, and never throws, when the path cannot be looked at (EACCES, EIO, ELOOP): the write decides', () => {
    const path = join(dir, 'data', 'events.sqlite');
    mkdirSync(join(dir, 'data'));
    writeFileSync(path, 'x');
    const file = new OpenedFile(path);
    // A stat that fails other than "no such file" (root is refused no permission, so a loop it is).
    renameSync(join(dir, 'data'), join(dir, 'moved'));
    symlinkSync(join(dir, 'data'), join(dir, 'data'));
    expect(() => file.check()).not.toThrow();
    expect(file.check()).toBeNull();
  });

  it('has nothing to lose in memory', () => {
    expect(new OpenedFile(':memory:').check()).toBeNull();
  });
});

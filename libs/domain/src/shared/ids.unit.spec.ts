import { createHash } from 'node:crypto';
import { deriveId, uuidV5 } from './ids';

/** RFC 4122 §4.3 spelled out, the long way, to compare against. */
const reference = (name: string, namespace: string): string => {
  const digest = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const h = digest.toString('hex', 0, 16);
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
};

describe('uuidV5', () => {
  it('gives the published version-5 ids of the DNS namespace', () => {
    expect(uuidV5('python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d'); // Python's uuid docs
    expect(uuidV5('www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('hashes names as UTF-8, whatever their characters, in any namespace', () => {
    const url = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
    for (const name of ['', 'a', 'commande:é', '作业-1:event:0', '🙂'.repeat(40), 'x'.repeat(5000)]) {
      expect(uuidV5(name)).toBe(reference(name, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'));
      expect(uuidV5(name, url)).toBe(reference(name, url));
    }
  });

  it('derives ids from parts joined by colons', () => {
    expect(deriveId('cmd-1', 'job-a1b2c3d4', '0')).toBe(uuidV5('cmd-1:job-a1b2c3d4:0'));
    expect(deriveId('cmd-1', 'job-a1b2c3d4', '0')).not.toBe(deriveId('cmd-1', 'job-a1b2c3d4', '1'));
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(RangeError);
    expect(() => uuidV5('x', '6ba7b810-9dad-11d1-80b4-00c04fd430')).toThrow(RangeError); // 15 bytes
  });
});

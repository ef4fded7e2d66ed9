import { detectContentType } from './content-type';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
/** A minimal ISO-BMFF `ftyp` box: size, 'ftyp', major brand, minor version 0, compatible brands. */
const ftyp = (major: string, ...compatible: string[]): Buffer => {
  const body = Buffer.concat([ascii('ftyp'), ascii(major), u32(0), ...compatible.map(ascii)]);
  return Buffer.concat([u32(body.length + 4), body, ascii('meta')]);
};

describe('detectContentType', () => {
  it.each([
    ['JPEG (JFIF)', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), 'image/jpeg'],
    ['JPEG (Exif)', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x18, 0x45, 0x78, 0x69, 0x66]), 'image/jpeg'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'image/png'],
    ['GIF87a', ascii('GIF87a\x01\x00\x01\x00'), 'image/gif'],
    ['GIF89a', ascii('GIF89a\x01\x00\x01\x00'), 'image/gif'],
    ['WebP', Buffer.concat([ascii('RIFF'), u32(0x1a000000), ascii('WEBPVP8 ')]), 'image/webp'],
    ['PDF', ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf'],
    ['HEIC (iPhone)', ftyp('heic', 'mif1', 'heic'), 'image/heic'],
    ['HEIC sequence brand heix', ftyp('heix', 'mif1'), 'image/heic'],
    ['HEIF with a HEIC compatible brand', ftyp('mif1', 'mif1', 'heic'), 'image/heic'],
    ['plain HEIF image', ftyp('mif1', 'mif1'), 'image/heif'],
    ['HEIF image sequence', ftyp('msf1', 'msf1'), 'image/heif'],
  ])('recognises %s', (_name, bytes, type) => {
    expect(detectContentType(bytes)).toBe(type);
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['plain text', ascii('hello, this is not an image')],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['a RIFF that is not WebP (WAV)', Buffer.concat([ascii('RIFF'), u32(0), ascii('WAVEfmt ')])],
    ['an MP4 video', ftyp('isom', 'isom', 'mp41')],
    ['an AVIF image, despite its mif1 brand', ftyp('avif', 'mif1', 'avif')],
    ['a mif1 container holding AVIF', ftyp('mif1', 'mif1', 'avif')],
    ['HTML declared as anything', ascii('<!doctype html><html>')],
    ['a ZIP archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
  ])('rejects %s', (_name, bytes) => {
    expect(detectContentType(bytes)).toBeNull();
  });

  it('reads no more than 64 compatible brands, whatever size the box declares', () => {
    const filler = Array.from({ length: 64 }, () => 'mif1');
    expect(detectContentType(ftyp('mif1', ...filler.slice(1), 'heic'))).toBe('image/heic');
    expect(detectContentType(ftyp('mif1', ...filler, 'heic'))).toBe('image/heif');
    const declaredHuge = Buffer.concat([u32(0xffffffff), ascii('ftypmif1'), u32(0), Buffer.alloc(1024 * 1024, 'heic')]);
    expect(detectContentType(declaredHuge)).toBe('image/heic');
  });
});

/**
 * Evidence is kept only when its bytes say what it is: the declared type comes from the
 * client and is not trusted. These are the formats a phone camera or a scanner produces.
 */
export const SUPPORTED_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'] as const;
export type SupportedContentType = (typeof SUPPORTED_CONTENT_TYPES)[number];

/** The file name extension of each supported type, for downloads. */
export const EXTENSIONS: Readonly<Record<SupportedContentType, string>> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/heic': 'heic', 'image/heif': 'heif', 'application/pdf': 'pdf',
};

const startsWith = (bytes: Buffer, signature: readonly number[] | string, offset = 0): boolean => {
  const sig = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= offset + sig.length && bytes.subarray(offset, offset + sig.length).equals(sig);
};

const HEIC_BRANDS = new Set(['heic', 'heix']);
const HEIF_BRANDS = new Set(['mif1', 'msf1']);
/** AVIF shares HEIF's container (and often its `mif1` brand) but is another codec: not accepted. */
const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * Real `ftyp` boxes list a handful of brands (20–40 bytes in all). The box's size comes from
 * the client, so the scan stops here: a declared size of 4 GiB must not turn a sniff on the
 * API thread into seconds of work on every upload and every read of those bytes.
 */
const MAX_COMPATIBLE_BRANDS = 64;

/**
 * ISO-BMFF: `[size:4]['ftyp'][major brand:4][minor version:4][compatible brands:4×n]`.
 * The major brand decides; a generic `mif1`/`msf1` file is HEIC when it lists a HEIC
 * brand among its compatible ones.
 */
const heifFamily = (bytes: Buffer): SupportedContentType | null => {
  if (!startsWith(bytes, 'ftyp', 4) || bytes.length < 12) return null;
  const boxEnd = Math.min(bytes.readUInt32BE(0), bytes.length, 16 + 4 * MAX_COMPATIBLE_BRANDS);
  const brand = (at: number): string => bytes.toString('latin1', at, at + 4);
  const major = brand(8);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= boxEnd; at += 4) compatible.push(brand(at));
  if (HEIC_BRANDS.has(major)) return 'image/heic';
  if (!HEIF_BRANDS.has(major) || compatible.some((b) => AVIF_BRANDS.has(b))) return null;
  return compatible.some((b) => HEIC_BRANDS.has(b)) ? 'image/heic' : 'image/heif';
};

/** The content type the leading bytes prove, or null when they match no supported format. */
export const detectContentType = (bytes: Buffer): SupportedContentType | null => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'image/gif';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'image/webp';
  if (startsWith(bytes, '%PDF-')) return 'application/pdf';
  return heifFamily(bytes);
};

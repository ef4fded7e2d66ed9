/** Small byte strings that start like real files of each kind (the headers are what counts). */
export const samples = {
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-rest-of-a-png')]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-rest-of-a-jpeg')]),
  pdf: Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n', 'latin1'),
  text: Buffer.from('just some text, not evidence'),
} as const;

/** A JPEG of exactly `size` bytes (header, then padding). */
export const jpegOfSize = (size: number): Buffer => Buffer.concat([samples.jpeg, Buffer.alloc(size - samples.jpeg.length, 0x20)]);

import { samples } from '../../contract/samples';
import { admit } from '../admit';
import { blobRefOf, contentTypeOf, COPY_ORDER, fileMetadata } from './metadata';

describe('GridFS file metadata', () => {
  const admitted = admit(samples.png, 1024);

  it('records sha256, the proven content type and the size', () => {
    expect(fileMetadata(admitted)).toEqual({ sha256: admitted.sha256, contentType: 'image/png', sizeBytes: samples.png.length });
    expect(blobRefOf(admitted.sha256)).toBe(`gridfs:${admitted.sha256}`);
  });

  it('reads the recorded type back, and types by the bytes what carries no supported one', () => {
    expect(contentTypeOf({ metadata: fileMetadata(admitted) }, samples.png)).toBe('image/png');
    expect(contentTypeOf({ metadata: { contentType: 'text/html' } }, samples.pdf)).toBe('application/pdf');
    expect(contentTypeOf({}, samples.jpeg)).toBe('image/jpeg');
    expect(contentTypeOf({}, samples.text)).toBe('application/octet-stream');
  });

  it('orders concurrent copies of the same bytes by upload time, then id, so every reader picks the same one', () => {
    expect(Object.entries(COPY_ORDER)).toEqual([['uploadDate', 1], ['_id', 1]]);
  });
});

import { Readable, Writable } from 'node:stream';
import { type Document, type GridFSFile, ObjectId } from 'mongodb';
import type { EvidenceBucket } from '../gridfs-blob-store';

/*
 * A GridFS bucket in memory, as far as the store uses one: the file document appears only
 * once the upload has finished (as GridFS writes it after the last chunk), `find` honours a
 * filename filter, an (uploadDate, _id) sort and a limit, and deleting removes file and bytes.
 */
export class InMemoryBucket {
  readonly files: GridFSFile[] = [];
  /** Chunks as GridFS writes them, before the file document: what a failed upload leaves. */
  readonly chunks = new Map<string, Buffer[]>();
  /** The file document's write fails, as when the server goes away after the last chunk. */
  failFileDocument = false;
  /** The file document is written, but its acknowledgement is lost: the upload fails all the same. */
  loseFileDocumentAck = false;
  private readonly bytes = new Map<string, Buffer>();
  private clock = Date.UTC(2026, 0, 1);
  /** Runs when an upload has its bytes, just before its file document is written. */
  beforeFileWritten: (filename: string) => void = () => undefined;

  /** Adds a complete copy directly, as another process's upload would. */
  addCopy(filename: string, bytes: Buffer, metadata: Document, uploadDate = new Date(this.clock++)): ObjectId {
    const _id = new ObjectId();
    this.bytes.set(_id.toHexString(), bytes);
    this.files.push({ _id, filename, metadata, length: bytes.length, chunkSize: 255 * 1024, uploadDate });
    return _id;
  }

  find(filter: { filename: string } | { _id: ObjectId }, options: { limit?: number } = {}) {
    const found = this.files
      .filter((f) => ('_id' in filter ? f._id.equals(filter._id) : f.filename === filter.filename))
      .sort((a, b) => a.uploadDate.getTime() - b.uploadDate.getTime() || a._id.toHexString().localeCompare(b._id.toHexString()))
      .slice(0, options.limit ?? Infinity);
    return { next: async () => found[0] ?? null, toArray: async () => found };
  }

  openUploadStream(filename: string, options: { metadata?: Document } = {}) {
    const parts: Buffer[] = [];
    const id = new ObjectId();
    this.chunks.set(id.toHexString(), parts);
    let ended = false;
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => (parts.push(chunk), done()),
      final: (done) => {
        ended = true;
        if (this.failFileDocument) return done(new Error('connection closed'));
        this.beforeFileWritten(filename);
        const bytes = Buffer.concat(parts);
        this.bytes.set(id.toHexString(), bytes);
        this.chunks.delete(id.toHexString());
        this.files.push({ _id: id, filename, metadata: options.metadata, length: bytes.length, chunkSize: 255 * 1024, uploadDate: new Date(this.clock++) });
        done(this.loseFileDocumentAck ? new Error('connection closed') : undefined);
      },
    });
    // GridFSBucketWriteStream.abort: deletes the chunks written so far, and refuses once the
    // stream has ended (the driver's `streamEnd`, set before the last chunk and the file document).
    const abort = async () => {
      if (ended) throw new Error('Cannot abort a stream that has already completed');
      this.chunks.delete(id.toHexString());
    };
    return Object.assign(stream, { id, abort });
  }

  openDownloadStream(id: ObjectId) {
    const bytes = this.bytes.get(id.toHexString());
    if (bytes === undefined) return new Readable({ read() { this.destroy(new Error(`FileNotFound: file ${id.toHexString()} does not exist`)); } });
    return Readable.from([bytes]);
  }

  /** As GridFSBucket.delete: the file document, then the chunks (orphans too), then FileNotFound if there was no document. */
  async delete(id: ObjectId): Promise<void> {
    const at = this.files.findIndex((f) => f._id.equals(id));
    if (at >= 0) this.files.splice(at, 1);
    this.bytes.delete(id.toHexString());
    this.chunks.delete(id.toHexString());
    if (at < 0) throw new Error(`FileNotFound: no file with id ${id.toHexString()}`);
  }

  asBucket(): EvidenceBucket {
    return this as unknown as EvidenceBucket;
  }
}

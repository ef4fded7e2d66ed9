/** The first layer: 64 ids at a false-positive rate of 0.2 % (104 bytes). */
const FIRST_CAPACITY = 64;
const FIRST_RATE = 0.002;
/** Each further layer's rate against the one before: the sum stays under FIRST_RATE / (1 - 0.8) = 1 %. */
const TIGHTENING = 0.8;

/** One Bloom filter sized for `capacity` ids at `rate` false positives. */
class Layer {
  readonly bits: Uint32Array;
  private readonly size: number;
  private readonly hashes: number;
  count = 0;

  constructor(
    readonly capacity: number,
    readonly rate: number,
  ) {
    const bitsPerId = -Math.log(rate) / (Math.LN2 * Math.LN2);
    this.size = Math.ceil((capacity * bitsPerId) / 32) * 32;
    this.hashes = Math.max(1, Math.round(bitsPerId * Math.LN2));
    this.bits = new Uint32Array(this.size / 32);
  }

  add(h1: number, h2: number): void {
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const at = bit % this.size;
      this.bits[at >>> 5] |= 1 << (at & 31);
    }
    this.count++;
  }

  has(h1: number, h2: number): boolean {
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const at = bit % this.size;
      if ((this.bits[at >>> 5] & (1 << (at & 31))) === 0) return false;
    }
    return true;
  }
}

/** FNV-1a over the id's UTF-16 code units, from two different starting points. */
const hashes = (id: string): [number, number] => {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  b ^= b >>> 15;
  // Odd: the probes of one id never all fall on the same bit.
  return [a >>> 0, (b | 1) >>> 0];
};

/**
 * The command ids a stream's folded events carry, in little memory whatever the stream's
 * length: a scalable Bloom filter (layers of twice the capacity and a lower false-positive
 * rate each, so that the whole stays under 1 %). `mayHave` is never false for an id added — a
 * command it says is new is new — and a "maybe" costs the caller one read of the stream to be
 * sure (command-executor.ts), about once per hundred commands on streams of any length. An exact
 * set grew with every command on a stream (≈ 60 bytes an id): a stream with tens of thousands of
 * heartbeats or thread messages kept megabytes for as long as its fold was kept; this keeps
 * 2–3 bytes an id.
 */
export class CommandIdFilter {
  private readonly layers: Layer[] = [new Layer(FIRST_CAPACITY, FIRST_RATE)];

  add(id: string): void {
    const [h1, h2] = hashes(id);
    let last = this.layers[this.layers.length - 1];
    if (last.count >= last.capacity) this.layers.push((last = new Layer(last.capacity * 2, last.rate * TIGHTENING)));
    last.add(h1, h2);
  }

  mayHave(id: string): boolean {
    const [h1, h2] = hashes(id);
    return this.layers.some((layer) => layer.has(h1, h2));
  }

  /** The filter's bits, in bytes (for tests and memory estimates). */
  get byteLength(): number {
    return this.layers.reduce((sum, layer) => sum + layer.bits.byteLength, 0);
  }
}

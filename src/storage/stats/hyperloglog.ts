/**
 * A HyperLogLog distinct-count sketch (Flajolet et al. 2007, with the small-range linear
 * counting correction): 2^11 one-byte registers (2 KiB), about 2.3% standard error, exact in
 * practice for a few hundred distinct values. Sketches of partitions merge register-wise, so
 * a table's distinct count is the merge of its partitions' sketches.
 *
 * @example
 * ```ts
 * const h = new HyperLogLog();
 * for (let i = 0; i < 1000; i++) h.addHash(hashInt32(i % 10));
 * Math.round(h.estimate()); // 10
 * ```
 */

const P = 11;
const M = 1 << P;
/** Bias constant α_m for m ≥ 128. */
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** A distinct-count sketch over 32-bit hashes. */
export class HyperLogLog {
  readonly registers = new Uint8Array(M);

  /** Adds one 32-bit hash (see `value-hash.ts`). */
  addHash(h: number): void {
    const idx = h >>> (32 - P);
    // rank of the first 1 bit among the remaining 21 bits (22 when they are all 0)
    const rest = (h << P) | (1 << (P - 1));
    const rank = Math.clz32(rest) + 1;
    if (rank > this.registers[idx]!) this.registers[idx] = rank;
  }

  /** Adds the hashes `hs[0..n)`. */
  addHashes(hs: Uint32Array, n: number): void {
    const reg = this.registers;
    for (let i = 0; i < n; i++) {
      const h = hs[i]!;
      const idx = h >>> (32 - P);
      const rank = Math.clz32((h << P) | (1 << (P - 1))) + 1;
      if (rank > reg[idx]!) reg[idx] = rank;
    }
  }

  /** Folds another sketch into this one. */
  merge(other: HyperLogLog): void {
    const a = this.registers, b = other.registers;
    for (let i = 0; i < M; i++) if (b[i]! > a[i]!) a[i] = b[i]!;
  }

  /** The estimated number of distinct hashes added. */
  estimate(): number {
    const r = this.registers;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const v = r[i]!;
      sum += 2 ** -v;
      if (v === 0) zeros++;
    }
    const raw = (ALPHA * M * M) / sum;
    // small range: linear counting over the empty registers is far more accurate
    if (raw <= 2.5 * M && zeros > 0) return M * Math.log(M / zeros);
    return raw;
  }

  /** A copy of this sketch. */
  clone(): HyperLogLog {
    const h = new HyperLogLog();
    h.registers.set(this.registers);
    return h;
  }
}

/**
 * The rows whose NIK may repeat an earlier row's, found while the file is staged, so that a merge in chunks
 * need not scan the whole staging for repeats (one scan of 1.5 M staged rows holds PGlite ~0.7 s).
 * A 32-bit hash of each NIK goes into an open-addressing table with the first row that had it: 16 MB for
 * 1.5 M rows, against ~100 MB for a Map of strings. Every row whose hash was seen before is a candidate, and
 * so is the first row of that hash: together they are *every* row of a repeated hash, so grouping them by
 * their real NIK in the database (by row number, the staging's primary key) finds the repeats exactly —
 * a hash collision only adds a few rows to look at.
 */
export class RepeatedNiks {
  #hashes = new Uint32Array(1 << 16);
  #rows = new Int32Array(1 << 16);
  #used = 0;
  #candidates: number[] = [];

  /** A staged row with its NIK (row numbers start at 1; 0 marks an empty slot). */
  add(nik: string, rowNo: number): void {
    // Up to three quarters full: 1.5 M rows fit in 2^21 slots (16 MB), linear probing still short.
    if (this.#used * 4 >= this.#rows.length * 3) this.#grow();
    const h = fnv1a(nik);
    const mask = this.#rows.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const first = this.#rows[i]!;
      if (first === 0) {
        this.#hashes[i] = h;
        this.#rows[i] = rowNo;
        this.#used++;
        return;
      }
      if (this.#hashes[i] === h) {
        // The first row of the hash is added again for each repeat: made unique at the end.
        this.#candidates.push(first, rowNo);
        return;
      }
    }
  }

  /** The candidate rows, ascending, each once. */
  candidates(): number[] {
    return [...new Set(this.#candidates)].sort((a, b) => a - b);
  }

  #grow(): void {
    const hashes = this.#hashes;
    const rows = this.#rows;
    this.#hashes = new Uint32Array(rows.length * 2);
    this.#rows = new Int32Array(rows.length * 2);
    const mask = this.#rows.length - 1;
    for (let j = 0; j < rows.length; j++) {
      if (rows[j] === 0) continue;
      let i = hashes[j]! & mask;
      while (this.#rows[i] !== 0) i = (i + 1) & mask;
      this.#hashes[i] = hashes[j]!;
      this.#rows[i] = rows[j]!;
    }
  }
}

/** FNV-1a, 32 bits, over the NIK's characters (ASCII digits). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// The leaves waiting to be split, best gain first: a binary max-heap of node ids over a gain array,
// so leaf-wise growth picks the next leaf in O(log leaves) instead of scanning every leaf (which is
// quadratic in the leaf count for deep trees). Equal gains go to the lower node id, so the order,
// and with it the tree, depends on nothing but the data.

export class SplitQueue {
  private readonly heap: Int32Array;
  private size = 0;

  constructor(
    capacity: number,
    private readonly gains: Float64Array,
  ) {
    this.heap = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  /** Queues a node whose gain is already in `gains`. */
  push(node: number): void {
    const { heap } = this;
    let i = this.size++;
    heap[i] = node;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The queued node with the largest gain, or −1 when none is left. */
  pop(): number {
    if (this.size === 0) return -1;
    const { heap } = this;
    const top = heap[0]!;
    heap[0] = heap[--this.size]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < this.size && this.before(heap[left]!, heap[first]!)) first = left;
      if (right < this.size && this.before(heap[right]!, heap[first]!)) first = right;
      if (first === i) break;
      this.swap(i, first);
      i = first;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const ga = this.gains[a]!;
    const gb = this.gains[b]!;
    return ga > gb || (ga === gb && a < b);
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!;
    this.heap[i] = this.heap[j]!;
    this.heap[j] = t;
  }
}

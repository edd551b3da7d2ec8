/**
 * A bounded FIFO for records waiting to be shipped. When full, the **oldest** record is dropped to
 * make room: during an outage the newest records describe the state the operator has to act on,
 * and stdout still holds every line. Every drop is counted; `takeUnreportedDrops()` hands the count
 * since the last call to whoever reports it, so the sum of reported drops is exact.
 */
export class LogBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private length = 0;
  private droppedTotal = 0;
  private droppedUnreported = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Records dropped since the buffer was created. */
  get dropped(): number {
    return this.droppedTotal;
  }

  push(item: T): void {
    if (this.length === this.capacity) {
      // Overwrite the oldest slot and move the head past it.
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
      this.droppedTotal += 1;
      this.droppedUnreported += 1;
      return;
    }
    this.items[(this.head + this.length) % this.capacity] = item;
    this.length += 1;
  }

  /** Removes and returns up to `max` of the oldest records. */
  take(max: number): T[] {
    const count = Math.min(max, this.length);
    const out = new Array<T>(count);
    for (let i = 0; i < count; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.length -= count;
    return out;
  }

  /** The drops not yet reported; resets the count. */
  takeUnreportedDrops(): number {
    const count = this.droppedUnreported;
    this.droppedUnreported = 0;
    return count;
  }
}

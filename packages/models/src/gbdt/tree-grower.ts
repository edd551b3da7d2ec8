// Grows one regression tree on binned features from per-row gradients and hessians.
//
// Growth is leaf-wise (best-first, as LightGBM): the leaf whose best split gains most is split next,
// until maxLeaves leaves exist, no leaf may split (maxDepth, minSamplesLeaf, minChildWeight) or no
// split gains more than minSplitGain. With maxLeaves = 2^maxDepth (the default) every splittable node
// within the depth limit is split, and since a node's best split depends only on its own rows the
// tree is the same as depth-wise growth (XGBoost's default) with the same limits.
//
// The rows of a node are a contiguous range of one index array, partitioned in place (stably, so
// each range stays in increasing row order and column reads stay sequential); gradients and
// hessians travel with the indices so histogram building reads them sequentially. All buffers,
// including a pool of histogram buffers, are allocated once per training run.

import { buildHistogram, subtractHistogram, type HistogramLayout } from './histogram.ts';
import { emptySplit, findBestSplit, type SplitChoice, type SplitLimits } from './split-finder.ts';
import { SplitQueue } from './split-queue.ts';

export interface TreeGrowthLimits extends SplitLimits {
  readonly maxDepth: number;
  readonly maxLeaves: number;
  readonly learningRate: number;
}

/** A grown tree over bin indices: node i splits on binColumns[feature[i]][r] <= bin[i]. */
export interface BinnedTree {
  nodeCount: number;
  feature: Int32Array;
  bin: Int32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export class TreeGrower {
  private readonly rows: Int32Array;
  private readonly orderedGradient: Float64Array;
  private readonly orderedHessian: Float64Array;
  private readonly spareRows: Int32Array;
  private readonly spareGradient: Float64Array;
  private readonly spareHessian: Float64Array;
  private readonly freeHistograms: Float64Array[] = [];

  // Per-node state, indexed by node id (at most 2·maxLeaves − 1 nodes).
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly depth: Int32Array;
  private readonly nodeGradient: Float64Array;
  private readonly nodeHessian: Float64Array;
  private readonly histograms: (Float64Array | null)[];
  private readonly splits: SplitChoice[];
  private readonly gains: Float64Array;
  private readonly queue: SplitQueue;
  private readonly tree: BinnedTree;

  constructor(
    private readonly layout: HistogramLayout,
    maxRows: number,
    private readonly limits: TreeGrowthLimits,
  ) {
    this.rows = new Int32Array(maxRows);
    this.orderedGradient = new Float64Array(maxRows);
    this.orderedHessian = new Float64Array(maxRows);
    this.spareRows = new Int32Array(maxRows);
    this.spareGradient = new Float64Array(maxRows);
    this.spareHessian = new Float64Array(maxRows);
    // Every leaf holds at least minSamplesLeaf rows and sits at most maxDepth deep, which bounds the
    // node arrays even when maxLeaves is left at 2^maxDepth for a large depth.
    const leafBound = Math.max(1, Math.min(limits.maxLeaves, 2 ** limits.maxDepth, Math.floor(maxRows / limits.minSamplesLeaf)));
    const maxNodes = 2 * leafBound - 1;
    this.gains = new Float64Array(maxNodes);
    this.queue = new SplitQueue(leafBound, this.gains);
    this.start = new Int32Array(maxNodes);
    this.end = new Int32Array(maxNodes);
    this.depth = new Int32Array(maxNodes);
    this.nodeGradient = new Float64Array(maxNodes);
    this.nodeHessian = new Float64Array(maxNodes);
    this.histograms = new Array<Float64Array | null>(maxNodes).fill(null);
    this.splits = Array.from({ length: maxNodes }, emptySplit);
    this.tree = {
      nodeCount: 0,
      feature: new Int32Array(maxNodes),
      bin: new Int32Array(maxNodes),
      left: new Int32Array(maxNodes),
      right: new Int32Array(maxNodes),
      value: new Float64Array(maxNodes),
    };
  }

  /**
   * Grows a tree on the `rowCount` rows listed in `sample` (or rows 0..rowCount−1 when null) using
   * the listed features. The returned tree is a view into buffers reused by the next call.
   */
  grow(
    sample: Int32Array | null,
    rowCount: number,
    gradient: Float64Array,
    hessian: Float64Array,
    features: Int32Array,
    featureCount: number,
  ): BinnedTree {
    const { rows, orderedGradient, orderedHessian, tree, limits } = this;
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < rowCount; i++) {
      const r = sample === null ? i : sample[i]!;
      rows[i] = r;
      const g = gradient[r]!;
      const h = hessian[r]!;
      orderedGradient[i] = g;
      orderedHessian[i] = h;
      sumG += g;
      sumH += h;
    }
    tree.nodeCount = 1;
    this.queue.clear();
    this.openLeaf(0, 0, rowCount, 0, sumG, sumH);
    let leaves = 1;
    if (this.canSplit(0, leaves)) {
      const histogram = this.acquireHistogram();
      buildHistogram(histogram, this.layout, features, featureCount, rows, orderedGradient, orderedHessian, 0, rowCount);
      this.evaluate(0, histogram, features, featureCount);
    }

    while (leaves < limits.maxLeaves) {
      const node = this.queue.pop();
      if (node < 0) break;
      const split = this.splits[node]!;
      const mid = this.partition(node, split.feature, split.bin);
      const leftId = tree.nodeCount;
      const rightId = leftId + 1;
      tree.nodeCount += 2;
      tree.feature[node] = split.feature;
      tree.bin[node] = split.bin;
      tree.left[node] = leftId;
      tree.right[node] = rightId;
      const childDepth = this.depth[node]! + 1;
      this.openLeaf(leftId, this.start[node]!, mid, childDepth, split.leftGradient, split.leftHessian);
      this.openLeaf(rightId, mid, this.end[node]!, childDepth, this.nodeGradient[node]! - split.leftGradient, this.nodeHessian[node]! - split.leftHessian);
      leaves++;

      const parentHistogram = this.histograms[node]!;
      this.histograms[node] = null;
      const leftSmaller = mid - this.start[node]! <= this.end[node]! - mid;
      const small = leftSmaller ? leftId : rightId;
      const large = leftSmaller ? rightId : leftId;
      const splitSmall = this.canSplit(small, leaves);
      const splitLarge = this.canSplit(large, leaves);
      if (splitLarge) {
        // Build the smaller child; the larger is what is left of the parent.
        const smallHistogram = this.acquireHistogram();
        buildHistogram(smallHistogram, this.layout, features, featureCount, rows, orderedGradient, orderedHessian, this.start[small]!, this.end[small]!);
        subtractHistogram(parentHistogram, smallHistogram, this.layout, features, featureCount);
        this.evaluate(large, parentHistogram, features, featureCount);
        if (splitSmall) this.evaluate(small, smallHistogram, features, featureCount);
        else this.freeHistograms.push(smallHistogram);
      } else if (splitSmall) {
        buildHistogram(parentHistogram, this.layout, features, featureCount, rows, orderedGradient, orderedHessian, this.start[small]!, this.end[small]!);
        this.evaluate(small, parentHistogram, features, featureCount);
      } else {
        this.freeHistograms.push(parentHistogram);
      }
    }
    this.closeTree();
    return tree;
  }

  private openLeaf(node: number, start: number, end: number, depth: number, gradient: number, hessian: number): void {
    this.start[node] = start;
    this.end[node] = end;
    this.depth[node] = depth;
    this.nodeGradient[node] = gradient;
    this.nodeHessian[node] = hessian;
    this.tree.left[node] = -1;
    this.tree.right[node] = -1;
    this.tree.feature[node] = 0;
    this.tree.bin[node] = 0;
    this.tree.value[node] = 0;
  }

  /** Whether a leaf could still be split (before looking at its histogram). */
  private canSplit(node: number, leaves: number): boolean {
    return leaves < this.limits.maxLeaves && this.depth[node]! < this.limits.maxDepth && this.end[node]! - this.start[node]! >= 2 * this.limits.minSamplesLeaf;
  }

  /** Finds a leaf's best split; keeps its histogram only while that split is pending. */
  private evaluate(node: number, histogram: Float64Array, features: Int32Array, featureCount: number): void {
    const count = this.end[node]! - this.start[node]!;
    const found = findBestSplit(histogram, this.layout, features, featureCount, this.nodeGradient[node]!, this.nodeHessian[node]!, count, this.limits, this.splits[node]!);
    if (found) {
      this.histograms[node] = histogram;
      this.gains[node] = this.splits[node]!.gain;
      this.queue.push(node);
    } else {
      this.freeHistograms.push(histogram);
    }
  }

  /** Stable in-place partition of the node's range: rows with bin <= `bin` first. Returns the boundary. */
  private partition(node: number, feature: number, bin: number): number {
    const { rows, orderedGradient, orderedHessian, spareRows, spareGradient, spareHessian } = this;
    const column = this.layout.binColumns[feature]!;
    const start = this.start[node]!;
    const end = this.end[node]!;
    let left = start;
    let right = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      if (column[r]! <= bin) {
        rows[left] = r;
        orderedGradient[left] = orderedGradient[i]!;
        orderedHessian[left] = orderedHessian[i]!;
        left++;
      } else {
        spareRows[right] = r;
        spareGradient[right] = orderedGradient[i]!;
        spareHessian[right] = orderedHessian[i]!;
        right++;
      }
    }
    // Plain loops rather than set(subarray(…)): no view objects allocated per node.
    for (let j = 0; j < right; j++) {
      rows[left + j] = spareRows[j]!;
      orderedGradient[left + j] = spareGradient[j]!;
      orderedHessian[left + j] = spareHessian[j]!;
    }
    return left;
  }

  /**
   * Leaf values −η·G/(H+λ), with G and H summed over the leaf's own rows (in row order), so a leaf's
   * value does not carry the rounding of histogram subtraction. Pending histograms go back to the pool.
   */
  private closeTree(): void {
    const { tree, orderedGradient, orderedHessian } = this;
    const { lambda, learningRate } = this.limits;
    for (let node = 0; node < tree.nodeCount; node++) {
      const histogram = this.histograms[node];
      if (histogram) {
        this.freeHistograms.push(histogram);
        this.histograms[node] = null;
      }
      if (tree.left[node] !== -1) continue;
      let g = 0;
      let h = 0;
      for (let i = this.start[node]!; i < this.end[node]!; i++) {
        g += orderedGradient[i]!;
        h += orderedHessian[i]!;
      }
      const value = (-learningRate * g) / (h + lambda);
      tree.value[node] = value === 0 ? 0 : value; // no −0: it would not survive JSON
    }
  }

  private acquireHistogram(): Float64Array {
    return this.freeHistograms.pop() ?? new Float64Array(this.layout.size);
  }
}

import { findSourceMap } from 'node:module';

/** Where a log call was made: what system_logs stores as module, function_name and line_number. */
export interface CallSite {
  /** `<package dir>/<path below it>` without extension, e.g. `ingestion/src/ingest-job`. */
  module: string;
  function: string;
  line: number;
}

// Our mixin, pino's write and LOG, then the caller; deeper only when a wrapper sits in between.
// Kept small because V8 builds a frame object for every frame up to the limit on each log call.
const SHALLOW_FRAMES = 4;
const DEEP_FRAMES = 12;
// Positions resolve to the same result every time; bounded so generated code cannot grow it forever.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, CallSite>();

// This package's own files (the logger's mixin calls us), wherever the package is installed.
const ownDirectory = new URL('.', import.meta.url).href;

function isLoggingMachinery(file: string): boolean {
  return file.startsWith(ownDirectory) || file.startsWith(ownDirectory.replace(/^file:\/\//, '')) || file.includes('/node_modules/pino/') || file.startsWith('node:');
}

const SOURCE_ROOTS = new Set(['src', 'test', 'bench', 'dist']);

// `…/services/ingestion/src/jobs/ingest.ts` → `ingestion/src/jobs/ingest`: stable across checkouts
// and containers (no absolute path), and still says which package the line came from.
export function moduleName(file: string): string {
  const path = file.replace(/^file:\/\//, '').replace(/\.[cm]?[jt]sx?$/, '');
  const parts = path.split('/').filter((part) => part !== '');
  const nodeModules = parts.lastIndexOf('node_modules');
  if (nodeModules >= 0) return parts.slice(nodeModules + 1).join('/').slice(-100);
  let root = -1;
  for (let i = parts.length - 2; i > 0 && root < 0; i--) if (SOURCE_ROOTS.has(parts[i]!)) root = i;
  const kept = root > 0 ? parts.slice(root - 1) : parts.slice(-1);
  return kept.join('/').slice(-100);
}

/** The line in the TypeScript source (tsx registers source maps), or the running line otherwise. */
function sourceLine(file: string, line: number, column: number): number {
  try {
    const entry = findSourceMap(file)?.findEntry(line - 1, column - 1) as { originalLine?: number } | undefined;
    if (entry !== undefined && typeof entry.originalLine === 'number') return entry.originalLine + 1;
  } catch {
    // No usable source map: the running line is still better than nothing.
  }
  return line;
}

function resolve(frame: NodeJS.CallSite, file: string): CallSite {
  const line = frame.getLineNumber() ?? 0;
  const column = frame.getColumnNumber() ?? 0;
  const key = `${file}:${line}:${column}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const site: CallSite = {
    module: moduleName(file),
    function: (frame.getFunctionName() ?? frame.getMethodName() ?? '<anonymous>').slice(0, 100),
    line: sourceLine(file, line, column),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, site);
  return site;
}

const structured = (_error: Error, frames: NodeJS.CallSite[]) => frames;

function captureFrames(limit: number): NodeJS.CallSite[] | undefined {
  const previousPrepare = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = structured;
    Error.stackTraceLimit = limit;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callerSite);
    return Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : undefined;
  } finally {
    Error.prepareStackTrace = previousPrepare;
    Error.stackTraceLimit = previousLimit;
  }
}

function firstOutside(frames: NodeJS.CallSite[] | undefined): CallSite | undefined {
  for (const frame of frames ?? []) {
    const file = frame.getFileName();
    if (file === undefined || file === null || isLoggingMachinery(file)) continue;
    return resolve(frame, file);
  }
  return undefined;
}

/**
 * The first frame on the stack outside pino and this package: the code that called the logger.
 * Uses V8's structured frames (no stack string is formatted) and caches each resolved position.
 * The cost grows with the frames collected, so the usual depth (our mixin, pino's write and LOG,
 * then the caller) is tried first and a deeper stack only when that was not enough.
 */
export function callerSite(): CallSite | undefined {
  return firstOutside(captureFrames(SHALLOW_FRAMES)) ?? firstOutside(captureFrames(DEEP_FRAMES));
}

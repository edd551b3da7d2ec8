// The workspace's import graph, read from the source: every package's package.json dependencies
// and every module specifier in its src (static and dynamic imports, re-exports, require), with a
// relative import that leaves its package attributed to the package it lands in.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface WorkspacePackage {
  readonly name: string;
  /** Path from the repository root, e.g. `services/ingestion`. */
  readonly dir: string;
  readonly dependencies: readonly string[];
  /** Every import of its src, with the file (from the root) it is in. */
  readonly imports: readonly { readonly file: string; readonly specifier: string }[];
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;

/** Module specifiers in a source text (comments are not stripped: a specifier in a comment counts, which errs on the strict side). */
export function specifiersIn(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1]!);
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry) ? [path] : [];
  });
}

export function workspacePackages(root: string): WorkspacePackage[] {
  const dirs = ['packages', 'services'].flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => `${group}/${d}`).filter((d) => existsSync(join(root, d, 'package.json'))) : [],
  );
  const byDir = new Map(dirs.map((dir) => [dir, JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> }]));
  const owner = (path: string) => dirs.find((dir) => path === join(root, dir) || path.startsWith(join(root, dir) + sep));
  return dirs.map((dir) => {
    const manifest = byDir.get(dir)!;
    const imports = sourceFiles(join(root, dir, 'src')).flatMap((file) =>
      specifiersIn(readFileSync(file, 'utf8')).map((specifier) => {
        if (!specifier.startsWith('.')) return { file: relative(root, file), specifier };
        // A relative import that leaves the package is an import of the package it reaches.
        const target = owner(resolve(dirname(file), specifier));
        return { file: relative(root, file), specifier: target === undefined || target === dir ? specifier : byDir.get(target)!.name };
      }),
    );
    return { name: manifest.name, dir, dependencies: Object.keys(manifest.dependencies ?? {}), imports };
  });
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`, `node:fs/promises` → `fs`). */
export function packageOf(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Libraries (and Node built-ins) that do I/O: a pure package imports none of them. */
export const IO_LIBRARIES = [
  'pg', 'pg-copy-streams', 'kysely', 'bullmq', 'bullmq-otel', 'ioredis', 'undici', 'yahoo-finance2',
  'fs', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'child_process', 'cluster',
];

/** Packages of pure computation: no I/O, so they run and are benchmarked without servers. */
export const PURE_PACKAGES = ['@mltrading/market', '@mltrading/features', '@mltrading/synthetic-market', '@mltrading/models', '@mltrading/trading'];

export interface Rule {
  readonly name: string;
  /** Applies to packages for which this is true. */
  readonly from: (pkg: WorkspacePackage) => boolean;
  /** True when importing (or depending on) `target` breaks the rule. */
  readonly forbids: (target: string, packages: readonly WorkspacePackage[]) => boolean;
}

const isService = (name: string, packages: readonly WorkspacePackage[]) => packages.some((p) => p.name === name && p.dir.startsWith('services/'));

export const RULES: readonly Rule[] = [
  { name: 'a service imports no other service', from: (p) => p.dir.startsWith('services/'), forbids: (t, all) => isService(t, all) },
  { name: 'the CLI imports no service', from: (p) => p.name === '@mltrading/cli', forbids: (t, all) => isService(t, all) },
  { name: 'the operations layer imports no service', from: (p) => p.name === '@mltrading/operations', forbids: (t, all) => isService(t, all) },
  { name: 'db imports neither queues nor service-kit', from: (p) => p.name === '@mltrading/db', forbids: (t) => t === '@mltrading/queues' || t === '@mltrading/service-kit' },
  { name: 'queues imports neither db nor service-kit', from: (p) => p.name === '@mltrading/queues', forbids: (t) => t === '@mltrading/db' || t === '@mltrading/service-kit' },
  {
    name: 'a pure package imports no I/O library and no impure workspace package',
    from: (p) => PURE_PACKAGES.includes(p.name),
    forbids: (t, all) => IO_LIBRARIES.includes(t) || (all.some((p) => p.name === t) && !PURE_PACKAGES.includes(t)),
  },
];

/** Every broken rule, as `<rule>: <package> → <target> (<where>)`. */
export function violations(packages: readonly WorkspacePackage[], rules: readonly Rule[] = RULES): string[] {
  const found: string[] = [];
  for (const pkg of packages) {
    for (const rule of rules) {
      if (!rule.from(pkg)) continue;
      for (const dependency of pkg.dependencies) {
        if (dependency !== pkg.name && rule.forbids(dependency, packages)) found.push(`${rule.name}: ${pkg.name} → ${dependency} (package.json)`);
      }
      for (const { file, specifier } of pkg.imports) {
        if (specifier.startsWith('.')) continue;
        const target = packageOf(specifier);
        if (target !== pkg.name && rule.forbids(target, packages)) found.push(`${rule.name}: ${pkg.name} → ${specifier} (${file})`);
      }
    }
  }
  return found;
}

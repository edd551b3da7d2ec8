import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

let cached: string | null | undefined;

/**
 * The commit the code runs from (`git rev-parse HEAD`, "-dirty" with local changes), stored with a
 * backtest run so it can be repeated; null where there is no git checkout (a container image).
 */
export function codeVersion(): string | null {
  if (cached !== undefined) return cached;
  const cwd = fileURLToPath(new URL('.', import.meta.url));
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    cached = `${head}${dirty ? '-dirty' : ''}`;
  } catch {
    cached = null;
  }
  return cached;
}

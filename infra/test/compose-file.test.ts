import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true }) as {
  services: Record<string, { command?: string[]; ports?: unknown; container_name?: string; depends_on?: Record<string, { condition: string }>; environment?: Record<string, string>; stop_grace_period?: string }>;
};
const serviceDirs = readdirSync(`${root}services`).filter((name) => existsSync(`${root}services/${name}/src/main.ts`));

describe('docker-compose.yml', () => {
  it('runs every service of services/ from the one image, chosen by its command', () => {
    expect(serviceDirs.length).toBeGreaterThanOrEqual(5);
    for (const name of serviceDirs) expect(compose.services[name]?.command).toEqual([name]);
    const start = readFileSync(`${root}infra/docker/start.sh`, 'utf8');
    for (const name of serviceDirs) expect(start).toContain(name);
  });

  it('keeps pipeline services scalable: no container names, no fixed host ports', () => {
    for (const name of serviceDirs) {
      expect(compose.services[name]?.container_name).toBeUndefined();
      expect(compose.services[name]?.ports).toBeUndefined();
    }
  });

  it('starts services only after the migration succeeded and Redis is healthy', () => {
    for (const name of serviceDirs) {
      expect(compose.services[name]?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(compose.services[name]?.depends_on?.redis?.condition).toBe('service_healthy');
    }
    expect(compose.services.migrate?.command).toEqual(['migrate']);
  });

  it('gives the drain deadline room before SIGKILL', () => {
    for (const name of serviceDirs) {
      const timeoutMs = Number(compose.services[name]?.environment?.SHUTDOWN_TIMEOUT_MS);
      const graceSeconds = Number(compose.services[name]?.stop_grace_period?.replace(/s$/, ''));
      expect(graceSeconds * 1000).toBeGreaterThan(timeoutMs);
    }
  });

  it('runs Redis as BullMQ needs: noeviction, append-only file on', () => {
    const command = compose.services.redis?.command?.join(' ') ?? '';
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(command).toContain('--appendonly yes');
  });

  it('builds a non-root, multi-stage image', () => {
    const dockerfile = readFileSync(`${root}infra/docker/Dockerfile`, 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThan(1);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});

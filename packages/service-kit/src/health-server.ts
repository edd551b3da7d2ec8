import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthReport {
  readonly status: 'ok' | 'draining' | 'unavailable';
  readonly [detail: string]: unknown;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * `GET /healthz` answers whether the process is alive (liveness), `GET /readyz` whether its
 * dependencies answer (readiness). Both return JSON; 503 when not ok.
 */
export async function startHealthServer(
  port: number,
  probes: { live: () => HealthReport; ready: () => Promise<HealthReport> },
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const probe = req.url === '/healthz' ? async () => probes.live() : req.url === '/readyz' ? probes.ready : undefined;
    if (!probe) {
      res.writeHead(404).end();
      return;
    }
    probe().then(
      (report) => {
        res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(report));
      },
      (error: unknown) => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'unavailable', error: String(error) }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

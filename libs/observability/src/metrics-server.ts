import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsService } from './metrics.service';

export interface MetricsServer {
  /** The bound port: the one asked for, or the one the OS picked when 0 was asked for. */
  readonly port: number;
  close(): Promise<void>;
}

async function serve(
  metrics: Pick<MetricsService, 'render'>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  try {
    const { contentType, body } = await metrics.render();
    res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics collection failed\n');
  }
}

/**
 * Serves `GET /metrics` on a bare node server, for the worker, which has no Nest HTTP adapter.
 * Port 0 binds a random free port (tests); whether a configured 0 means "off" is the caller's call.
 */
export async function startMetricsServer(
  metrics: Pick<MetricsService, 'render'>,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const server = createServer((req, res) => void serve(metrics, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Scrapers keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

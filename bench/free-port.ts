/**
 * A free TCP port on 127.0.0.1 for a bench server: listen on port 0, read what the OS gave,
 * close. (A fixed port made the bench hang forever on EADDRINUSE.)
 *   const port = await freePort();
 * Cost: one listen and close.
 */
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

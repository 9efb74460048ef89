// A cluster worker that only listens: for testing the supervisor without the portal's start.
// With FIRST_DIES_MARKER, the first one ever started dies before it listens, as a worker whose start failed would.
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const marker = process.env.FIRST_DIES_MARKER;
if (marker && !existsSync(marker)) {
  writeFileSync(marker, '');
  process.exit(1);
}
createServer((_request, response) => response.end(String(process.pid))).listen(0);
process.on('SIGTERM', () => process.exit(0));

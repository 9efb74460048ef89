/**
 * A bare Node server: whatever the parent sends it (status, headers, body) it answers to every
 * request, from memory. The floor a page of the portal is measured against.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

let status = 200;
let headers: Record<string, string> = {};
let body = Buffer.alloc(0);

const server = http.createServer((_req, res) => {
  res.writeHead(status, headers);
  res.end(body);
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));

process.on('message', (message: { status: number; headers: Record<string, string>; body: string } | 'stop') => {
  if (message === 'stop') {
    server.close();
    process.exit(0);
  }
  status = message.status;
  headers = message.headers;
  body = Buffer.from(message.body, 'base64');
  process.send?.('ready');
});

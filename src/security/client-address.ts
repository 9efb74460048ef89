import type { Request } from 'express';
import ipaddr from 'ipaddr.js';

/**
 * The address every limit counts by. `req.ip` is the client as the operator's TRUST_PROXY says
 * (src/config.ts): the socket's peer when no proxy is trusted, else the last address a trusted
 * proxy wrote, so nothing a client writes in X-Forwarded-For moves it. An IPv4 address written as
 * IPv6 (`::ffff:…`) counts as itself; an IPv6 address counts by its /64, the block one line or one
 * server is given: its holder can use any of its 2^64 addresses, so one address alone would be no limit.
 */
export function clientAddress(req: Request): string {
  const address = req.ip ?? req.socket.remoteAddress;
  if (!address || !ipaddr.isValid(address)) return 'unknown';
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

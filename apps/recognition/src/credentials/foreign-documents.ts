import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Addresses a fetch of another issuer's document never reaches: loopback, private, link-local, shared, multicast, reserved. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Whether an address is one not to fetch from (an IPv4-mapped IPv6 address is judged by its IPv4 address). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  return PRIVATE.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

export const FOREIGN_FETCH_TIMEOUT_MS = 2_000;
export const FOREIGN_FETCH_MAX_BYTES = 100 * 1024;

/**
 * A name resolution that refuses private addresses, used by the connection itself: the address checked is the one
 * connected to (a name that resolves to a public address when checked and a private one when connecting — DNS
 * rebinding — cannot slip through).
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused || addresses.length === 0) return callback(new Error(`${hostname} resolves to a private address (${refused?.address ?? 'none'})`), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/**
 * Fetches another issuer's JSON document (its profile, key or status list) to verify a credential it issued: https
 * only, never to a private address, at most 2 s and 100 KB. Used only when `CREDENTIALS_FETCH_FOREIGN=true`.
 */
export function fetchForeignDocument(url: string, limits = { timeoutMs: FOREIGN_FETCH_TIMEOUT_MS, maxBytes: FOREIGN_FETCH_MAX_BYTES }): Promise<object> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new Error(`${url} is not a URL`));
  }
  if (target.protocol !== 'https:') return Promise.reject(new Error(`${url}: only https documents are fetched`));
  if (isIP(target.hostname.replace(/^\[|\]$/g, '')) && isPrivateAddress(target.hostname.replace(/^\[|\]$/g, ''))) {
    return Promise.reject(new Error(`${url}: a private address`));
  }
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'GET', lookup: publicOnlyLookup, headers: { accept: 'application/ld+json, application/json' }, signal: AbortSignal.timeout(limits.timeoutMs) }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`${url}: HTTP ${res.statusCode}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          req.destroy(new Error(`${url}: larger than ${limits.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Error(`${url}: not JSON`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchForeignDocument, isPrivateAddress } from './foreign-documents';

describe("fetching another issuer's documents (only if enabled)", () => {
  it('knows private, loopback, link-local and mapped addresses from public ones', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  });

  it('refuses anything but https, private addresses by literal or by name, before sending anything', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(fetchForeignDocument(`http://127.0.0.1:${port}/issuer`)).rejects.toThrow(/only https/);
      await expect(fetchForeignDocument(`https://127.0.0.1:${port}/issuer`)).rejects.toThrow(/private address/);
      await expect(fetchForeignDocument(`https://[::1]:${port}/issuer`)).rejects.toThrow(/private address/);
      await expect(fetchForeignDocument(`https://localhost:${port}/issuer`)).rejects.toThrow(/resolves to a private address/);
      await expect(fetchForeignDocument('file:///etc/passwd')).rejects.toThrow(/only https/);
      await expect(fetchForeignDocument('not a url')).rejects.toThrow(/not a URL/);
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});

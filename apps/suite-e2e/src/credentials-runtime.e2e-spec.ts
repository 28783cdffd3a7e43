import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../..');

/**
 * The credentials spike (issue #14), from the build the services run: dist/ is CommonJS and the Digital Bazaar
 * packages are ES modules only — Node loads them with `require` (no flag since Node 22). An Open Badges 3.0
 * credential is signed and verified there, every context from installed packages (open-badge.spec.ts covers the
 * same under jest, tampering and revocation included).
 */
describe('Open Badges credentials from dist/ (CommonJS requiring ES modules)', () => {
  it('signs and verifies a credential with the built code', async () => {
    const script = `
      const { offlineDocumentLoader } = require('./dist/apps/recognition/src/credentials/json-ld.js');
      const ob = require('./dist/apps/recognition/src/credentials/open-badge.js');
      (async () => {
        const issuer = 'https://tandem.example/issuers/acme';
        const key = await ob.generateSigningKey(issuer, issuer + '#key-1');
        const method = ob.verificationMethod(key);
        const documents = new Map([[method.id, method], [issuer, { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: issuer, assertionMethod: [method.id], verificationMethod: [method] }]]);
        const loader = offlineDocumentLoader((url) => documents.get(url));
        const signed = await ob.signCredential({
          '@context': ob.OPEN_BADGE_CONTEXT, id: 'urn:uuid:6a1f8c9e-2d4b-4e7a-9c3f-1b5d7e9a2c4f', type: ['VerifiableCredential', 'OpenBadgeCredential'],
          issuer: { id: issuer, type: ['Profile'], name: 'Acme Corp' }, validFrom: '2026-12-01T10:00:00Z', name: 'Rising Star',
          credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'https://tandem.example/achievements/rising-star', type: ['Achievement'], name: 'Rising Star', description: 'Three active months', criteria: { narrative: '3 consecutive active months' } } },
        }, key, loader);
        const tampered = await ob.verifyOpenBadge({ ...signed, name: 'Champion' }, loader);
        process.stdout.write(JSON.stringify({ proof: signed.proof.cryptosuite, report: await ob.verifyOpenBadge(signed, loader), tampered: tampered.verified }));
      })().catch((error) => { process.stderr.write(String(error.stack)); process.exit(1); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual({
      proof: 'eddsa-rdfc-2022',
      report: { verified: true, checks: { signature: { ok: true }, status: { ok: true, revoked: false }, validity: { ok: true }, issuer: { ok: true } } },
      tampered: false,
    });
  });
});

#!/usr/bin/env node
// Mints a token from the local development issuer (the stand-in for the organization's identity provider).
//   npm run -s token -- --tenant demo --roles program-manager,analyst [--user pm-1]
//   node dist/tools/dev-token.js --init <dir>     (creates the key pair only)
import { parseArgs } from 'node:util';
import { DevIssuer, ROLES, type Role } from '@tandem/platform';

const { values } = parseArgs({
  options: {
    init: { type: 'string' },
    issuer: { type: 'string', default: '.tandem/dev-issuer' },
    tenant: { type: 'string', default: 'demo' },
    roles: { type: 'string', default: 'program-manager' },
    user: { type: 'string', default: 'demo-user' },
    hours: { type: 'string', default: '8' },
  },
});

if (values.init) {
  DevIssuer.inDirectory(values.init);
  process.stdout.write(`dev issuer keys in ${values.init}\n`);
} else {
  const roles = values.roles!.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) {
    process.stderr.write(`unknown role(s) ${unknown.join(', ')}; roles are ${ROLES.join(', ')}\n`);
    process.exit(2);
  }
  const issuer = DevIssuer.inDirectory(values.issuer!);
  process.stdout.write(issuer.issue({ tenantId: values.tenant!, roles: roles as Role[], userId: values.user, expiresIn: Number(values.hours) * 3600 }) + '\n');
}

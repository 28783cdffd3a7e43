import { Client } from 'pg';
import { createAnalystLogin, dropAnalystLogin, listAnalystLogins, rotateAnalystLogin } from './analyst-access/analyst-logins';

const USAGE = `usage (DATABASE_URL: the analytics database, as a role that may create roles):
  manage-analyst-logins create <login> --tenant <tenant id>   prints the new password once
  manage-analyst-logins rotate <login>                        prints the new password once
  manage-analyst-logins drop <login>
  manage-analyst-logins list`;

/** `npm run analyst-logins -- <command>`: the administrator's tool for analysts' SQL logins (docs/analysts.md). */
async function main(args: string[]) {
  const url = process.env.DATABASE_URL;
  const [command, login] = args;
  if (!url || !command) throw new Error(USAGE);
  const client = new Client({ connectionString: url, application_name: 'tandem-analyst-logins' });
  await client.connect();
  try {
    switch (command) {
      case 'create': {
        const tenant = args[args.indexOf('--tenant') + 1];
        if (!args.includes('--tenant') || !tenant) throw new Error(USAGE);
        const password = await createAnalystLogin(client, login, tenant);
        process.stdout.write(`created ${login} for tenant ${tenant}; password (shown once): ${password}\n`);
        break;
      }
      case 'rotate':
        process.stdout.write(`rotated ${login}; new password (shown once): ${await rotateAnalystLogin(client, login)}\n`);
        break;
      case 'drop':
        await dropAnalystLogin(client, login);
        process.stdout.write(`dropped ${login}\n`);
        break;
      case 'list':
        for (const l of await listAnalystLogins(client)) process.stdout.write(`${l.login}\t${l.tenantId}\tcreated ${new Date(l.createdAt).toISOString()}${l.rotatedAt ? `\trotated ${new Date(l.rotatedAt).toISOString()}` : ''}\n`);
        break;
      default:
        throw new Error(USAGE);
    }
  } finally {
    await client.end();
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`[analyst-logins] ${(error as Error).message}\n`);
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

/**
 * Analyst logins: PostgreSQL roles that may log in to the analytics database, members of `tandem_reporting`, each
 * mapped to exactly one tenant (`reporting_access.analyst_logins`), which is all the reporting views show them.
 * Run by an administrator whose role may create roles (CREATEROLE) — not by the service. Each change is one
 * transaction: a role never exists without its tenant, nor a tenant entry without its role.
 */
export interface AnalystLogin {
  login: string;
  tenantId: string;
  createdAt: string;
  rotatedAt: string | null;
}

const LOGIN = /^[a-z][a-z0-9_]{2,62}$/;
const newPassword = () => randomBytes(24).toString('base64url');

function checkLogin(login: string): void {
  if (!LOGIN.test(login)) throw new Error(`login must be 3–63 characters of a–z, 0–9 and _, starting with a letter (got "${login}")`);
}

async function inTransaction<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Creates the login for one tenant and returns its generated password (shown once, stored nowhere in clear). */
export async function createAnalystLogin(client: Client, login: string, tenantId: string): Promise<string> {
  checkLogin(login);
  if (!tenantId.trim()) throw new Error('tenant id is required');
  const password = newPassword();
  await inTransaction(client, async () => {
    await client.query(
      `CREATE ROLE ${client.escapeIdentifier(login)} LOGIN PASSWORD ${client.escapeLiteral(password)} IN ROLE tandem_reporting CONNECTION LIMIT 10`,
    );
    await client.query(`INSERT INTO reporting_access.analyst_logins (login, tenant_id) VALUES ($1, $2)`, [login, tenantId]);
  });
  return password;
}

/** Gives an existing analyst login a new password (the old one stops working at once) and returns it. */
export async function rotateAnalystLogin(client: Client, login: string): Promise<string> {
  checkLogin(login);
  const password = newPassword();
  await inTransaction(client, async () => {
    const { rowCount } = await client.query(`UPDATE reporting_access.analyst_logins SET rotated_at = now() WHERE login = $1`, [login]);
    if (!rowCount) throw new Error(`${login} is not an analyst login`);
    await client.query(`ALTER ROLE ${client.escapeIdentifier(login)} PASSWORD ${client.escapeLiteral(password)}`);
  });
  return password;
}

/** Drops an analyst login (open sessions are ended, so nothing it could still read outlives it). */
export async function dropAnalystLogin(client: Client, login: string): Promise<void> {
  checkLogin(login);
  await inTransaction(client, async () => {
    const { rowCount } = await client.query(`DELETE FROM reporting_access.analyst_logins WHERE login = $1`, [login]);
    if (!rowCount) throw new Error(`${login} is not an analyst login`);
    await client.query(`DROP ROLE ${client.escapeIdentifier(login)}`);
  });
  await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [login]);
}

export async function listAnalystLogins(client: Client): Promise<AnalystLogin[]> {
  const { rows } = await client.query(
    `SELECT login, tenant_id AS "tenantId", created_at AS "createdAt", rotated_at AS "rotatedAt" FROM reporting_access.analyst_logins ORDER BY login`,
  );
  return rows;
}

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '@tandem/testing';
import { http, startSuite, type Suite } from './support/suite';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

/**
 * The demo seed that `npm run up` ends with, run as `up.sh` runs it (the compiled tool, a directory issuer) against
 * the four services: it must work the first time, and again on the next `npm run up` without duplicating anything.
 */
describe('demo seed (the last step of npm run up)', () => {
  let suite: Suite;
  let issuerDir: string;

  beforeAll(async () => {
    suite = await startSuite();
    issuerDir = mkdtempSync(join(tmpdir(), 'tandem-issuer-'));
    writeFileSync(join(issuerDir, 'private.pem'), suite.issuer.privateKey);
    writeFileSync(join(issuerDir, 'public.pem'), suite.issuer.publicKey);
  });
  afterAll(async () => {
    await suite?.stop();
    if (issuerDir) rmSync(issuerDir, { recursive: true, force: true });
  });

  const seed = () =>
    run(process.execPath, [
      join(ROOT, 'dist/tools/seed-demo.js'),
      '--issuer', issuerDir,
      '--enrollment', suite.services.enrollment.url,
      '--analytics', suite.services.analytics.url,
      '--session-tracking', suite.services['session-tracking'].url,
      '--recognition', suite.services.recognition.url,
      '--tenant', suite.tenant,
    ]);

  it('seeds three programs that reach analytics with their badges and six months of imported history, and seeding again changes nothing', async () => {
    const first = await seed();
    expect(first.stdout).toContain('analytics shows 3/3 demo programs with their badges');
    expect(first.stdout).toMatch(/history: enrollment 60 imported, 0 unchanged; session tracking \d+ imported, 0 unchanged, 0 rejected/);
    const second = await seed();
    expect(second.stdout).toContain('analytics shows 3/3 demo programs with their badges');
    expect(second.stdout).toMatch(/history: enrollment 0 imported, 60 unchanged; session tracking 0 imported, \d+ unchanged, 0 rejected/);
    // The cohort's intake: 50 applicants matched in one run, every proposal active; nothing new the second time.
    expect(first.stdout).toMatch(/cohort: 50 applicants \(50 applied, 50 approved now\); matching run made: (\d+) proposals, \d+ unmatched; \1 pairings activated now, \1 active/);
    expect(second.stdout).toMatch(/cohort: 50 applicants \(0 applied, 0 approved now\); matching run already made: (\d+) proposals, \d+ unmatched; 0 pairings activated now, \1 active/);
    expect(first.stdout).toContain('badges: 2 added (Promotion Champion, Steady Mentor)');
    expect(second.stdout).toContain('badges: 0 added (Promotion Champion, Steady Mentor)');
    // Given and rated (600.00), given (40.00), approved (40.00 reserved), waiting (600.00 reserved).
    for (const run of [first, second]) {
      expect(run.stdout).toMatch(/rewards: 3 in the catalogue, \d{4} budget 500000 allocated, 64000 reserved, 64000 spent; 4 requests/);
      expect(run.stdout).toMatch(/credentials: demo-mentor-1 holds [1-9]\d* so far/);
      expect(run.stdout).toContain('community: 2 kudos (one shared), a grant, Mentor of the Year won by demo-mentor-1; the wall shows 1 kudos, 1 grant, 1 winner');
    }
    // Awards at every tier in the buddy program, as analytics counts them (the dashboard's recognition page).
    const analyst = suite.token(['analyst'], suite.tenant, 'demo-analyst');
    const listed = await http('GET', `${suite.services.analytics.url}/programs?limit=200`, analyst);
    const buddy = listed.body.items.find((p: { name: string }) => p.name === 'New Joiners Buddy Program').programId;
    await eventually('awards at every tier', async () => {
      const rows = (await http('GET', `${suite.services.analytics.url}/programs/${buddy}/recognitions`, analyst)).body as { tier: string; issued: number }[];
      const tiers = new Set(rows.filter((r) => r.issued > 0).map((r) => r.tier));
      return ['participation', 'rising-star', 'champion', 'custom'].every((t) => tiers.has(t)) ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });

    // The community seeded once: each kudos, the grant and the competition are there once after the second run.
    const pm = suite.token(['program-manager'], suite.tenant, 'demo-pm');
    const rec = (path: string, token = pm) => http('GET', `${suite.services.recognition.url}${path}`, token);
    const kudos = (await rec('/me/kudos', suite.token(['mentor'], suite.tenant, 'demo-mentor-1'))).body.items;
    expect(kudos.map((k: { menteeId: string; shared: boolean }) => [k.menteeId, k.shared])).toEqual([['demo-mentee-1', true]]);
    // The manual grant, and the award the winner gets from the close (named after the competition).
    const grants = (await rec(`/programs/${buddy}/grants`)).body.items.map((g: { personId: string; title: string }) => `${g.personId}: ${g.title}`);
    expect(grants.sort()).toEqual(['demo-mentor-1: Mentor of the Year', 'demo-mentor-2: Onboarding hero']);
    const competitions = (await rec('/competitions')).body.items;
    expect(competitions.map((c: { title: string; status: string; winnerId: string }) => [c.title, c.status, c.winnerId])).toEqual([['Mentor of the Year', 'closed', 'demo-mentor-1']]);

    // About a hundred participants in the demo: the buddy program's 40 imported and the cohort's 50, which analytics
    // counts with its active pairings.
    const cohort = listed.body.items.find((p: { name: string }) => p.name === 'Engineering Leadership Mentoring 2027').programId;
    const counted = await eventually('analytics to count the cohort', async () => {
      const r = await http('GET', `${suite.services.analytics.url}/programs/${cohort}`, analyst);
      return r.body?.approved === 50 && r.body?.activePairings >= 25 ? r.body : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    expect(counted).toMatchObject({ applications: 50, approved: 50 });

    const programs = await http('GET', `${suite.services.enrollment.url}/programs?limit=200`, suite.token(['program-manager'], suite.tenant, 'demo-pm'));
    expect(programs.status).toBe(200);
    expect(programs.body.items.map((p: { name: string; status: string }) => `${p.name}: ${p.status}`).sort()).toEqual([
      'Engineering Leadership Mentoring 2027: running',
      'New Joiners Buddy Program: open',
      'Women in Product: draft',
    ]);
  });
});

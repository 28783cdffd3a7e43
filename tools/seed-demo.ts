#!/usr/bin/env node
// Seeds a demo organization ("demo") through the public HTTP API, exactly as a program manager would,
// then waits until analytics shows it — proving the pipe end to end on every `npm run up`.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Readable } from 'node:stream';
import { DevIssuer, importFile } from '@tandem/platform';
import { generateHistory } from '../apps/suite-e2e/src/support/history';

const { values } = parseArgs({
  options: {
    issuer: { type: 'string', default: '.tandem/dev-issuer' },
    enrollment: { type: 'string', default: 'http://127.0.0.1:3001' },
    analytics: { type: 'string', default: 'http://127.0.0.1:3004' },
    'session-tracking': { type: 'string', default: 'http://127.0.0.1:3002' },
    recognition: { type: 'string', default: 'http://127.0.0.1:3003' },
    tenant: { type: 'string', default: 'demo' },
  },
});

const PROGRAMS = [
  { name: 'Engineering Leadership Mentoring 2027', purpose: 'Grow the next generation of tech leads', status: 'running', cohort: ['2027-01-11', '2027-06-30'] },
  { name: 'New Joiners Buddy Program', purpose: 'Help every new hire find their feet in 90 days', status: 'open', cohort: null },
  { name: 'Women in Product', purpose: 'Sponsor and mentor women product managers towards senior roles', status: 'draft', cohort: ['2027-03-01', '2027-11-30'] },
] as const;

/** The same request gets the same key, so seeding again (every `npm run up`) replays instead of duplicating. */
const idempotencyKey = (method: string, url: string, body: unknown): string =>
  `demo-${createHash('sha256').update(`${method} ${url} ${JSON.stringify(body ?? null)}`).digest('hex')}`;

const started = Date.now();
/** A progress line, with the seconds since the seed started. */
const say = (line: string) => process.stdout.write(`[seed ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

async function call(method: string, url: string, token: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey(method, url, body) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: any = await response.json();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

async function main() {
  const issuer = DevIssuer.inDirectory(values.issuer!);
  const pm = issuer.issue({ tenantId: values.tenant!, roles: ['program-manager'], userId: 'demo-pm' });
  const analyst = issuer.issue({ tenantId: values.tenant!, roles: ['analyst'], userId: 'demo-analyst' });
  const ids: string[] = [];
  for (const [i, p] of PROGRAMS.entries()) {
    say(`program ${i + 1}/${PROGRAMS.length}: ${p.name}`);
    const program = await call('POST', `${values.enrollment}/programs`, pm, {
      name: p.name,
      purpose: p.purpose,
      lifecycle: p.cohort ? { kind: 'cohort', startsOn: p.cohort[0], endsOn: p.cohort[1] } : { kind: 'evergreen' },
      maxPairs: 50,
      expectations: { sessionsPerMonth: 2, sessionMinutes: 45, commitmentMonths: 6 },
      objectives: [
        { description: 'Mentees promoted within a year', metric: 'verified-promotions', target: 8 },
        { description: 'Average session rating', metric: 'average-session-rating', target: 4.5 },
      ],
      sponsor: { name: 'Dana Whitfield', email: 'dana.whitfield@example.com' },
    });
    ids.push(program.programId);
    const path = (['draft', 'open', 'running'] as const).slice(1, ['draft', 'open', 'running'].indexOf(p.status) + 1);
    for (const status of path) {
      // A cohort takes applications while open: its applicants apply and are matched before it starts running.
      if (status === 'running' && p.cohort) await seedCohort(issuer, pm, program.programId);
      await call('POST', `${values.enrollment}/programs/${program.programId}/status`, pm, { status });
    }
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await call('GET', `${values.analytics}/programs?limit=200`, analyst);
    const seen = ids.filter((id) => page.items.some((item: { programId: string; badgeDefinitions: number }) => item.programId === id && item.badgeDefinitions >= 3));
    say(`analytics shows ${seen.length}/${ids.length} demo programs with their badges`);
    if (seen.length === ids.length) break;
    if (Date.now() > deadline) throw new Error('analytics did not catch up within 30 s; see .tandem/logs');
    await new Promise((r) => setTimeout(r, 1000));
  }
  await importHistory(pm, ids[1]);
  await seedPulseAndQuietPair(issuer, pm, ids[1]);
  await seedBadges(pm, ids[1]);
  await seedRewards(issuer, pm, ids[1]);
  await seedCommunity(issuer, pm, ids[1]);
}

const FIRST = ['Amara', 'Bastien', 'Chen', 'Dalia', 'Emeka', 'Freya', 'Goran', 'Hana', 'Idris', 'Jonas', 'Kaia', 'Luca', 'Maya', 'Nikolai', 'Odile', 'Priya', 'Quentin', 'Rosa', 'Sami', 'Tova', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Haddad', 'Kowalski', 'Tanaka', 'Ferreira', 'Novak', 'Brennan', 'Osei'];
const COHORT_SKILLS = ['system design', 'people management', 'technical strategy', 'hiring', 'incident leadership', 'stakeholder management', 'public speaking', 'coaching'];
const COHORT_DEPARTMENTS = ['Platform', 'Payments', 'Mobile', 'Data', 'Security'];
const COHORT_ZONES = ['Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid'];

/**
 * The cohort program's intake, as its manager runs it: 20 mentors (two slots each for the even ones) and 30 mentees
 * apply while it is open, all approved; one matching run proposes every pair it can, the manager approves each
 * proposal and both sides accept it, so the cohort starts with active pairings. Each step looks first (who applied,
 * whether a run exists, each proposal's status), so seeding again adds nothing.
 */
async function seedCohort(issuer: DevIssuer, pm: string, programId: string) {
  const enrollment = values.enrollment!;
  const people = [
    ...Array.from({ length: 20 }, (_, i) => ({ id: `demo-lead-mentor-${i + 1}`, role: 'mentor' as const, i })),
    ...Array.from({ length: 30 }, (_, i) => ({ id: `demo-lead-mentee-${i + 1}`, role: 'mentee' as const, i: i + 20 })),
  ];
  const as = (userId: string, role: 'mentor' | 'mentee') => issuer.issue({ tenantId: values.tenant!, roles: [role], userId });
  const existing = await call('GET', `${enrollment}/programs/${programId}/applications?limit=200`, pm);
  const byPerson = new Map<string, { applicationId: string; status: string }>(
    existing.items.map((a: { applicationId: string; status: string; person: { employeeId: string } }) => [a.person.employeeId, a]),
  );
  let applied = 0;
  for (const { id, role, i } of people) {
    if (byPerson.has(id)) continue;
    const skills = [COHORT_SKILLS[i % COHORT_SKILLS.length], COHORT_SKILLS[(i + 3) % COHORT_SKILLS.length]];
    const application = await call('POST', `${enrollment}/programs/${programId}/applications`, as(id, role), {
      role,
      person: {
        employeeId: id, name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`, email: `${id}@example.com`,
        department: COHORT_DEPARTMENTS[(i + (role === 'mentor' ? 0 : 2)) % COHORT_DEPARTMENTS.length], timeZone: COHORT_ZONES[i % COHORT_ZONES.length], languages: ['en'],
      },
      ...(role === 'mentor' ? { skillsOffered: skills, mentorCapacity: i % 2 === 0 ? 2 : 1 } : { skillsSought: skills }),
      goals: [role === 'mentor' ? 'Grow the next tech leads' : 'Lead a team within a year'],
    });
    byPerson.set(id, application);
    applied++;
  }
  let approved = 0;
  for (const { id } of people) {
    const application = byPerson.get(id)!;
    if (application.status !== 'applied') continue;
    await call('POST', `${enrollment}/applications/${application.applicationId}/decision`, pm, { decision: 'approved' });
    approved++;
  }
  const runs = await call('GET', `${enrollment}/programs/${programId}/matching-runs?limit=1`, pm);
  const run = runs.total > 0
    ? await call('GET', `${enrollment}/programs/${programId}/matching-runs/${runs.items[0].runId}`, pm)
    : await call('POST', `${enrollment}/programs/${programId}/matching-runs`, pm, {});
  const personOf = new Map([...byPerson].map(([person, a]) => [a.applicationId, person]));
  let activated = 0;
  for (const proposal of run.proposals as { pairingId: string; mentor: { applicationId: string }; mentee: { applicationId: string } }[]) {
    let pairing = await call('GET', `${enrollment}/pairings/${proposal.pairingId}`, pm);
    if (pairing.status === 'proposed') pairing = await call('POST', `${enrollment}/pairings/${proposal.pairingId}/approve`, pm, {});
    if (pairing.status !== 'approved') continue;
    if (!pairing.accepted?.mentor) pairing = await call('POST', `${enrollment}/pairings/${proposal.pairingId}/accept`, as(personOf.get(proposal.mentor.applicationId)!, 'mentor'), {});
    if (!pairing.accepted?.mentee) pairing = await call('POST', `${enrollment}/pairings/${proposal.pairingId}/accept`, as(personOf.get(proposal.mentee.applicationId)!, 'mentee'), {});
    if (pairing.status === 'active') activated++;
  }
  const active = await call('GET', `${enrollment}/programs/${programId}/pairings?status=active&limit=1`, pm);
  say(
    `cohort: ${people.length} applicants (${applied} applied, ${approved} approved now); matching run ${runs.total > 0 ? 'already made' : 'made'}: ` +
      `${run.proposals.length} proposals, ${run.unmatched.length} unmatched; ${activated} pairings activated now, ${active.total} active`,
  );
}

/**
 * The buddy program's community recognition, so the wall, kudos and competition pages have something to show: three
 * people consent to public acknowledgement; two mentees thank their mentors (demo-mentor-1 shares theirs on the
 * wall); a manager recognizes demo-mentor-2 with a citation; and a Mentor of the Year over the past year is
 * nominated, voted and closed with its winner. Each step looks at what is there first, so seeding again adds nothing.
 */
async function seedCommunity(issuer: DevIssuer, pm: string, programId: string) {
  const as = (userId: string, role: 'mentor' | 'mentee') => issuer.issue({ tenantId: values.tenant!, roles: [role], userId });
  const rec = values.recognition!;
  for (const [userId, role] of [['demo-mentor-1', 'mentor'], ['demo-mentee-1', 'mentee'], ['demo-mentor-2', 'mentor']] as const) {
    const applications = await call('GET', `${values.enrollment}/my/applications?limit=50`, as(userId, role));
    for (const a of applications.items.filter((a: { programId: string }) => a.programId === programId)) {
      await call('PUT', `${values.enrollment}/applications/${a.applicationId}/consent`, as(userId, role), { publicAcknowledgementConsent: true });
    }
  }
  const kudos = [
    { menteeId: 'demo-mentee-1', mentorId: 'demo-mentor-1', category: 'trust', message: 'Thank you for the honest advice before my first review', share: true },
    { menteeId: 'demo-mentee-2', mentorId: 'demo-mentor-2', category: 'expertise', message: 'Your walkthrough of our event pipeline saved me a week', share: false },
  ];
  for (const k of kudos) {
    const mentee = as(k.menteeId, 'mentee');
    const given = await call('GET', `${rec}/me/kudos?direction=given&programId=${programId}&limit=1`, mentee);
    if (given.total === 0) await untilAllowed(() => call('POST', `${rec}/programs/${programId}/kudos`, mentee, { mentorId: k.mentorId, category: k.category, message: k.message }));
    const received = await call('GET', `${rec}/me/kudos?programId=${programId}&limit=50`, as(k.mentorId, 'mentor'));
    const first = received.items.find((r: { menteeId: string }) => r.menteeId === k.menteeId);
    if (k.share && first && !first.shared) await call('POST', `${rec}/programs/${programId}/kudos/${first.kudosId}/share`, as(k.mentorId, 'mentor'), { shared: true });
  }
  const grants = await call('GET', `${rec}/programs/${programId}/grants?personId=demo-mentor-2&limit=1`, pm);
  if (grants.total === 0) {
    await call('POST', `${rec}/programs/${programId}/grants`, pm, { personId: 'demo-mentor-2', title: 'Onboarding hero', citation: 'Rewrote the buddy guide that every new joiner now starts with' });
  }
  const title = 'Mentor of the Year';
  const competitions = await call('GET', `${rec}/competitions?programId=${programId}&limit=50`, pm);
  let competition = competitions.items.find((c: { title: string }) => c.title === title);
  if (!competition) {
    const now = Date.now();
    competition = await call('POST', `${rec}/programs/${programId}/competitions`, pm, {
      title, periodStart: new Date(now - 365 * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00Z', periodEnd: new Date(now + 86_400_000).toISOString().slice(0, 10) + 'T00:00:00Z',
    });
  }
  const at = `${rec}/competitions/${competition.competitionId}`;
  if (competition.status === 'nominating') {
    for (const [menteeId, nomineeId, citation] of [
      ['demo-mentee-1', 'demo-mentor-1', 'Turned my first months around'], ['demo-mentee-2', 'demo-mentor-2', 'Always prepared, always kind'], ['demo-mentee-3', 'demo-mentor-1', 'Helps every buddy, not only hers'],
    ]) await tolerating409(() => call('POST', `${at}/nominations`, as(menteeId, 'mentee'), { nomineeId, citation }));
    competition = await call('POST', `${at}/voting/open`, pm, {});
  }
  if (competition.status === 'voting') {
    for (const [voter, nomineeId] of [['demo-mentee-1', 'demo-mentor-1'], ['demo-mentee-3', 'demo-mentor-1'], ['demo-mentee-2', 'demo-mentor-2']]) {
      await tolerating409(() => call('POST', `${at}/votes`, as(voter, 'mentee'), { nomineeId }));
    }
    competition = await call('POST', `${at}/close`, pm, {});
  }
  const deadline = Date.now() + 30_000;
  let wall: { kind: string }[] = [];
  const kinds = ['kudos', 'grant', 'winner'];
  for (;;) {
    wall = (await call('GET', `${rec}/wall?programId=${programId}&limit=200`, pm)).items;
    if (kinds.every((k) => wall.some((e) => e.kind === k)) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  say(`community: ${kudos.length} kudos (one shared), a grant, ${title} won by ${competition.winnerId}; the wall shows ${kinds.map((k) => `${wall.filter((e) => e.kind === k).length} ${k}`).join(', ')}`);
  if (!kinds.every((k) => wall.some((e) => e.kind === k))) throw new Error('the wall did not show the shared kudos, the grant and the winner within 30 s');
}

/** Recognition learns who mentors whom from enrollment's events: a kudos just after the import may come too early. */
async function untilAllowed<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!/→ 403/.test((error as Error).message) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** A step a previous, interrupted run already took (already nominated, already voted) is fine. */
async function tolerating409(attempt: () => Promise<unknown>): Promise<void> {
  try {
    await attempt();
  } catch (error) {
    if (!/→ 409/.test((error as Error).message)) throw error;
  }
}

/**
 * Two badges a manager adds to the buddy program, so its awards span every tier: a champion-tier badge for mentors
 * whose mentee was promoted and a custom one for steady mentors. Each is back-filled over the imported history (and
 * issued as a credential where recognition has its master key). Added once, by name.
 */
async function seedBadges(pm: string, programId: string) {
  const rec = `${values.recognition}/programs/${programId}`;
  const existing: { name: string }[] = await call('GET', `${rec}/badge-rules`, pm);
  const wanted = [
    { name: 'Promotion Champion', tier: 'champion', description: 'A mentee of yours was promoted (verified)', rule: { fact: 'verifiedMenteeOutcomes', atLeast: 1, outcomeKind: 'promotion', role: 'mentor' } },
    { name: 'Steady Mentor', tier: 'custom', description: 'Eight confirmed sessions as a mentor', rule: { fact: 'confirmedSessions', atLeast: 8, role: 'mentor' } },
  ];
  const added = wanted.filter((b) => !existing.some((e) => e.name === b.name));
  for (const badge of added) await call('POST', `${rec}/badges`, pm, badge);
  say(`badges: ${added.length} added (${wanted.map((b) => b.name).join(', ')})`);
}

/**
 * The buddy program's rewards: a catalogue, this year's budget, and requests by imported mentors at every step from
 * waiting to rated. Each step looks at what is there first, so seeding again (on any day) adds nothing.
 */
async function seedRewards(issuer: DevIssuer, pm: string, programId: string) {
  const rec = `${values.recognition}/programs/${programId}`;
  const catalogue: { name: string; rewardId: string }[] = await call('GET', `${rec}/rewards`, pm);
  const wanted = [
    { name: 'Conference ticket', description: 'A conference of your choice, travel included', kind: 'conference', costMinor: 60000, currency: 'EUR', stock: 5 },
    { name: 'Leadership network membership', description: 'A year in the internal leadership circle', kind: 'network', costMinor: 15000, currency: 'EUR', unlockedBy: ['rising-star'] },
    { name: 'Thank-you hamper', description: 'Delivered to your desk', kind: 'gift', costMinor: 4000, currency: 'EUR' },
  ];
  for (const reward of wanted) if (!catalogue.some((r) => r.name === reward.name)) catalogue.push(await call('POST', `${rec}/rewards`, pm, reward));
  const year = new Date().toISOString().slice(0, 4);
  const budgets: { period: string }[] = await call('GET', `${rec}/reward-budgets`, pm);
  if (!budgets.some((b) => b.period === year)) await call('POST', `${rec}/reward-budgets/${year}/allocations`, pm, { amountMinor: 500000, currency: 'EUR', note: 'Demo budget' });
  // One request at each step, by a different mentor each: given and rated; given, to rate (demo-mentor-1, the demo's
  // mentor); approved, to give; waiting for a decision. Each mentor's is made once.
  const redemptions = [
    { mentorId: 'demo-mentor-0', reward: 'Conference ticket', steps: ['approve', 'fulfil', 'feedback'] },
    { mentorId: 'demo-mentor-1', reward: 'Thank-you hamper', steps: ['approve', 'fulfil'] },
    { mentorId: 'demo-mentor-3', reward: 'Thank-you hamper', steps: ['approve'] },
    { mentorId: 'demo-mentor-2', reward: 'Conference ticket', steps: [] },
  ];
  for (const { mentorId, reward, steps } of redemptions) {
    const mentor = issuer.issue({ tenantId: values.tenant!, roles: ['mentor'], userId: mentorId });
    const deadline = Date.now() + 60_000;
    while ((await fetch(`${rec}/rewards/eligible`, { headers: { authorization: `Bearer ${mentor}` } })).status !== 200) {
      if (Date.now() > deadline) throw new Error(`recognition does not know ${mentorId} as an approved mentor after 60 s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const mine = await call('GET', `${values.recognition}/me/reward-requests?programId=${programId}`, mentor);
    if (mine.total > 0) continue;
    const request = await call('POST', `${rec}/reward-requests`, mentor, { rewardId: catalogue.find((r) => r.name === reward)!.rewardId });
    for (const step of steps) {
      if (step === 'feedback') await call('POST', `${rec}/reward-requests/${request.requestId}/feedback`, mentor, { satisfaction: 5, relevance: 4, comment: 'Came back with three ideas for our team' });
      else await call('POST', `${rec}/reward-requests/${request.requestId}/${step}`, pm, {});
    }
  }
  const position: { allocatedMinor: number; reservedMinor: number; spentMinor: number } = await call('GET', `${rec}/reward-budgets/${year}`, pm);
  say(
    `rewards: ${catalogue.length} in the catalogue, ${year} budget ${position.allocatedMinor} allocated, ${position.reservedMinor} reserved, ${position.spentMinor} spent; ` +
      `${redemptions.length} requests (given and rated, given, approved, waiting)`,
  );
  const credentials = await call('GET', `${values.recognition}/me/credentials`, issuer.issue({ tenantId: values.tenant!, roles: ['mentor'], userId: 'demo-mentor-1' }));
  say(`credentials: demo-mentor-1 holds ${credentials.total ?? credentials.items.length} so far (issued with each award when recognition has CREDENTIALS_MASTER_KEY)`);
}

/**
 * What the buddy program's overview shows besides its history: this month's pulse answers from eight pairs (an NPS
 * to read; a pair answers once a month, so a second run adds nothing) and a pair that has not met since it started
 * two months ago — at risk, for the manager to act on (imported by the first seeding only).
 */
async function seedPulseAndQuietPair(issuer: DevIssuer, pm: string, programId: string) {
  const activePairings = async () =>
    (await call('GET', `${values['session-tracking']}/programs/${programId}/pairings?status=active&limit=100`, pm)).items as { pairingId: string; mentee: { userId: string } }[];
  // Its start is "two months ago" from the first seeding: imported again later, the file would name another start
  // than the one enrollment kept, and the import would wait for a pairing that never arrives.
  let active = await activePairings();
  if (!active.some((p) => p.mentee.userId === 'demo-mentee-quiet')) {
    await importQuietPair(pm, programId);
    active = await activePairings();
  }
  const pairs = active.filter((p) => p.mentee.userId.startsWith('demo-mentee-') && p.mentee.userId !== 'demo-mentee-quiet').slice(0, 8);
  const scores = [10, 9, 9, 8, 10, 6, 7, 3];
  for (const [i, pair] of pairs.entries()) {
    const mentee = issuer.issue({ tenantId: values.tenant!, roles: ['mentee'], userId: pair.mentee.userId });
    await tolerating409(() => call('POST', `${values['session-tracking']}/pairings/${pair.pairingId}/pulse`, mentee, { score: scores[i], comment: 'Monthly check-in' }));
  }
  say(`pulse: ${pairs.length} answers this month; a pair that has not met for two months (at risk)`);
}

async function importQuietPair(pm: string, programId: string) {
  const started = new Date(Date.now() - 60 * 86_400_000).toISOString();
  const rows = [
    { record: 'participant', employeeId: 'M-quiet', userId: 'demo-mentor-quiet', name: 'Quinn Quiet', email: 'quinn@example.com', role: 'mentor', timeZone: 'Europe/London', languages: ['en'], skillsOffered: ['kafka'], mentorCapacity: 1, joinedAt: started },
    { record: 'participant', employeeId: 'E-quiet', userId: 'demo-mentee-quiet', name: 'Robin Silent', email: 'robin@example.com', role: 'mentee', timeZone: 'Europe/London', languages: ['en'], skillsSought: ['kafka'], joinedAt: started },
    { record: 'pairing', pairingRef: 'pairing-quiet', mentorEmployeeId: 'M-quiet', menteeEmployeeId: 'E-quiet', startedAt: started },
  ];
  await importFile({
    programId, token: pm, enrollmentUrl: values.enrollment!, sessionTrackingUrl: values['session-tracking'], format: 'ndjson', waitForPairingsMs: 60_000,
    open: () => Readable.from(rows.map((r) => `${JSON.stringify(r)}\n`)),
  });
}

/**
 * Six months of history for the buddy program, through the import (docs/import): 40 people in 20 pairs meeting
 * every two weeks, some gaps (at-risk episodes), some completed early, ratings, goals and verified promotions.
 * Imported by reference, so seeding again reports every row unchanged.
 */
async function importHistory(pm: string, programId: string) {
  const { records, totals } = generateHistory({ pairs: 20, months: 6, now: new Date(), userPrefix: 'demo-', verifier: 'demo-pm-2' });
  say(`importing six months of history into the buddy program (${totals.participants} participants, ${totals.sessions} sessions)`);
  const result = await importFile({
    programId,
    token: pm,
    enrollmentUrl: values.enrollment!,
    sessionTrackingUrl: values['session-tracking'],
    format: 'ndjson',
    open: () => Readable.from(records.map((r) => `${JSON.stringify(r)}\n`)),
    waitForPairingsMs: 60_000,
    onRejected: (service, row) => process.stderr.write(`[seed] ${service} rejected line ${row.line}: ${row.code} ${row.message}\n`),
  });
  const st = result.sessionTracking!;
  say(
    `history: enrollment ${result.enrollment.imported} imported, ${result.enrollment.unchanged} unchanged; ` +
      `session tracking ${st.imported} imported, ${st.unchanged} unchanged, ${st.rejected + result.enrollment.rejected} rejected`,
  );
  if (st.rejected + result.enrollment.rejected > 0) throw new Error('the demo history was not imported whole');
}

main().catch((error) => {
  process.stderr.write(`[seed] failed: ${(error as Error).message}\n`);
  process.exit(1);
});

import { randomUUID } from 'node:crypto';
import { eventually } from '@tandem/testing';
import { FeedbackSubmitted, OutcomeVerified, SessionCompleted } from '@tandem/session-tracking-contracts';
import { publishEvent, sql } from './support/kafka-run';
import { runRebuild, snapshotSchema } from './support/read-models';
import { openEvergreenProgram } from './support/pairings';
import { http, startSuite, type Suite } from './support/suite';

/**
 * Recognition end to end, through the real broker: a mentor's months of history arrive as session tracking's public
 * events with their historical occurrence times (published here exactly as session tracking's relay would — the
 * months come from the events' own dates, never from waiting), and the mentor earns Participation, then Rising Star,
 * then Champion, each with its evidence event ids and the moment it was earned; analytics counts them; a manager
 * previews a new rule and its publication back-fills exactly the previewed awards; scope and bad input are refused.
 */
describe('recognition: automatic tiered awards with evidence', () => {
  let suite: Suite;
  let programId: string;
  let pm: string;
  let mentorToken: string;
  const mentor = 'mia-rec';
  const mentees = ['max-rec', 'mo-rec'];
  const pairings = [randomUUID(), randomUUID()];
  const sessionIds: string[] = [];
  const ratingIds: string[] = [];
  const outcomeIds: string[] = [];
  const rec = () => suite.services.recognition.url;
  const ref = (i: number) => ({ tenantId: suite.tenant, programId, pairingId: pairings[i], mentorUserId: mentor, menteeUserId: mentees[i] });

  const session = async (occurredAt: string, i = 0) => {
    const payload = { ...ref(i), sessionId: randomUUID(), occurredAt, minutes: 60, format: 'video' as const, logged: true, reportedByRole: 'mentor' as const, confirmedAt: occurredAt };
    sessionIds.push(await publishEvent(suite, SessionCompleted, payload));
    const rating = { ...ref(i), sessionId: payload.sessionId, raterRole: 'mentee' as const, rating: sessionIds.length === 2 ? 4 : 5, submittedAt: occurredAt };
    ratingIds.push(await publishEvent(suite, FeedbackSubmitted, rating));
  };
  const myAward = (badgeId: string) =>
    eventually(`${badgeId} for ${mentor}`, async () => {
      const r = await http('GET', `${rec()}/me/awards?programId=${programId}`, mentorToken);
      return r.body?.items?.find((a: { badgeId: string }) => a.badgeId === badgeId);
    });

  beforeAll(async () => {
    suite = await startSuite();
    pm = suite.token(['program-manager']);
    mentorToken = suite.token(['mentor'], suite.tenant, mentor);
    programId = await openEvergreenProgram(suite, 'Recognition e2e');
    await eventually('recognition to set up the default tiers', async () => {
      const r = await http('GET', `${rec()}/programs/${programId}/badge-rules`, pm);
      return r.body?.length === 3 ? true : undefined;
    });
  });
  afterAll(() => suite?.stop());

  it('awards Participation at the first confirmed session, earned when it happened, with the event as evidence', async () => {
    await session('2026-01-10T10:00:00.000Z');
    const award = await myAward('participation');
    expect(award).toMatchObject({
      programId, personId: mentor, tier: 'participation', ruleVersion: 1, status: 'awarded', flagged: false, earnedAt: '2026-01-10T10:00:00.000Z',
      evidence: [{ criterion: 'rule', fact: 'confirmedSessions', eventIds: [sessionIds[0]] }],
    });
  });

  it('shows progress to Rising Star, then awards it across three consecutive active months', async () => {
    await session('2026-01-20T10:00:00.000Z', 1);
    const progress = await eventually('two sessions in the progress', async () => {
      const r = await http('GET', `${rec()}/me/progress?programId=${programId}`, mentorToken);
      const risingStar = r.body?.find?.((b: { badgeId: string }) => b.badgeId === 'rising-star');
      return risingStar?.criteria[1].current === 2 ? risingStar : undefined;
    });
    expect(progress.criteria).toEqual([
      { criterion: 'rule.allOf[0]', fact: 'consecutiveActiveMonths', target: 3, current: 1, satisfied: false },
      { criterion: 'rule.allOf[1]', fact: 'confirmedSessions', target: 5, current: 2, satisfied: false },
    ]);
    await session('2026-02-10T10:00:00.000Z');
    await session('2026-03-05T10:00:00.000Z');
    await session('2026-03-12T10:00:00.000Z', 1);
    const award = await myAward('rising-star');
    expect(award).toMatchObject({
      tier: 'rising-star', earnedAt: '2026-03-12T10:00:00.000Z',
      evidence: [
        { criterion: 'rule.allOf[0]', fact: 'consecutiveActiveMonths', eventIds: [sessionIds[0], sessionIds[2], sessionIds[3]] },
        { criterion: 'rule.allOf[1]', fact: 'confirmedSessions', eventIds: sessionIds.slice(0, 5) },
      ],
    });
  });

  it('awards Champion after two verified mentee outcomes and an average of at least 4.5 over five ratings', async () => {
    for (const [i, verifiedAt] of ['2026-04-10T09:00:00.000Z', '2026-04-20T09:00:00.000Z'].entries()) {
      const outcome = {
        ...ref(i), outcomeId: randomUUID(), kind: 'promotion' as const, achievedOn: verifiedAt.slice(0, 10), beneficiaryUserId: mentees[i],
        beneficiaryRole: 'mentee' as const, reportedAt: verifiedAt, verifiedBy: 'pm-1', verifiedAt,
      };
      outcomeIds.push(await publishEvent(suite, OutcomeVerified, outcome));
    }
    const award = await myAward('champion');
    expect(award).toMatchObject({
      tier: 'champion', earnedAt: '2026-04-20T09:00:00.000Z',
      evidence: [
        { criterion: 'rule.allOf[0]', fact: 'verifiedMenteeOutcomes', eventIds: outcomeIds },
        { criterion: 'rule.allOf[1]', fact: 'averageRating', eventIds: ratingIds },
      ],
    });
    const awarded = await http('GET', `${rec()}/programs/${programId}/awards?tier=champion`, pm);
    expect(awarded.body).toMatchObject({ total: 1, items: [{ personId: mentor, badgeId: 'champion' }] });
  });

  it('analytics counts the recognitions per tier and month they were earned', async () => {
    const analyst = suite.token(['analyst'], suite.tenant, 'ana');
    const figures = await eventually('analytics to count the champion', async () => {
      const r = await http('GET', `${suite.services.analytics.url}/programs/${programId}/recognitions`, analyst);
      return r.body?.some?.((f: { tier: string }) => f.tier === 'champion') ? r.body : undefined;
    });
    expect(figures).toEqual([
      { month: '2026-01', tier: 'participation', issued: 3, revoked: 0 },
      { month: '2026-03', tier: 'rising-star', issued: 1, revoked: 0 },
      { month: '2026-04', tier: 'champion', issued: 1, revoked: 0 },
    ]);
  });

  it('previews a new rule over the whole history, and its publication back-fills exactly the previewed awards', async () => {
    const rule = { allOf: [{ fact: 'confirmedSessions', atLeast: 2, withinDays: 30, role: 'mentor' }, { fact: 'distinctMentees', atLeast: 2 }] };
    const awardsBefore = await sql<{ n: number }>(suite.databases.recognition.url, `SELECT count(*)::int AS n FROM recognition.awards`);
    const preview = await http('POST', `${rec()}/programs/${programId}/badges/preview`, pm, { rule });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      evaluatedPeople: 3,
      qualifying: [{
        personId: mentor, earnedAt: '2026-01-20T10:00:00.000Z',
        evidence: [
          { criterion: 'rule.allOf[0]', fact: 'confirmedSessions', eventIds: sessionIds.slice(0, 2) },
          { criterion: 'rule.allOf[1]', fact: 'distinctMentees', eventIds: sessionIds.slice(0, 2) },
        ],
      }],
    });
    expect(await sql(suite.databases.recognition.url, `SELECT count(*)::int AS n FROM recognition.awards`)).toEqual(awardsBefore);

    const created = await http('POST', `${rec()}/programs/${programId}/badges`, pm, { name: 'Fast starter', description: 'Two mentees in a month', rule });
    expect(created).toMatchObject({ status: 201, body: { tier: 'custom', ruleVersion: 1, status: 'active' } });
    const backFilled = await http('GET', `${rec()}/programs/${programId}/awards?badgeId=${created.body.badgeId}`, pm);
    expect(backFilled.body.items.map((a: { personId: string; earnedAt: string; evidence: unknown }) => ({ personId: a.personId, earnedAt: a.earnedAt, evidence: a.evidence }))).toEqual(preview.body.qualifying);

    const v2 = await http('POST', `${rec()}/programs/${programId}/badges/${created.body.badgeId}/rule-versions`, pm, { rule: { fact: 'confirmedSessions', atLeast: 6 } });
    expect(v2).toMatchObject({ status: 201, body: { ruleVersion: 2 } });
    const same = await http('POST', `${rec()}/programs/${programId}/badges/${created.body.badgeId}/rule-versions`, pm, { rule: { fact: 'confirmedSessions', atLeast: 6 } });
    expect(same).toMatchObject({ status: 409, body: { code: 'badge.rule_unchanged' } });
    expect((await http('POST', `${rec()}/programs/${programId}/badges/${created.body.badgeId}/retire`, pm, { reason: 'Season over' })).status).toBe(200);
    const retired = await http('POST', `${rec()}/programs/${programId}/badges/${created.body.badgeId}/retire`, pm, { reason: 'Again' });
    expect(retired).toMatchObject({ status: 409, body: { code: 'badge.retired' } });
  });

  it('refuses an invalid rule with 400 naming the field, and an unknown badge with 404', async () => {
    const bad = await http('POST', `${rec()}/programs/${programId}/badges`, pm, { name: 'Bad', rule: { allOf: [{ fact: 'confirmedSessions', atLeast: 0 }, { fact: 'likes', atLeast: 1 }] } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['rule.allOf[0].atLeast', 'rule.allOf[1].fact']);
    const unknown = await http('POST', `${rec()}/programs/${programId}/badges/no-such-badge/rule-versions`, pm, { rule: { fact: 'goalsAchieved', atLeast: 1 } });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'badge.not_found' } });
    const revokeUnknown = await http('POST', `${rec()}/programs/${programId}/badges/champion/awards/nobody/revoke`, pm, { reason: 'x' });
    expect(revokeUnknown.status).toBe(404);
  });

  it("refuses another program manager before any state check, and shows another tenant's admin nothing", async () => {
    const pm2 = suite.token(['program-manager'], suite.tenant, 'pm-2');
    const p = `/programs/${programId}`;
    const manager: [string, string, unknown?][] = [
      ['GET', `${p}/awards`], ['GET', `${p}/awards/flagged`], ['GET', `${p}/people/${mentor}/progress`],
      ['POST', `${p}/badges`, { name: 'Mine', rule: { fact: 'goalsAchieved', atLeast: 1 } }], ['POST', `${p}/badges/preview`, { rule: { fact: 'goalsAchieved', atLeast: 1 } }],
      ['POST', `${p}/badges/champion/rule-versions`, { rule: { fact: 'goalsAchieved', atLeast: 1 } }], ['POST', `${p}/badges/champion/retire`, { reason: 'x' }],
      ['POST', `${p}/badges/champion/awards/${mentor}/revoke`, { reason: 'x' }],
    ];
    const before = await sql(suite.databases.recognition.url, `SELECT count(*)::int AS n FROM event_store.events`);
    for (const [method, path, body] of manager) {
      const r = await http(method, `${rec()}${path}`, pm2, body);
      expect([method, path, r.status, r.body?.code]).toEqual([method, path, 403, 'program.not_a_manager']);
      expect((await http(method, `${rec()}${path}`, mentorToken, body)).status).toBe(403);
    }
    expect(await sql(suite.databases.recognition.url, `SELECT count(*)::int AS n FROM event_store.events`)).toEqual(before);
    const outsider = suite.token(['admin'], `${suite.tenant}-other`, 'root');
    expect((await http('GET', `${rec()}${p}/awards`, outsider)).body).toMatchObject({ total: 0, items: [] });
    expect((await http('POST', `${rec()}${p}/badges/preview`, outsider, { rule: { fact: 'goalsAchieved', atLeast: 1 } })).status).toBe(404);
  });

  it('lets a manager revoke an award with a reason; the mentor sees it revoked and analytics counts it', async () => {
    const revoked = await http('POST', `${rec()}/programs/${programId}/badges/champion/awards/${mentor}/revoke`, pm, { reason: 'Outcomes were double-reported' });
    expect(revoked).toMatchObject({ status: 200, body: { status: 'revoked', revokeReason: 'Outcomes were double-reported' } });
    expect((await http('POST', `${rec()}/programs/${programId}/badges/champion/awards/${mentor}/revoke`, pm, { reason: 'Again' })).status).toBe(409);
    expect(await myAward('champion')).toMatchObject({ status: 'revoked' });
    const analyst = suite.token(['analyst'], suite.tenant, 'ana');
    await eventually('analytics to count the revocation', async () => {
      const r = await http('GET', `${suite.services.analytics.url}/programs/${programId}/recognitions`, analyst);
      return r.body?.find?.((f: { tier: string }) => f.tier === 'champion')?.revoked === 1 ? true : undefined;
    });
  });

  // Last: stops recognition, so nothing changes its database while it is compared.
  it('rebuilds the badge catalogue, badge rules and awards (awarded, back-filled, revoked) from the event store, row for row', async () => {
    await suite.services.recognition.stop();
    const url = suite.databases.recognition.url;
    const before = await snapshotSchema(url, 'recognition');
    expect(['badge_definitions', 'badges', 'awards'].filter((table) => !before[table]?.length)).toEqual([]);
    expect(before.awards.some((row) => JSON.parse(row).status === 'revoked')).toBe(true);
    // Lost read models come back from the events alone, with the events' own times.
    await sql(url, 'DELETE FROM recognition.awards');
    await sql(url, 'DELETE FROM recognition.badges');
    expect(await runRebuild('recognition', suite.services.recognition.env)).toMatch(/\[rebuild\] recognition: done/);
    expect(await snapshotSchema(url, 'recognition')).toEqual(before);
  });
});

import { randomUUID } from 'node:crypto';
import { eventually } from '@tandem/testing';
import { SessionCompleted } from '@tandem/session-tracking-contracts';
import { awaitMessages, messagesOn, publishEvent, sql } from './support/kafka-run';
import { applyAndApprove, openEvergreenProgram } from './support/pairings';
import { runRebuild, snapshotSchema } from './support/read-models';
import { http, startSuite, type Suite } from './support/suite';

/**
 * Community recognition end to end (issue 13), real services over the real broker: a mentee paired through
 * enrollment gives their mentor kudos, which count as a fact and lift a custom badge rule that uses them; a manager
 * grants a badge with a citation; the recognition wall (JSON) and the Atom feed show only what people consented to,
 * and a consent withdrawal through enrollment removes the person from both at once; a rotated feed URL stops working.
 */
describe('community recognition: kudos, grants, a consent-gated wall and feed', () => {
  let suite: Suite;
  let programId: string;
  let pm: string;
  const ada = 'ada-community';
  const max = 'max-community';
  const rec = () => suite.services.recognition.url;
  let adaApplication: string;
  let adaToken: string;
  let maxToken: string;
  let feedPath: string;
  const fields = (r: { body: { errors?: { field: string }[] } }) => r.body.errors?.map((e) => e.field);

  beforeAll(async () => {
    suite = await startSuite({ env: { recognition: { COMPETITION_CLOSE_SWEEP_MS: '1000' } } });
    pm = suite.token(['program-manager']);
    adaToken = suite.token(['mentor'], suite.tenant, ada);
    maxToken = suite.token(['mentee'], suite.tenant, max);
    programId = await openEvergreenProgram(suite, 'Community e2e');
    adaApplication = await applyAndApprove(suite, programId, ada, 'mentor', { publicAcknowledgementConsent: true });
    await applyAndApprove(suite, programId, max, 'mentee', { publicAcknowledgementConsent: true });
    const enrollment = suite.services.enrollment.url;
    const request = await http('POST', `${enrollment}/programs/${programId}/requests`, maxToken, { mentorApplicationId: adaApplication });
    expect(request.status).toBe(201);
    expect((await http('POST', `${enrollment}/pairings/${request.body.pairingId}/accept`, adaToken)).body.status).toBe('active');
  });
  afterAll(() => suite?.stop());

  const giveKudos = (body: Record<string, unknown>, token = maxToken) => http('POST', `${rec()}/programs/${programId}/kudos`, token, { mentorId: ada, category: 'trust', message: 'Thanks for the honest advice', ...body });

  it('counts kudos as a fact that lifts a badge rule using kudosReceived, with the limit and private message', async () => {
    const badge = await http('POST', `${rec()}/programs/${programId}/badges`, pm, {
      name: 'Trusted Mentor', tier: 'custom', description: 'A kudos and a confirmed session', rule: { allOf: [{ fact: 'kudosReceived', atLeast: 1, role: 'mentor' }, { fact: 'confirmedSessions', atLeast: 1, role: 'mentor' }] },
    });
    expect(badge.status).toBe(201);
    const badgeId: string = badge.body.badgeId;
    // Recognition knows the pairing once enrollment's PairingStarted is consumed.
    const given = await eventually('recognition to know the pairing', async () => {
      const r = await giveKudos({});
      return r.status === 201 ? r : undefined;
    });
    expect(given.body).toMatchObject({ mentorId: ada, menteeId: max, category: 'trust', message: 'Thanks for the honest advice', shared: false });
    const again = await giveKudos({ category: 'expertise' });
    expect(again).toMatchObject({ status: 409, body: { code: 'kudos.too_soon' } });
    expect((await giveKudos({}, suite.token(['mentee'], suite.tenant, 'stranger'))).body).toMatchObject({ code: 'kudos.not_your_mentor' });
    expect(fields(await giveKudos({ category: 'charm', message: '' }))).toEqual(['category', 'message']);

    const received = await http('GET', `${rec()}/me/kudos?programId=${programId}`, adaToken);
    expect(received.body).toMatchObject({ total: 1, items: [{ kudosId: given.body.kudosId, message: 'Thanks for the honest advice' }] });
    const progress = await http('GET', `${rec()}/me/progress`, adaToken);
    expect(JSON.stringify(progress.body)).toContain('kudosReceived');

    await publishEvent(suite, SessionCompleted, {
      tenantId: suite.tenant, programId, pairingId: randomUUID(), mentorUserId: ada, menteeUserId: max, sessionId: randomUUID(), occurredAt: new Date().toISOString(),
      minutes: 45, format: 'video', logged: true, reportedByRole: 'mentor', confirmedAt: new Date().toISOString(),
    });
    const award = await eventually('the kudos badge to be awarded', async () => {
      const r = await http('GET', `${rec()}/programs/${programId}/awards?badgeId=${badgeId}`, pm);
      return r.body?.total === 1 ? r.body.items[0] : undefined;
    });
    const kudosEvents = await awaitMessages(suite, 'mentoring.recognition.v1', 'tandem.recognition.KudosGiven.v1', () => true);
    expect(kudosEvents.map((m) => m.payload)).toEqual([{ tenantId: suite.tenant, programId, kudosId: given.body.kudosId, mentorId: ada, menteeId: max, category: 'trust', givenAt: given.body.givenAt }]);
    expect(award.evidence).toContainEqual({ criterion: 'rule.allOf[0]', fact: 'kudosReceived', eventIds: [kudosEvents[0].headers.ce_id] });
    // A kudos rule is published as BadgeDefined v3 only (v2's schema cannot carry the new fact).
    const definitions = await awaitMessages(suite, 'mentoring.recognition.v1', 'tandem.recognition.BadgeDefined.v3', (p) => p.badgeId === badgeId);
    const ofBadge = (await messagesOn(suite, 'mentoring.recognition.v1')).filter((m) => m.payload?.badgeId === badgeId).map((m) => m.headers.ce_type);
    expect(definitions).toHaveLength(1);
    expect(ofBadge).toContain('tandem.recognition.BadgeDefined.v3');
    expect(ofBadge).not.toContain('tandem.recognition.BadgeDefined.v2');
    // The mentor shares the kudos on the wall; the mentee cannot.
    expect((await http('POST', `${rec()}/programs/${programId}/kudos/${given.body.kudosId}/share`, maxToken, { shared: true })).status).toBe(403);
    expect((await http('POST', `${rec()}/programs/${programId}/kudos/${given.body.kudosId}/share`, adaToken, { shared: true })).body).toMatchObject({ shared: true });
  });

  it('lets a manager grant a badge or a custom recognition with a citation that no public event carries', async () => {
    const citation = `Rebuilt the onboarding guide ${randomUUID()}`;
    const granted = await http('POST', `${rec()}/programs/${programId}/grants`, pm, { personId: ada, badgeId: 'champion', citation });
    expect(granted).toMatchObject({ status: 201, body: { kind: 'badge', badgeId: 'champion', tier: 'champion', title: 'Champion', citation, status: 'granted' } });
    const custom = await http('POST', `${rec()}/programs/${programId}/grants`, pm, { personId: max, title: 'Question of the month', citation: 'Asked what everyone wondered' });
    expect(custom.body).toMatchObject({ kind: 'custom', badgeId: null, tier: 'custom', title: 'Question of the month' });
    expect(fields(await http('POST', `${rec()}/programs/${programId}/grants`, pm, { personId: ada, citation: ' ' }))).toEqual(['title', 'citation']);
    expect((await http('POST', `${rec()}/programs/${programId}/grants`, pm, { personId: 'nobody', title: 'x', citation: 'y' })).body).toMatchObject({ code: 'recognition.unknown_person' });
    expect((await http('POST', `${rec()}/programs/${programId}/grants`, pm, { personId: ada, badgeId: 'no-such-badge', citation: 'y' })).status).toBe(404);
    // Another program's manager and a mentor get 403 before any state check (even for a badge that does not exist).
    const other = suite.token(['program-manager'], suite.tenant, 'pm-other');
    expect((await http('POST', `${rec()}/programs/${programId}/grants`, other, { personId: ada, badgeId: 'no-such-badge', citation: 'y' })).status).toBe(403);
    expect((await http('POST', `${rec()}/programs/${programId}/grants`, adaToken, { personId: ada, title: 'Me', citation: 'y' })).status).toBe(403);
    expect((await http('GET', `${rec()}/me/grants`, adaToken)).body).toMatchObject({ total: 1, items: [{ grantId: granted.body.grantId, citation }] });
    // Each grant is issued as a verifiable credential, with the citation as its criteria (issue 14).
    const credentials = (await http('GET', `${rec()}/me/credentials`, adaToken)).body.items as { grantId: string | null; badgeId: string; url: string }[];
    const ofGrant = credentials.find((c) => c.grantId === granted.body.grantId)!;
    expect(ofGrant).toMatchObject({ badgeId: 'champion', tier: 'champion', status: 'issued' });
    expect((await http('GET', ofGrant.url)).body).toMatchObject({ credentialSubject: { achievement: { criteria: { narrative: citation } } } });
    expect((await http('POST', `${rec()}/credentials/verify`, undefined, { credential: (await http('GET', ofGrant.url)).body })).body.verified).toBe(true);
    expect((await http('GET', `${rec()}/programs/${programId}/grants?kind=custom`, pm)).body).toMatchObject({ total: 1, items: [{ personId: max }] });

    const events = await awaitMessages(suite, 'mentoring.recognition.v1', 'tandem.recognition.RecognitionGranted.v1', () => true, 2);
    expect(events.map((m) => m.payload.grantId).sort()).toEqual([granted.body.grantId, custom.body.grantId].sort());
    expect(JSON.stringify(await messagesOn(suite, 'mentoring.recognition.v1'))).not.toContain(citation);
    expect(JSON.stringify(await messagesOn(suite, 'mentoring.recognition.v1'))).not.toContain('Thanks for the honest advice');
    // Analytics counts the grants among recognitions issued.
    await eventually('analytics to count the grants', async () => {
      const r = await http('GET', `${suite.services.analytics.url}/programs/${programId}/recognitions`, pm);
      const text = JSON.stringify(r.body);
      return r.status === 200 && text.includes('custom') && text.includes('champion') ? true : undefined;
    });
  });

  it('serves the wall and the Atom feed with consent only; a withdrawal removes the person from both at once', async () => {
    const wall = await http('GET', `${rec()}/wall?programId=${programId}`, maxToken);
    expect(wall.status).toBe(200);
    const kinds = wall.body.items.map((e: { kind: string; personId: string }) => `${e.kind}:${e.personId}`);
    expect(kinds).toEqual(expect.arrayContaining([`kudos:${ada}`, `grant:${ada}`, `grant:${max}`, `award:${ada}`]));
    const kudos = wall.body.items.find((e: { kind: string }) => e.kind === 'kudos');
    expect(kudos).toMatchObject({ personName: 'Ada-community', text: 'Thanks for the honest advice', category: 'trust', fromName: 'Max-community' });
    expect((await http('GET', `${rec()}/wall?kind=kudos`, maxToken)).body.total).toBe(1);
    expect(fields(await http('GET', `${rec()}/wall?kind=gossip&programId=x`, maxToken))).toEqual(['programId', 'kind']);

    expect((await http('POST', `${rec()}/wall/feed/rotate`, adaToken)).status).toBe(403);
    const rotated = await http('POST', `${rec()}/wall/feed/rotate`, pm);
    expect(rotated).toMatchObject({ status: 201, body: { rotation: 1, rotatedBy: 'pm-1' } });
    feedPath = rotated.body.path;
    const atom = await fetch(`${rec()}${feedPath}`);
    expect(atom.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    const xml = await atom.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('Ada-community: Champion');
    expect(xml).toContain('Max-community: Question of the month');

    // Ada withdraws her consent in enrollment: every entry about her leaves the wall and the feed together.
    const withdrawn = await http('PUT', `${suite.services.enrollment.url}/applications/${adaApplication}/consent`, adaToken, { publicAcknowledgementConsent: false });
    expect(withdrawn.status).toBe(200);
    const after = await eventually('the withdrawal to reach the wall', async () => {
      const r = await http('GET', `${rec()}/wall?programId=${programId}`, maxToken);
      return r.body.items.every((e: { personId: string }) => e.personId !== ada) ? r.body : undefined;
    });
    expect(after.items.map((e: { kind: string; personId: string }) => `${e.kind}:${e.personId}`).sort()).toEqual([`award:${max}`, `grant:${max}`]);
    const xmlAfter = await (await fetch(`${rec()}${feedPath}`)).text();
    expect(xmlAfter).not.toContain('Ada-community');
    expect(xmlAfter).toContain('Max-community: Question of the month');
  });

  it("keeps other tenants away from the wall and the feed; a rotated feed URL stops working", async () => {
    const globex = suite.token(['program-manager'], 'globex-community');
    expect((await http('GET', `${rec()}/wall`, globex)).body).toMatchObject({ total: 0, items: [] });
    expect((await http('GET', `${rec()}/wall/feed`, globex)).status).toBe(404);
    const theirs = await http('POST', `${rec()}/wall/feed/rotate`, globex);
    const theirFeed = await (await fetch(`${rec()}${theirs.body.path}`)).text();
    expect(theirFeed).toContain('urn:tandem:globex-community:wall');
    expect(theirFeed).not.toContain('<entry>');

    const rotatedAgain = await http('POST', `${rec()}/wall/feed/rotate`, pm);
    expect(rotatedAgain.body.rotation).toBe(2);
    expect((await fetch(`${rec()}${feedPath}`)).status).toBe(404);
    expect((await fetch(`${rec()}${rotatedAgain.body.path}`)).status).toBe(200);
    expect((await http('GET', `${rec()}/feeds/not-a-secret/wall.atom`)).body).toMatchObject({ errors: [{ field: 'secret' }] });
    expect((await http('GET', `${rec()}/wall/feed`, pm)).body).toMatchObject({ rotation: 2 });
  });

  it('runs a Mentor of the Year from nominations to a winner: eligibility, no self-nomination, one secret vote each, a tie broken by nominations', async () => {
    const [cy, dee, eve, fay] = ['cy-community', 'dee-community', 'eve-community', 'fay-community'];
    for (const mentor of [cy, dee, eve]) await applyAndApprove(suite, programId, mentor, 'mentor', { publicAcknowledgementConsent: true });
    await applyAndApprove(suite, programId, fay, 'mentee', { publicAcknowledgementConsent: true });
    const as = (role: 'mentor' | 'mentee', who: string) => suite.token([role], suite.tenant, who);
    const [cyT, fayT, eveT] = [as('mentor', cy), as('mentee', fay), as('mentor', eve)];
    const year = new Date().getUTCFullYear();
    const body = { title: `Mentor of the Year ${year}`, periodStart: `${year}-01-01T00:00:00Z`, periodEnd: `${year + 1}-01-01T00:00:00Z`, minConfirmedSessions: 1 };

    expect(fields(await http('POST', `${rec()}/programs/${programId}/competitions`, pm, { ...body, periodEnd: 'next year', minConfirmedSessions: -1 }))).toEqual(['periodEnd', 'minConfirmedSessions']);
    expect((await http('POST', `${rec()}/programs/${programId}/competitions`, cyT, body)).status).toBe(403);
    expect((await http('POST', `${rec()}/programs/${programId}/competitions`, suite.token(['program-manager'], suite.tenant, 'pm-other'), { title: '' })).status).toBe(403);
    const opened = await http('POST', `${rec()}/programs/${programId}/competitions`, pm, body);
    expect(opened).toMatchObject({ status: 201, body: { status: 'nominating', ballots: 0, winnerId: null, results: null } });
    const c = `${rec()}/competitions/${opened.body.competitionId}`;

    // Eligibility: a confirmed session as a mentor this year (cy and dee have one, eve none).
    for (const mentor of [cy, dee]) {
      await publishEvent(suite, SessionCompleted, {
        tenantId: suite.tenant, programId, pairingId: randomUUID(), mentorUserId: mentor, menteeUserId: fay, sessionId: randomUUID(), occurredAt: new Date().toISOString(),
        minutes: 30, format: 'video', logged: true, reportedByRole: 'mentor', confirmedAt: new Date().toISOString(),
      });
    }
    await eventually('cy to be eligible', async () => {
      const r = await http('POST', `${c}/nominations`, maxToken, { nomineeId: cy, citation: 'Turned my first year around' });
      return r.status === 201 ? r : undefined;
    });
    await eventually('dee to be eligible', async () => {
      const r = await http('POST', `${c}/nominations`, maxToken, { nomineeId: dee, citation: 'Patient and precise' });
      return r.status === 201 ? r : undefined;
    });
    expect((await http('POST', `${c}/nominations`, fayT, { nomineeId: cy, citation: 'Always there' })).status).toBe(201);
    expect((await http('POST', `${c}/nominations`, cyT, { nomineeId: cy, citation: 'Me!' })).body).toMatchObject({ statusCode: 400, code: 'competition.self_nomination' });
    expect((await http('POST', `${c}/nominations`, fayT, { nomineeId: eve, citation: 'Nice' })).body).toMatchObject({ code: 'competition.not_eligible' });
    expect((await http('POST', `${c}/nominations`, maxToken, { nomineeId: cy, citation: 'Again' })).body).toMatchObject({ code: 'competition.already_nominated' });
    expect((await http('POST', `${c}/nominations`, as('mentee', 'outsider'), { nomineeId: cy, citation: 'x' })).body).toMatchObject({ code: 'competition.not_in_scope' });
    expect(fields(await http('POST', `${c}/nominations`, fayT, { nomineeId: '', citation: ' ' }))).toEqual(['nomineeId', 'citation']);
    expect((await http('POST', `${c}/votes`, fayT, { nomineeId: cy })).body).toMatchObject({ code: 'competition.voting_not_open' });

    expect((await http('POST', `${c}/voting/open`, cyT)).status).toBe(403);
    expect((await http('POST', `${c}/voting/open`, pm)).body).toMatchObject({ status: 'voting', nominees: [{ nomineeId: cy, name: 'Cy-community' }, { nomineeId: dee, name: 'Dee-community' }] });
    expect((await http('POST', `${c}/nominations`, fayT, { nomineeId: dee, citation: 'Late' })).body).toMatchObject({ code: 'competition.nominations_closed' });

    // One vote each; a second is refused. Before the close only the number of ballots shows.
    expect((await http('POST', `${c}/votes`, maxToken, { nomineeId: dee })).body).toMatchObject({ ballots: 1, results: null, winnerId: null });
    expect((await http('POST', `${c}/votes`, maxToken, { nomineeId: cy })).body).toMatchObject({ statusCode: 409, code: 'competition.already_voted' });
    expect((await http('POST', `${c}/votes`, fayT, { nomineeId: cy })).status).toBe(201);
    expect((await http('POST', `${c}/votes`, eveT, { nomineeId: 'nobody' })).body).toMatchObject({ code: 'competition.not_a_nominee' });
    expect((await http('POST', `${c}/votes`, as('mentee', 'outsider'), { nomineeId: cy })).body).toMatchObject({ code: 'competition.not_in_scope' });
    const during = await http('GET', c, cyT);
    expect(during.body).toMatchObject({ status: 'voting', ballots: 2, results: null, winnerId: null });
    expect(JSON.stringify(during.body)).not.toMatch(/"votes"/);
    expect((await http('GET', `${c}/my-vote`, maxToken)).body).toEqual({ nomineeId: dee });
    expect((await http('GET', `${c}/my-vote`, fayT)).body).toEqual({ nomineeId: cy });
    expect((await http('GET', `${c}/my-vote`, pm)).status).toBe(404);
    const nominations = await http('GET', `${c}/nominations`, pm);
    expect(nominations.body.total).toBe(3);
    expect((await http('GET', `${c}/nominations`, cyT)).status).toBe(403);
    // No table of recognition holds a ballot, and no ballot is published.
    const voteRows = await sql(suite.databases.recognition.url, `SELECT table_name FROM information_schema.columns WHERE table_schema = 'recognition' AND column_name IN ('voter_id', 'voter')`);
    expect(voteRows).toEqual([]);

    expect((await http('POST', `${c}/close`, fayT)).status).toBe(403);
    const closed = await http('POST', `${c}/close`, pm);
    expect(closed.body).toMatchObject({
      status: 'closed', ballots: 2, winnerId: cy, tieBreak: 'nominations',
      results: [{ nomineeId: cy, votes: 1, nominations: 2 }, { nomineeId: dee, votes: 1, nominations: 1 }],
    });
    expect((await http('POST', `${c}/votes`, eveT, { nomineeId: cy })).body).toMatchObject({ code: 'competition.voting_closed' });
    expect((await http('POST', `${c}/close`, pm)).body).toMatchObject({ code: 'competition.closed' });

    const published = await awaitMessages(suite, 'mentoring.recognition.v1', 'tandem.recognition.CompetitionClosed.v1', (p) => p.competitionId === opened.body.competitionId);
    expect(published[0].payload).toMatchObject({ winnerId: cy, ballots: 2, tieBreak: 'nominations' });
    const all = JSON.stringify(await messagesOn(suite, 'mentoring.recognition.v1'));
    expect(all).not.toContain('Turned my first year around');
    expect(all).not.toContain('VoteCast');
    expect((await http('GET', `${rec()}/wall?kind=winner`, fayT)).body).toMatchObject({ total: 1, items: [{ personId: cy, personName: 'Cy-community', title: body.title }] });
    // The result is an award: the winner's grant, counted among recognitions issued, listed once on the wall.
    expect((await http('GET', `${rec()}/me/grants`, cyT)).body).toMatchObject({ total: 1, items: [{ grantId: opened.body.competitionId, kind: 'custom', title: body.title, grantedBy: 'pm-1' }] });
    expect((await http('GET', `${rec()}/wall?personId=${cy}`, fayT)).body.items.map((e: { kind: string }) => e.kind)).not.toContain('grant');
    await awaitMessages(suite, 'mentoring.recognition.v1', 'tandem.recognition.RecognitionGranted.v1', (p) => p.grantId === opened.body.competitionId && p.personId === cy);
    expect((await http('GET', `${rec()}/competitions?programId=${programId}&status=closed`, fayT)).body).toMatchObject({ total: 1 });
  });

  it('opens the voting and closes the competition on their dates, naming the winner without a manager', async () => {
    const [cy, fay] = ['cy-community', 'fay-community'];
    const year = new Date().getUTCFullYear();
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const opened = await http('POST', `${rec()}/programs/${programId}/competitions`, pm, {
      title: 'Mentor of the Quarter', periodStart: `${year}-01-01T00:00:00Z`, periodEnd: `${year + 1}-01-01T00:00:00Z`, votingOpensAt: at(3000), votingClosesAt: at(6000),
    });
    const c = `${rec()}/competitions/${opened.body.competitionId}`;
    expect((await http('POST', `${c}/nominations`, suite.token(['mentee'], suite.tenant, fay), { nomineeId: cy, citation: 'Steady' })).status).toBe(201);
    await eventually('the voting to open on its date', async () => {
      const r = await http('POST', `${c}/votes`, maxToken, { nomineeId: cy });
      return r.status === 201 ? r : undefined;
    }, { timeoutMs: 10_000, intervalMs: 250 });
    const closed = await eventually('the sweep to close the competition', async () => {
      const r = await http('GET', c, pm);
      return r.body.status === 'closed' ? r.body : undefined;
    }, { timeoutMs: 15_000, intervalMs: 500 });
    expect(closed).toMatchObject({ winnerId: cy, ballots: 1, tieBreak: null, results: [{ nomineeId: cy, votes: 1, nominations: 1 }] });
    expect((await http('GET', `${rec()}/me/grants`, suite.token(['mentor'], suite.tenant, cy))).body.items).toContainEqual(expect.objectContaining({ grantId: opened.body.competitionId, grantedBy: 'system:recognition' }));
    // A competition whose voting date has passed reads as voting, in the list's filter too, before any vote.
    const byDate = await http('POST', `${rec()}/programs/${programId}/competitions`, pm, { title: 'Open by date', periodStart: `${year}-01-01T00:00:00Z`, periodEnd: `${year + 1}-01-01T00:00:00Z`, votingOpensAt: at(-1000) });
    expect(byDate.body.status).toBe('voting');
    const ids = async (status: string) => (await http('GET', `${rec()}/competitions?programId=${programId}&status=${status}`, pm)).body.items.map((x: { competitionId: string }) => x.competitionId);
    expect(await ids('voting')).toContain(byDate.body.competitionId);
    expect(await ids('nominating')).not.toContain(byDate.body.competitionId);
  });

  it('runs a tenant-wide competition managed by tenant admins; its winner is a tenant-wide wall entry', async () => {
    const dee = 'dee-community';
    const admin = suite.token(['admin'], suite.tenant, 'root');
    const year = new Date().getUTCFullYear();
    const body = { title: `Mentor of the Year ${year} (all programs)`, periodStart: `${year}-01-01T00:00:00Z`, periodEnd: `${year + 1}-01-01T00:00:00Z` };
    expect((await http('POST', `${rec()}/competitions`, pm, body)).status).toBe(403);
    const opened = await http('POST', `${rec()}/competitions`, admin, body);
    expect(opened.body).toMatchObject({ status: 'nominating', programId: null });
    const c = `${rec()}/competitions/${opened.body.competitionId}`;
    expect((await http('POST', `${c}/nominations`, maxToken, { nomineeId: dee, citation: 'Across the board' })).status).toBe(201);
    expect((await http('POST', `${c}/voting/open`, pm)).status).toBe(403); // a program's manager does not manage the tenant
    expect((await http('POST', `${c}/voting/open`, admin)).body.status).toBe('voting');
    expect((await http('POST', `${c}/votes`, pm, { nomineeId: dee })).status).toBe(403);
    expect((await http('POST', `${c}/votes`, maxToken, { nomineeId: dee })).body.ballots).toBe(1);
    expect((await http('POST', `${c}/votes`, admin, { nomineeId: dee })).body.ballots).toBe(2);
    expect((await http('POST', `${c}/close`, admin)).body).toMatchObject({ status: 'closed', winnerId: dee, ballots: 2 });
    const wall = await http('GET', `${rec()}/wall?kind=winner&personId=${dee}`, maxToken);
    expect(wall.body.items).toMatchObject([{ programId: null, title: body.title, personName: 'Dee-community' }]);
    expect((await http('GET', `${rec()}/competitions?programId=tenant`, maxToken)).body).toMatchObject({ total: 1, items: [{ competitionId: opened.body.competitionId }] });
  });

  // Last: stops recognition, so nothing changes its database while it is compared.
  it('rebuilds kudos, grants, competitions, nominations and the feed secrets from the event store, row for row', async () => {
    await suite.services.recognition.stop();
    const url = suite.databases.recognition.url;
    const tables = ['kudos', 'grants', 'competitions', 'nominations', 'wall_feeds'];
    const before = await snapshotSchema(url, 'recognition');
    expect(tables.filter((table) => !before[table]?.length)).toEqual([]);
    for (const table of tables) await sql(url, `DELETE FROM recognition.${table}`);
    expect(await runRebuild('recognition', suite.services.recognition.env)).toMatch(/\[rebuild\] recognition: done/);
    expect(await snapshotSchema(url, 'recognition')).toEqual(before);
  });
});

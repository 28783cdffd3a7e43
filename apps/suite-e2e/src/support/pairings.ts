import { eventually } from '@tandem/testing';
import { aProgram, http, type Suite } from './suite';

/** An open evergreen program on enrollment (2 sessions a month → a 23-day cadence window in session tracking). */
export async function openEvergreenProgram(suite: Suite, name: string): Promise<string> {
  const pm = suite.token(['program-manager']);
  const created = await http('POST', `${suite.services.enrollment.url}/programs`, pm, aProgram({ name, lifecycle: { kind: 'evergreen' } }));
  if (created.status !== 201) throw new Error(`program not created: ${created.status} ${JSON.stringify(created.body)}`);
  const programId: string = created.body.programId;
  const opened = await http('POST', `${suite.services.enrollment.url}/programs/${programId}/status`, pm, { status: 'open' });
  if (opened.status !== 200) throw new Error(`program not opened: ${opened.status}`);
  await eventually('session tracking to know the program', async () => {
    const r = await http('GET', `${suite.services['session-tracking'].url}/programs/${programId}/policy`, pm);
    return r.status === 200 ? true : undefined;
  });
  return programId;
}

/** An application through the real enrollment API, approved by the program's manager; returns its id. */
export async function applyAndApprove(suite: Suite, programId: string, person: string, role: 'mentor' | 'mentee', extra: Record<string, unknown> = {}): Promise<string> {
  const enrollment = suite.services.enrollment.url;
  const body = {
    role,
    person: { employeeId: `emp-${person}`, name: person.replace(/^./, (c) => c.toUpperCase()), email: `${person}@example.com`, department: role === 'mentor' ? 'Engineering' : 'Sales', timeZone: 'Europe/London', languages: ['en'] },
    ...(role === 'mentor' ? { skillsOffered: ['kafka'] } : { skillsSought: ['kafka'] }),
    ...extra,
  };
  const applied = await http('POST', `${enrollment}/programs/${programId}/applications`, suite.token([role], suite.tenant, person), body);
  if (applied.status !== 201) throw new Error(`application failed: ${applied.status} ${JSON.stringify(applied.body)}`);
  const decided = await http('POST', `${enrollment}/applications/${applied.body.applicationId}/decision`, suite.token(['program-manager']), { decision: 'approved' });
  if (decided.status !== 200) throw new Error(`approval failed: ${decided.status} ${JSON.stringify(decided.body)}`);
  return applied.body.applicationId as string;
}

/**
 * A pairing started through the real enrollment API (apply, approve, the mentee requests the mentor, the mentor
 * accepts → PairingStarted on Kafka), once session tracking has it. Returns the pairing id.
 */
export async function startPairingViaEnrollment(suite: Suite, programId: string, mentor: string, mentee: string): Promise<string> {
  const enrollment = suite.services.enrollment.url;
  const pm = suite.token(['program-manager']);
  const apply = (person: string, role: 'mentor' | 'mentee') => applyAndApprove(suite, programId, person, role);
  const mentorApplicationId = await apply(mentor, 'mentor');
  await apply(mentee, 'mentee');
  const request = await http('POST', `${enrollment}/programs/${programId}/requests`, suite.token(['mentee'], suite.tenant, mentee), { mentorApplicationId });
  if (request.status !== 201) throw new Error(`request failed: ${request.status} ${JSON.stringify(request.body)}`);
  const accepted = await http('POST', `${enrollment}/pairings/${request.body.pairingId}/accept`, suite.token(['mentor'], suite.tenant, mentor));
  if (accepted.body?.status !== 'active') throw new Error(`pairing not active: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const pairingId: string = request.body.pairingId;
  await eventually('session tracking to know the pairing', async () => {
    const r = await http('GET', `${suite.services['session-tracking'].url}/pairings/${pairingId}`, pm);
    return r.status === 200 ? true : undefined;
  });
  return pairingId;
}

/** Waits until session tracking shows the pairing in `status` (enrollment's PairingStatusChanged consumed). */
export async function pairingStatusIs(suite: Suite, pairingId: string, status: string): Promise<void> {
  const pm = suite.token(['program-manager']);
  await eventually(`session tracking to see the pairing ${status}`, async () => {
    const r = await http('GET', `${suite.services['session-tracking'].url}/pairings/${pairingId}`, pm);
    return r.body?.status === status ? true : undefined;
  });
}

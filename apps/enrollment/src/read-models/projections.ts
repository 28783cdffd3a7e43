import type { Transaction } from '@tandem/event-store';
import {
  capacityOf,
  type ApplicationState,
  type MatchingRunRecordedEvent,
  type PairingEvent,
  type PairingState,
  type ProgramState,
} from '@tandem/enrollment-domain';
import { ApplicationRow, MatchingRunRow, PairingRow, ProgramRow } from './entities';

// Each aggregate's row is rewritten whole from its new state, inside the command's transaction: idempotent,
// never partially updated, and the list endpoints always agree with the event store.

export async function projectProgram(tx: Transaction, tenantId: string, state: ProgramState, version: number, at: string) {
  if (!state.exists) return;
  await tx.manager.upsert(
    ProgramRow,
    { tenantId, programId: state.programId, name: state.name, status: state.status, lifecycleKind: state.lifecycle.kind, managers: state.managers, version, createdAt: new Date(state.createdAt), updatedAt: new Date(at) },
    ['tenantId', 'programId'],
  );
}

export async function projectApplication(tx: Transaction, tenantId: string, state: ApplicationState, version: number, at: string) {
  if (!state.exists) return;
  await tx.manager.upsert(
    ApplicationRow,
    {
      tenantId,
      applicationId: state.applicationId,
      programId: state.programId,
      role: state.role,
      status: state.status,
      userId: state.person.userId,
      employeeId: state.person.employeeId,
      name: state.person.name,
      email: state.person.email,
      department: state.person.department,
      timeZone: state.person.timeZone,
      person: { ...state.person },
      profile: { ...state.profile },
      answers: state.answers,
      onboardingCompleted: state.onboardingCompleted,
      capacity: capacityOf(state),
      held: state.holds.length,
      version,
      appliedAt: new Date(state.appliedAt),
      updatedAt: new Date(at),
    },
    ['tenantId', 'applicationId'],
  );
}

export async function projectPairing(tx: Transaction, tenantId: string, state: PairingState, version: number, events: PairingEvent[], at: string) {
  if (!state.exists) return;
  const proposed = events.find((e) => e.type === 'MatchProposed');
  const row: Partial<PairingRow> = {
    tenantId,
    pairingId: state.pairingId,
    programId: state.programId,
    runId: state.runId,
    source: state.source,
    status: state.status,
    mentor: state.mentor,
    mentee: state.mentee,
    mentorUserId: state.mentor.userId,
    menteeUserId: state.mentee.userId,
    score: String(state.score),
    mentorAccepted: state.accepted.mentor,
    menteeAccepted: state.accepted.mentee,
    expiresAt: new Date(state.expiresAt),
    startedAt: state.startedAt ? new Date(state.startedAt) : null,
    endedAt: state.endedAt ? new Date(state.endedAt) : null,
    endReason: state.endReason,
    version,
    updatedAt: new Date(at),
  };
  if (proposed?.type === 'MatchProposed') {
    row.breakdown = proposed.data.breakdown;
    row.algorithmVersion = proposed.data.algorithmVersion;
    row.createdAt = new Date(proposed.data.proposedAt);
    await tx.manager.insert(PairingRow, row);
  } else {
    await tx.manager.update(PairingRow, { tenantId, pairingId: state.pairingId }, row);
  }
}

export async function projectMatchingRun(tx: Transaction, tenantId: string, event: MatchingRunRecordedEvent, names: Map<string, string>) {
  const { runId, programId, result, ranBy, ranAt } = event.data;
  await tx.manager.insert(MatchingRunRow, {
    tenantId,
    runId,
    programId,
    objective: result.objective,
    algorithmVersion: result.algorithmVersion,
    inputFingerprint: result.inputFingerprint,
    totalScore: String(result.totalScore),
    matched: result.proposals.length,
    unmatched: result.unmatchedMentees.map((u) => ({ applicationId: u.menteeId, name: names.get(u.menteeId) ?? '', reason: u.reason })),
    stats: { ...result.stats },
    ranBy,
    ranAt: new Date(ranAt),
  });
}

import { ApiProperty } from '@nestjs/swagger';
import type { ScoreBreakdown } from '@tandem/enrollment-domain';

// A pairing as the pairings routes and the matching routes (a request, an override, a run's proposals) answer it.

export const PAIRING_STATUSES = ['proposed', 'approved', 'active', 'paused', 'completed', 'ended-early', 'rejected', 'declined', 'expired'] as const;

export class MemberView {
  @ApiProperty() applicationId: string;
  @ApiProperty() userId: string;
  @ApiProperty() employeeId: string;
  @ApiProperty() name: string;
}

export class PairingView {
  @ApiProperty() pairingId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty({ enum: ['cohort-run', 'mentee-request', 'manager-override'] }) source: string;
  @ApiProperty({ enum: PAIRING_STATUSES }) status: string;
  @ApiProperty({ type: MemberView }) mentor: MemberView;
  @ApiProperty({ type: MemberView }) mentee: MemberView;
  @ApiProperty({ description: 'Compatibility 0–100' }) score: number;
  @ApiProperty({ description: 'Why: each criterion with weight, value, points and a reason', nullable: true }) breakdown: unknown;
  @ApiProperty() algorithmVersion: string;
  @ApiProperty() accepted: { mentor: boolean; mentee: boolean };
  @ApiProperty() expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endReason: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Hard filters a manager override broke, each acknowledged by name when it was made' })
  overriddenFilters: { filter: string; reason: string }[];
  @ApiProperty({ description: 'A rejected or declined pair is excluded from later matching runs until a manager lifts it' })
  excludedFromMatching: boolean;
}

/** One row of `enrollment.pairings`. */
export interface PairingRecord {
  pairingId: string;
  programId: string;
  runId: string | null;
  source: string;
  status: string;
  mentor: MemberView;
  mentee: MemberView;
  mentorUserId: string;
  menteeUserId: string;
  score: string;
  breakdown: ScoreBreakdown | null;
  algorithmVersion: string;
  mentorAccepted: boolean;
  menteeAccepted: boolean;
  expiresAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  version: number;
  overriddenFilters: { filter: string; reason: string }[];
  exclusionLifted: boolean;
}

export function toPairingView(row: PairingRecord): PairingView {
  return {
    pairingId: row.pairingId,
    programId: row.programId,
    runId: row.runId,
    source: row.source,
    status: row.status,
    mentor: row.mentor,
    mentee: row.mentee,
    score: Number(row.score),
    breakdown: row.breakdown,
    algorithmVersion: row.algorithmVersion,
    accepted: { mentor: row.mentorAccepted, mentee: row.menteeAccepted },
    expiresAt: row.expiresAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    endReason: row.endReason,
    version: row.version,
    overriddenFilters: row.overriddenFilters,
    excludedFromMatching: (row.status === 'rejected' || row.status === 'declined') && !row.exclusionLifted,
  };
}

/** What the caller (its mentor or mentee) can do with a pairing now, and why — for `GET /my/pairings`. */
export class MyPairingView extends PairingView {
  @ApiProperty({ enum: ['mentor', 'mentee'] }) you: 'mentor' | 'mentee';
  @ApiProperty({ description: 'What you can do now (the routes under /pairings/{pairingId}/…)', type: [String] }) yourActions: string[];
  @ApiProperty({ description: 'The state in plain words: what happened, and who or what it waits for' }) stateExplained: string;
}

export function toMyPairingView(row: PairingRecord, userId: string): MyPairingView {
  const view = toPairingView(row);
  const you = row.mentorUserId === userId ? 'mentor' : 'mentee';
  const other = you === 'mentor' ? row.mentee.name : row.mentor.name;
  const until = row.expiresAt.toISOString().slice(0, 10);
  const [yourActions, stateExplained] = ((): [string[], string] => {
    switch (row.status) {
      case 'proposed':
        return [[], `Proposed with ${other}; a program manager reviews it first — you can answer once it is approved`];
      case 'approved':
        return view.accepted[you]
          ? [['decline'], `You accepted; waiting for ${other} to accept (until ${until})`]
          : [['accept', 'decline'], `Approved by the program manager: accept or decline your match with ${other} by ${until}`];
      case 'active':
        return [['pause', 'complete', 'end'], `Active with ${other}`];
      case 'paused':
        return [['resume', 'complete', 'end'], `Paused; resume it when you are ready`];
      case 'rejected':
        return [[], 'A program manager did not approve this match'];
      case 'declined':
        return [[], `This match was declined${row.endReason ? ` (${row.endReason})` : ''}`];
      case 'expired':
        return [[], 'Nobody answered in time; the proposal expired'];
      default:
        return [[], `The mentorship is ${row.status}`];
    }
  })();
  return { ...view, you, yourActions, stateExplained };
}

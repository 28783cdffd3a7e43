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
  };
}

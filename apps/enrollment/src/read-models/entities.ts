import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ParticipantProfile, Person, ScoreBreakdown } from '@tandem/enrollment-domain';

@Entity({ schema: 'enrollment', name: 'programs' })
export class ProgramRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'program_id' }) programId: string;
  @Column() name: string;
  @Column() status: string;
  @Column({ name: 'lifecycle_kind' }) lifecycleKind: string;
  @Column({ type: 'jsonb' }) managers: string[];
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ schema: 'enrollment', name: 'applications' })
export class ApplicationRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'application_id' }) applicationId: string;
  @Column({ name: 'program_id' }) programId: string;
  @Column() role: string;
  @Column() status: string;
  @Column({ name: 'user_id' }) userId: string;
  @Column({ name: 'employee_id' }) employeeId: string;
  @Column() name: string;
  @Column() email: string;
  @Column({ type: 'text', nullable: true }) department: string | null;
  @Column({ name: 'time_zone' }) timeZone: string;
  @Column({ type: 'jsonb' }) person: Person;
  @Column({ type: 'jsonb' }) profile: ParticipantProfile;
  @Column({ type: 'jsonb' }) answers: Record<string, string | number | boolean>;
  @Column({ name: 'onboarding_completed' }) onboardingCompleted: boolean;
  @Column({ type: 'integer' }) capacity: number;
  @Column({ type: 'integer' }) held: number;
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'applied_at', type: 'timestamptz' }) appliedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ schema: 'enrollment', name: 'matching_runs' })
export class MatchingRunRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'run_id' }) runId: string;
  @Column({ name: 'program_id' }) programId: string;
  @Column() objective: string;
  @Column({ name: 'algorithm_version' }) algorithmVersion: string;
  @Column({ name: 'input_fingerprint' }) inputFingerprint: string;
  @Column({ name: 'total_score', type: 'numeric' }) totalScore: string;
  @Column({ type: 'integer' }) matched: number;
  @Column({ type: 'jsonb' }) unmatched: { applicationId: string; name: string; reason: string }[];
  @Column({ type: 'jsonb' }) stats: Record<string, unknown>;
  @Column({ name: 'ran_by' }) ranBy: string;
  @Column({ name: 'ran_at', type: 'timestamptz' }) ranAt: Date;
}

@Entity({ schema: 'enrollment', name: 'pairings' })
export class PairingRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'pairing_id' }) pairingId: string;
  @Column({ name: 'program_id' }) programId: string;
  @Column({ name: 'run_id', type: 'text', nullable: true }) runId: string | null;
  @Column() source: string;
  @Column() status: string;
  @Column({ type: 'jsonb' }) mentor: { applicationId: string; userId: string; employeeId: string; name: string };
  @Column({ type: 'jsonb' }) mentee: { applicationId: string; userId: string; employeeId: string; name: string };
  @Column({ name: 'mentor_user_id' }) mentorUserId: string;
  @Column({ name: 'mentee_user_id' }) menteeUserId: string;
  @Column({ type: 'numeric' }) score: string;
  @Column({ type: 'jsonb', nullable: true }) breakdown: ScoreBreakdown | null;
  @Column({ name: 'algorithm_version' }) algorithmVersion: string;
  @Column({ name: 'mentor_accepted' }) mentorAccepted: boolean;
  @Column({ name: 'mentee_accepted' }) menteeAccepted: boolean;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt: Date | null;
  @Column({ name: 'end_reason', type: 'text', nullable: true }) endReason: string | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export const ENROLLMENT_ENTITIES = [ProgramRow, ApplicationRow, MatchingRunRow, PairingRow];

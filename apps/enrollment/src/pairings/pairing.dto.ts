import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQuery, QueryInteger } from '@tandem/platform';

export const PAIRING_STATUSES = ['proposed', 'approved', 'active', 'paused', 'completed', 'ended-early', 'rejected', 'declined', 'expired'] as const;

export class PairingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PAIRING_STATUSES }) @IsOptional() @IsIn(PAIRING_STATUSES)
  status?: (typeof PAIRING_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Only the proposals of this matching run' }) @IsOptional() @IsUUID()
  runId?: string;
}

export class SuggestionQuery {
  @ApiPropertyOptional({ type: 'integer', default: 5, minimum: 1, maximum: 20 }) @IsOptional() @QueryInteger(1, 20)
  limit = 5;
}

export class RequestMentorDto {
  @ApiProperty({ description: "The mentor's application id (from the suggestions)" }) @IsUUID()
  mentorApplicationId: string;
}

export class OverrideDto {
  @ApiProperty() @IsUUID() mentorApplicationId: string;
  @ApiProperty() @IsUUID() menteeApplicationId: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;
}

export class EndEarlyDto {
  @ApiProperty({ example: 'Mentee changed roles' }) @IsString() @Length(1, 1000)
  reason: string;
}

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


export class MatchingRunView {
  @ApiProperty() runId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ enum: ['most-participation', 'best-quality'] }) objective: string;
  @ApiProperty() algorithmVersion: string;
  @ApiProperty({ description: 'Same fingerprint ⇒ same input ⇒ same result' }) inputFingerprint: string;
  @ApiProperty() totalScore: number;
  @ApiProperty() matched: number;
  @ApiProperty({ description: 'Mentees left unmatched and why' }) unmatched: { applicationId: string; name: string; reason: string }[];
  @ApiProperty() stats: Record<string, unknown>;
  @ApiProperty() ranBy: string;
  @ApiProperty() ranAt: string;
  @ApiProperty({ type: [PairingView] }) proposals: PairingView[];
}

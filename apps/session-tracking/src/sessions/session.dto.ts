import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PageOf, PageQuery, IsDateTime } from '@tandem/platform';
import { SESSION_FORMATS, SIDES, type SessionFormat, type Side } from '@tandem/session-tracking-domain';

export const SESSION_STATUSES = ['scheduled', 'cancelled', 'completed', 'no-show'] as const;
export const CONFIRMATIONS = ['pending', 'confirmed', 'declined', 'expired'] as const;

export class ScheduleSessionDto {
  @ApiProperty({ example: '2027-03-10T15:00:00Z', description: 'When the session will take place (in the future)' })
  @IsDateTime()
  scheduledAt: string;

  @ApiPropertyOptional({ example: 45, description: "Planned length; the program's session length when absent" })
  @IsOptional() @IsInt() @Min(5) @Max(600)
  plannedMinutes?: number;

  @ApiProperty({ enum: SESSION_FORMATS })
  @IsIn(SESSION_FORMATS)
  format: SessionFormat;
}

export class RescheduleSessionDto {
  @ApiProperty({ example: '2027-03-12T15:00:00Z' })
  @IsDateTime()
  scheduledAt: string;
}

export class ReasonDto {
  @ApiPropertyOptional({ example: 'Travelling that week', description: 'Stays in session tracking (never published)' })
  @IsOptional() @IsString() @MaxLength(500)
  reason?: string;
}

export class CompleteSessionDto {
  @ApiProperty({ example: 50, description: 'How long it actually lasted' })
  @IsInt() @Min(1) @Max(600)
  minutes: number;

  @ApiPropertyOptional({ enum: SESSION_FORMATS, description: 'As scheduled when absent' })
  @IsOptional() @IsIn(SESSION_FORMATS)
  format?: SessionFormat;

  @ApiPropertyOptional({ type: [String], example: ['career growth', 'system design'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 100, { each: true })
  topics?: string[];

  @ApiPropertyOptional({ example: '2027-03-10T15:05:00Z', description: 'When it took place; the scheduled time when absent' })
  @IsOptional() @IsDateTime()
  occurredAt?: string;
}

export class LogSessionDto {
  @ApiProperty({ example: '2027-03-03T12:00:00Z', description: 'When it took place (in the past, after the pairing started)' })
  @IsDateTime()
  occurredAt: string;

  @ApiProperty({ example: 45 })
  @IsInt() @Min(1) @Max(600)
  minutes: number;

  @ApiProperty({ enum: SESSION_FORMATS })
  @IsIn(SESSION_FORMATS)
  format: SessionFormat;

  @ApiPropertyOptional({ type: [String], example: ['feedback on a design doc'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 100, { each: true })
  topics?: string[];
}

export class NoShowDto {
  @ApiProperty({ enum: SIDES, description: 'Who did not attend (the other side)' })
  @IsIn(SIDES)
  absent: Side;
}

export class FeedbackDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @IsInt() @Min(1) @Max(5)
  rating: number;

  @ApiPropertyOptional({ example: 'Very practical', description: 'Personal data: visible to you and program managers only, never published' })
  @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;
}

export class SessionListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOptional() @IsIn(SESSION_STATUSES)
  status?: (typeof SESSION_STATUSES)[number];

  @ApiPropertyOptional({ enum: CONFIRMATIONS, description: '`expired`: left unconfirmed past the confirmation window (does not count)' })
  @IsOptional() @IsIn(CONFIRMATIONS)
  confirmation?: (typeof CONFIRMATIONS)[number];

  @ApiPropertyOptional({ example: '2027-03-01T00:00:00Z', description: 'Sessions held or scheduled at or after' })
  @IsOptional() @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2027-04-01T00:00:00Z', description: 'Sessions held or scheduled before' })
  @IsOptional() @IsDateTime()
  to?: string;
}

export class ProgramSessionListQuery extends SessionListQuery {
  @ApiPropertyOptional({ description: 'Only this pairing' })
  @IsOptional() @IsString() @Length(1, 200)
  pairingId?: string;
}

export class RatingView {
  @ApiProperty() rating: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Only shown to its author and to program managers' }) comment?: string | null;
}

export class SessionFeedbackView {
  @ApiProperty({ type: RatingView, nullable: true }) mentor: RatingView | null;
  @ApiProperty({ type: RatingView, nullable: true }) mentee: RatingView | null;
}

export class SessionView {
  @ApiProperty() sessionId: string;
  @ApiProperty() pairingId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status: string;
  @ApiProperty({ enum: SESSION_FORMATS }) format: string;
  @ApiProperty({ nullable: true, type: String }) scheduledAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) plannedMinutes: number | null;
  @ApiProperty({ nullable: true, type: String }) occurredAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) minutes: number | null;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ nullable: true, type: Boolean, description: 'Logged after the fact rather than scheduled first' }) logged: boolean | null;
  @ApiProperty({ nullable: true, enum: SIDES, description: 'Who reported it took place' }) reportedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The other side confirms by then, or it never counts' }) confirmBy: string | null;
  @ApiProperty({ nullable: true, enum: CONFIRMATIONS }) confirmation: string | null;
  @ApiProperty({ description: 'Completed and confirmed: counts for hours, cadence and recognition' }) counts: boolean;
  @ApiProperty({ nullable: true, enum: SIDES }) noShowAbsent: string | null;
  @ApiProperty({ type: SessionFeedbackView }) feedback: SessionFeedbackView;
  @ApiProperty() updatedAt: string;
}

export const SessionPage = PageOf(SessionView);

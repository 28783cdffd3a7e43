import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { DEFAULT_HORIZON_MONTHS, KPI_IDS, SHORT_TERM_MONTHS } from '@tandem/kpi';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PROGRAM_STATUSES, type ProgramStatus } from '@tandem/enrollment-contracts';
import { DEFAULT_MATCHING_POLICY, type ProgramDefinition, type RevisedDefinition } from '@tandem/enrollment-domain';

export class LifecycleDto {
  @ApiProperty({ enum: ['cohort', 'evergreen'], description: 'A cohort has start and end dates; evergreen is always on' })
  @IsIn(['cohort', 'evergreen'])
  kind: 'cohort' | 'evergreen';

  @ApiPropertyOptional({ example: '2027-01-11', description: 'Required for a cohort' })
  @ValidateIf((l: LifecycleDto) => l.kind === 'cohort')
  @IsDateString({ strict: true })
  startsOn?: string;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'Required for a cohort' })
  @ValidateIf((l: LifecycleDto) => l.kind === 'cohort')
  @IsDateString({ strict: true })
  endsOn?: string;
}

export class ExpectationsDto {
  @ApiProperty({ example: 2, description: 'Expected meeting cadence' })
  @IsNumber() @Min(0.25) @Max(31)
  sessionsPerMonth: number;

  @ApiProperty({ example: 45 })
  @IsInt() @Min(5) @Max(480)
  sessionMinutes: number;

  @ApiPropertyOptional({ example: 6, description: 'Expected time commitment in months' })
  @IsOptional() @IsInt() @Min(1) @Max(60)
  commitmentMonths?: number;
}

export class ObjectiveDto {
  @ApiProperty({ example: 'Grow internal promotions among mentees' })
  @IsString() @Length(1, 500)
  description: string;

  @ApiProperty({ enum: KPI_IDS, example: 'verified-promotions', description: 'What is measured: a KPI of docs/kpis.md' })
  @IsIn(KPI_IDS, { message: `metric must be one of: ${KPI_IDS.join(', ')}` })
  metric: string;

  @ApiProperty({ example: 10, description: 'The success criterion: the target value of the metric' })
  @IsNumber() @Min(0)
  target: number;

  @ApiPropertyOptional({ example: 12, minimum: 1, maximum: 60, description: `Months after the program's start by which the target is due (default ${DEFAULT_HORIZON_MONTHS}); short-term up to ${SHORT_TERM_MONTHS}` })
  @IsOptional() @IsInt() @Min(1) @Max(60)
  horizonMonths?: number;
}

export class SponsorDto {
  @ApiProperty({ example: 'Dana Whitfield' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'dana@example.com' })
  @IsOptional() @IsEmail()
  email?: string;
}

export class ApplicationQuestionDto {
  @ApiProperty({ example: 'q-why' }) @IsString() @Length(1, 50)
  questionId: string;

  @ApiProperty({ example: 'What do you hope to get out of mentoring?' }) @IsString() @Length(1, 500)
  text: string;

  @ApiProperty({ enum: ['text', 'number', 'choice', 'yes-no'] }) @IsIn(['text', 'number', 'choice', 'yes-no'])
  kind: 'text' | 'number' | 'choice' | 'yes-no';

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Allowed answers of a choice question' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true })
  choices?: string[];

  @ApiPropertyOptional({ enum: ['mentor', 'mentee', 'both'], default: 'both' }) @IsOptional() @IsIn(['mentor', 'mentee', 'both'])
  audience?: 'mentor' | 'mentee' | 'both';
}

export class MatchingWeightsDto {
  @ApiProperty({ example: 4 }) @IsNumber() @Min(0) @Max(100) skills: number;
  @ApiProperty({ example: 2 }) @IsNumber() @Min(0) @Max(100) goals: number;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(100) interests: number;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(100) language: number;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(100) timeZone: number;
  @ApiProperty({ example: 1, description: 'Bonus when mentor and mentee are in different departments' }) @IsNumber() @Min(0) @Max(100) crossDepartment: number;
}

export class MatchingPolicyDto {
  @ApiProperty({ enum: ['most-participation', 'best-quality'] }) @IsIn(['most-participation', 'best-quality'])
  objective: 'most-participation' | 'best-quality';

  @ApiPropertyOptional({ example: 20, description: '0–100; best-quality never proposes a pair below it' })
  @IsOptional() @IsNumber() @Min(0) @Max(100)
  minimumScore?: number;

  @ApiPropertyOptional({ type: MatchingWeightsDto }) @IsOptional() @ValidateNested() @Type(() => MatchingWeightsDto)
  weights?: MatchingWeightsDto;

  @ApiPropertyOptional({ type: [String], example: ['site'], description: 'Participant attributes mentor and mentee must share' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true })
  mustHaves?: string[];

  @ApiPropertyOptional({ example: 6, description: 'Largest time-zone difference allowed between mentor and mentee (hours)' })
  @IsOptional() @IsNumber() @Min(0) @Max(26)
  maxTimeZoneDifferenceHours?: number;

  @ApiPropertyOptional({ example: 14, description: 'Days a proposal stays open before it expires' })
  @IsOptional() @IsInt() @Min(1) @Max(90)
  proposalTtlDays?: number;
}

export class CreateProgramDto {
  @ApiProperty({ example: 'Engineering mentoring 2027' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Grow the next generation of tech leads' })
  @IsOptional() @IsString() @MaxLength(2000)
  purpose?: string;

  @ApiPropertyOptional({ enum: ['one-to-one'], default: 'one-to-one' })
  @IsOptional() @IsIn(['one-to-one'])
  format?: 'one-to-one';

  @ApiProperty({ type: LifecycleDto })
  @IsObject() @ValidateNested() @Type(() => LifecycleDto)
  lifecycle: LifecycleDto;

  @ApiPropertyOptional({ example: 50, description: 'Maximum number of pairs; unlimited when absent' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  maxPairs?: number;

  @ApiProperty({ type: ExpectationsDto })
  @IsObject() @ValidateNested() @Type(() => ExpectationsDto)
  expectations: ExpectationsDto;

  @ApiProperty({ type: [ObjectiveDto] })
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ObjectiveDto)
  objectives: ObjectiveDto[];

  @ApiPropertyOptional({ type: SponsorDto })
  @IsOptional() @ValidateNested() @Type(() => SponsorDto)
  sponsor?: SponsorDto;

  @ApiPropertyOptional({ type: [String], description: 'User ids of the program managers (the creator is always one). On PUT, omit it to keep the current managers' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 200, { each: true })
  managers?: string[];

  @ApiPropertyOptional({ type: [ApplicationQuestionDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => ApplicationQuestionDto)
  applicationQuestions?: ApplicationQuestionDto[];

  @ApiPropertyOptional({ type: MatchingPolicyDto, description: 'Defaults: most-participation, minimum score 20, 6 h time-zone window, 14-day proposals' })
  @IsOptional() @ValidateNested() @Type(() => MatchingPolicyDto)
  matchingPolicy?: MatchingPolicyDto;

  @ApiPropertyOptional({ default: false, description: 'Mentors must complete onboarding training before they are matched' })
  @IsOptional() @IsBoolean()
  mentorTrainingRequired?: boolean;
}

export class ProgramView {
  @ApiProperty() programId: string;
  @ApiProperty({ description: 'Stream version; send it back in If-Match to change the program safely' }) version: number;
  @ApiProperty({ enum: PROGRAM_STATUSES }) status: ProgramStatus;
  @ApiProperty() name: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: ['one-to-one'] }) format: 'one-to-one';
  @ApiProperty({ type: LifecycleDto }) lifecycle: LifecycleDto;
  @ApiProperty({ nullable: true, type: Number }) maxPairs: number | null;
  @ApiProperty({ type: ExpectationsDto }) expectations: { sessionsPerMonth: number; sessionMinutes: number; commitmentMonths: number | null };
  @ApiProperty({ type: [ObjectiveDto] }) objectives: (ObjectiveDto & { objectiveId: string })[];
  @ApiProperty({ type: SponsorDto, nullable: true }) sponsor: { name: string; email: string | null } | null;
  @ApiProperty({ type: [String] }) managers: string[];
  @ApiProperty({ type: [ApplicationQuestionDto] }) applicationQuestions: ProgramDefinition['applicationQuestions'];
  @ApiProperty({ type: MatchingPolicyDto }) matchingPolicy: ProgramDefinition['matchingPolicy'];
  @ApiProperty() mentorTrainingRequired: boolean;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

/** The program definition a new program starts with; its creator is always one of the managers. */
export function toProgramDefinition(body: CreateProgramDto, callerId: string): ProgramDefinition {
  return { ...toRevisedDefinition(body), managers: [callerId, ...(body.managers ?? [])] };
}

/** The definition a revision describes: without `managers` in the body, the program keeps its managers. */
export function toRevisedDefinition(body: CreateProgramDto): RevisedDefinition {
  const policy = body.matchingPolicy;
  return {
    name: body.name,
    purpose: body.purpose ?? '',
    format: body.format ?? 'one-to-one',
    lifecycle:
      body.lifecycle.kind === 'cohort'
        ? { kind: 'cohort', startsOn: body.lifecycle.startsOn!, endsOn: body.lifecycle.endsOn! }
        : { kind: 'evergreen' },
    capacity: { maxPairs: body.maxPairs ?? null },
    expectations: {
      sessionsPerMonth: body.expectations.sessionsPerMonth,
      sessionMinutes: body.expectations.sessionMinutes,
      commitmentMonths: body.expectations.commitmentMonths ?? null,
    },
    objectives: body.objectives.map((o, i) => ({
      objectiveId: `objective-${i + 1}`,
      description: o.description,
      metric: o.metric,
      target: o.target,
      horizonMonths: o.horizonMonths ?? DEFAULT_HORIZON_MONTHS,
    })),
    sponsor: body.sponsor ? { name: body.sponsor.name, email: body.sponsor.email ?? null } : null,
    ...(body.managers ? { managers: body.managers } : {}),
    applicationQuestions: (body.applicationQuestions ?? []).map((q) => ({
      questionId: q.questionId,
      text: q.text,
      kind: q.kind,
      required: q.required ?? false,
      choices: q.choices ?? [],
      audience: q.audience ?? 'both',
    })),
    matchingPolicy: {
      objective: policy?.objective ?? DEFAULT_MATCHING_POLICY.objective,
      minimumScore: policy?.minimumScore ?? DEFAULT_MATCHING_POLICY.minimumScore,
      weights: policy?.weights ? { ...policy.weights } : { ...DEFAULT_MATCHING_POLICY.weights },
      mustHaves: (policy?.mustHaves ?? []).map((attribute) => ({ attribute, mode: 'equal' as const })),
      maxTimeZoneDifferenceHours: policy?.maxTimeZoneDifferenceHours ?? DEFAULT_MATCHING_POLICY.maxTimeZoneDifferenceHours,
      proposalTtlDays: policy?.proposalTtlDays ?? DEFAULT_MATCHING_POLICY.proposalTtlDays,
    },
    mentorTrainingRequired: body.mentorTrainingRequired ?? false,
  };
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
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

  @ApiProperty({ example: 'mentee promotions', description: 'What is measured' })
  @IsString() @Length(1, 100)
  metric: string;

  @ApiProperty({ example: 10, description: 'The success criterion: the target value of the metric' })
  @IsNumber() @Min(0)
  target: number;
}

export class SponsorDto {
  @ApiProperty({ example: 'Dana Whitfield' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'dana@example.com' })
  @IsOptional() @IsEmail()
  email?: string;
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
  @ValidateNested() @Type(() => LifecycleDto)
  lifecycle: LifecycleDto;

  @ApiPropertyOptional({ example: 50, description: 'Maximum number of pairs; unlimited when absent' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  maxPairs?: number;

  @ApiProperty({ type: ExpectationsDto })
  @ValidateNested() @Type(() => ExpectationsDto)
  expectations: ExpectationsDto;

  @ApiProperty({ type: [ObjectiveDto] })
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ObjectiveDto)
  objectives: ObjectiveDto[];

  @ApiPropertyOptional({ type: SponsorDto })
  @IsOptional() @ValidateNested() @Type(() => SponsorDto)
  sponsor?: SponsorDto;

  @ApiPropertyOptional({ type: [String], description: 'User ids of the program managers (the creator is always one)' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 200, { each: true })
  managers?: string[];
}

export class ChangeStatusDto {
  @ApiProperty({ enum: PROGRAM_STATUSES, example: 'open' })
  @IsIn(PROGRAM_STATUSES)
  status: ProgramStatus;
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
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

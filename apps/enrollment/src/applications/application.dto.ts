import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { APPLICATION_STATUSES, PARTICIPANT_ROLES, type ApplicationStatus, type ParticipantRole } from '@tandem/enrollment-contracts';
import { PageQuery } from '@tandem/platform';

const tags = () => [IsOptional(), IsArray(), ArrayMaxSize(30), IsString({ each: true }), Length(1, 100, { each: true })];
function StringList(description: string, example: string[]) {
  return (target: object, key: string) => {
    ApiPropertyOptional({ type: [String], description, example })(target, key);
    for (const decorate of tags()) decorate(target, key);
  };
}

export class PersonDto {
  @ApiPropertyOptional({ description: 'Identity-provider subject. Only program managers may apply on behalf of someone else; others apply as themselves.' })
  @IsOptional() @IsString() @Length(1, 200)
  userId?: string;

  @ApiProperty({ example: 'E-10442' }) @IsString() @Length(1, 100)
  employeeId: string;

  @ApiProperty({ example: 'Ada Lovelace' }) @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'ada@example.com' }) @IsEmail()
  email: string;

  @ApiPropertyOptional({ example: 'Engineering' }) @IsOptional() @IsString() @MaxLength(200)
  department?: string;

  @ApiPropertyOptional({ example: 'E-10001', description: "The manager's employee id (for the reporting-line filter)" })
  @IsOptional() @IsString() @MaxLength(100)
  managerEmployeeId?: string;

  @ApiPropertyOptional({ example: 'London' }) @IsOptional() @IsString() @MaxLength(200)
  location?: string;

  @ApiProperty({ example: 'Europe/London', description: 'IANA time zone' }) @IsTimeZone()
  timeZone: string;

  @ApiProperty({ type: [String], example: ['en', 'fr'] })
  @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(2, 35, { each: true })
  languages: string[];
}

export class ApplyDto {
  @ApiProperty({ enum: PARTICIPANT_ROLES }) @IsIn(PARTICIPANT_ROLES)
  role: ParticipantRole;

  @ApiProperty({ type: PersonDto }) @IsObject() @ValidateNested() @Type(() => PersonDto)
  person: PersonDto;

  @StringList('Mentors: what they can help with', ['kafka', 'public speaking']) skillsOffered?: string[];
  @StringList('Mentees: what they want to grow', ['system design']) skillsSought?: string[];
  @StringList('Career goals', ['become a tech lead']) goals?: string[];
  @StringList('Interests', ['cycling']) interests?: string[];
  @StringList('Reward types the person values', ['conference', 'public-recognition']) recognitionPreferences?: string[];

  @ApiPropertyOptional({ example: 4, default: 2 }) @IsOptional() @IsNumber() @Min(0) @Max(200)
  availabilityHoursPerMonth?: number;

  @ApiPropertyOptional({ example: 2, default: 1, description: 'Mentors: mentees at once' }) @IsOptional() @IsInt() @Min(1) @Max(20)
  mentorCapacity?: number;

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean()
  publicAcknowledgementConsent?: boolean;

  @ApiPropertyOptional({ example: { site: 'london' }, description: "Attributes the program's must-have criteria compare" })
  @IsOptional() @IsObject()
  attributes?: Record<string, string>;

  @ApiPropertyOptional({ example: { 'q-why': 'To grow as a leader' }, description: "Answers to the program's application questions, by question id" })
  @IsOptional() @IsObject()
  answers?: Record<string, string | number | boolean>;
}

export class DecisionDto {
  @ApiProperty({ enum: ['approved', 'rejected', 'waitlisted'] }) @IsIn(['approved', 'rejected', 'waitlisted'])
  decision: 'approved' | 'rejected' | 'waitlisted';

  @ApiPropertyOptional({ example: 'Capacity reached this cohort' }) @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;
}

export class ReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;
}

export class ConsentDto {
  @ApiProperty({ description: 'Consent to public acknowledgement (recognition wall, newsletter)' }) @IsBoolean()
  publicAcknowledgementConsent: boolean;
}

export class ApplicationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ enum: PARTICIPANT_ROLES }) @IsOptional() @IsIn(PARTICIPANT_ROLES)
  role?: ParticipantRole;
}

export class ApplicationView {
  @ApiProperty() applicationId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES }) role: ParticipantRole;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: ApplicationStatus;
  @ApiProperty({ type: PersonDto }) person: Record<string, unknown>;
  @ApiProperty({ description: 'Skills, goals, interests, availability, capacity, preferences, consent, attributes' }) profile: Record<string, unknown>;
  @ApiProperty() answers: Record<string, unknown>;
  @ApiProperty() onboardingCompleted: boolean;
  @ApiProperty({ description: 'Slots: a mentor’s capacity, 1 for a mentee' }) capacity: number;
  @ApiProperty({ description: 'Slots held by proposed or active pairings' }) held: number;
  @ApiProperty() version: number;
  @ApiProperty() appliedAt: string;
}

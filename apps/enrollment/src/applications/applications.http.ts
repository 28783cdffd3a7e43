import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
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
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { ManagesProgram, PageOf, PageQuery, ProgramScope, type HeaderReply, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { ApplyCommand, ChangeApplicationCommand } from './applications.commands';
import { applicationCounts, findApplication, listApplications, listUserApplications, type ApplicationRecord } from './applications.queries';

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

export class EditApplicationDto {
  @StringList('Mentors: what they can help with', ['kafka', 'public speaking']) skillsOffered?: string[];
  @StringList('Mentees: what they want to grow', ['system design']) skillsSought?: string[];
  @StringList('Career goals', ['become a tech lead']) goals?: string[];
  @StringList('Interests', ['cycling']) interests?: string[];

  @ApiPropertyOptional({ example: 6 }) @IsOptional() @IsNumber() @Min(0) @Max(200)
  availabilityHoursPerMonth?: number;

  @ApiPropertyOptional({ example: 3, description: 'Mentors: mentees at once (not below the slots you hold)' }) @IsOptional() @IsInt() @Min(1) @Max(20)
  mentorCapacity?: number;
}

export class DecisionView {
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() at: string;
}

export class MyApplicationView {
  @ApiProperty() applicationId: string;
  @ApiProperty() programId: string;
  @ApiProperty() programName: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES }) role: ParticipantRole;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: ApplicationStatus;
  @ApiProperty({ type: DecisionView, nullable: true, description: 'The latest decision and the reason given (null while undecided)' }) decision: DecisionView | null;
  @ApiProperty({ description: 'Slots: a mentor’s capacity, 1 for a mentee' }) capacity: number;
  @ApiProperty({ description: 'Slots held by proposed or active pairings' }) held: number;
  @ApiProperty() appliedAt: string;
}

export class ApplicationCountsView {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Applicants per status, every status listed', example: { applied: 3, approved: 10, rejected: 1, waitlisted: 2, withdrawn: 0 } })
  byStatus: Record<string, number>;
  @ApiProperty({ description: 'The same per role', example: { mentor: { applied: 1, approved: 4 }, mentee: { applied: 2, approved: 6 } } })
  byRole: Record<string, Record<string, number>>;
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
  @ApiProperty({ type: DecisionView, nullable: true }) decision: DecisionView | null;
}

export function toApplicationView(row: ApplicationRecord): ApplicationView {
  return {
    applicationId: row.applicationId,
    programId: row.programId,
    role: row.role as ApplicationView['role'],
    status: row.status as ApplicationView['status'],
    person: { ...row.person },
    profile: { ...row.profile },
    answers: row.answers,
    onboardingCompleted: row.onboardingCompleted,
    capacity: row.capacity,
    held: row.held,
    version: row.version,
    appliedAt: row.appliedAt.toISOString(),
    decision: row.decision,
  };
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller()
export class ApplicationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Database,
  ) {}

  @Post('programs/:programId/applications')
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "Apply to a program as mentor or mentee (the program's managers may apply on behalf of someone)" })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'The program is not taking applications, or the person already applied' })
  async apply(
    @Param('programId', UuidParam) programId: string,
    @Body() body: ApplyDto,
    @RequestContext() context: CommandContext,
    @ManagesProgram() manages: boolean,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ApplicationView> {
    const id = context.idempotencyKey ? deterministicId(context.tenantId, 'application', context.idempotencyKey) : newId();
    const userId = manages && body.person.userId ? body.person.userId : context.actor.id;
    await this.commands.execute(
      new ApplyCommand(
        id,
        programId,
        body.role,
        {
          userId,
          employeeId: body.person.employeeId,
          name: body.person.name,
          email: body.person.email,
          department: body.person.department ?? null,
          managerEmployeeId: body.person.managerEmployeeId ?? null,
          location: body.person.location ?? null,
          timeZone: body.person.timeZone,
          languages: body.person.languages.map((l) => l.toLowerCase()),
        },
        {
          skillsOffered: body.skillsOffered ?? [],
          skillsSought: body.skillsSought ?? [],
          goals: body.goals ?? [],
          interests: body.interests ?? [],
          availabilityHoursPerMonth: body.availabilityHoursPerMonth ?? 2,
          mentorCapacity: body.role === 'mentor' ? (body.mentorCapacity ?? 1) : 1,
          recognitionPreferences: body.recognitionPreferences ?? [],
          publicAcknowledgementConsent: body.publicAcknowledgementConsent ?? false,
          attributes: body.attributes ?? {},
        },
        body.answers ?? {},
        context,
      ),
    );
    reply.header('location', `/applications/${id}`);
    return this.view(context, id, manages);
  }

  @Get('programs/:programId/applications')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "A program's applicants, filtered by status and role" })
  @ApiOkResponse({ type: PageOf(ApplicationView) })
  async list(
    @Param('programId', UuidParam) programId: string,
    @Query() query: ApplicationListQuery,
    @RequestContext() context: CommandContext,
  ): Promise<Page<ApplicationView>> {
    return listApplications(this.db, context.tenantId, programId, { status: query.status, role: query.role }, query, toApplicationView);
  }

  @Get('programs/:programId/applications/counts')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "How many applicants a program has, per status and per role" })
  @ApiOkResponse({ type: ApplicationCountsView })
  async counts(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<ApplicationCountsView> {
    const zero = () => Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    const view: ApplicationCountsView = { total: 0, byStatus: zero(), byRole: Object.fromEntries(PARTICIPANT_ROLES.map((r) => [r, zero()])) };
    for (const { role, status, count } of await applicationCounts(this.db, context.tenantId, programId)) {
      view.total += count;
      view.byStatus[status] += count;
      view.byRole[role][status] += count;
    }
    return view;
  }

  @Get('my/applications')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Your applications in every program, with the decision and the reason given' })
  @ApiOkResponse({ type: PageOf(MyApplicationView) })
  mine(@Query() query: ApplicationListQuery, @RequestContext() context: CommandContext): Promise<Page<MyApplicationView>> {
    return listUserApplications(this.db, context.tenantId, context.actor.id, { status: query.status, role: query.role }, query, (row) => ({
      applicationId: row.applicationId,
      programId: row.programId,
      programName: row.programName,
      role: row.role as ParticipantRole,
      status: row.status as ApplicationStatus,
      decision: row.decision,
      capacity: row.capacity,
      held: row.held,
      appliedAt: row.appliedAt.toISOString(),
    }));
  }

  @Patch('applications/:applicationId')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Edit your application (capacity, availability, skills, goals, interests) — no new approval needed' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'The application is closed, or the new capacity is below the slots you hold' })
  async edit(@Param('applicationId', UuidParam) id: string, @Body() body: EditApplicationDto, @RequestContext() context: CommandContext) {
    const { skillsOffered, skillsSought, goals, interests, availabilityHoursPerMonth, mentorCapacity } = body;
    const changes = { skillsOffered, skillsSought, goals, interests, availabilityHoursPerMonth, mentorCapacity };
    await this.commands.execute(new ChangeApplicationCommand(id, { type: 'EditApplication', changes }, 'applicant', context, false));
    return this.view(context, id, false);
  }

  @Get('applications/:applicationId')
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ProgramScope('application')
  @ApiOperation({ summary: "One application (your own, or any of a program you manage)" })
  @ApiOkResponse({ type: ApplicationView })
  @ApiNotFoundResponse()
  async get(@Param('applicationId', UuidParam) id: string, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean): Promise<ApplicationView> {
    return this.view(context, id, manages);
  }

  @Post('applications/:applicationId/decision')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('application')
  @ApiOperation({ summary: 'Approve, reject or waitlist an application' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'The application is not in a state that allows this decision' })
  async decide(@Param('applicationId', UuidParam) id: string, @Body() body: DecisionDto, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean) {
    await this.commands.execute(
      new ChangeApplicationCommand(id, { type: 'DecideApplication', decision: body.decision, reason: body.reason ?? null }, 'manager', context, manages),
    );
    return this.view(context, id, manages);
  }

  @Post('applications/:applicationId/withdraw')
  @HttpCode(200)
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ProgramScope('application')
  @ApiOperation({ summary: "Withdraw an application (the applicant, or a manager of its program)" })
  @ApiOkResponse({ type: ApplicationView })
  async withdraw(@Param('applicationId', UuidParam) id: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean) {
    await this.commands.execute(
      new ChangeApplicationCommand(id, { type: 'WithdrawApplication', reason: body.reason ?? null }, 'applicant-or-manager', context, manages),
    );
    return this.view(context, id, manages);
  }

  @Post('applications/:applicationId/onboarding-completed')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('application')
  @ApiOperation({ summary: 'Record that a mentor completed onboarding training' })
  @ApiOkResponse({ type: ApplicationView })
  async onboardingCompleted(@Param('applicationId', UuidParam) id: string, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean) {
    await this.commands.execute(new ChangeApplicationCommand(id, { type: 'CompleteOnboarding' }, 'manager', context, manages));
    return this.view(context, id, manages);
  }

  @Put('applications/:applicationId/consent')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Give or withdraw your consent to public acknowledgement' })
  @ApiOkResponse({ type: ApplicationView })
  async consent(@Param('applicationId', UuidParam) id: string, @Body() body: ConsentDto, @RequestContext() context: CommandContext) {
    await this.commands.execute(
      new ChangeApplicationCommand(id, { type: 'ChangeConsent', consent: body.publicAcknowledgementConsent }, 'applicant', context, false),
    );
    return this.view(context, id, false);
  }

  /** The application, for its applicant or a manager of its program; anyone else is told it does not exist. */
  private async view(context: CommandContext, applicationId: string, managesProgram: boolean): Promise<ApplicationView> {
    const row = await findApplication(this.db, context.tenantId, applicationId);
    if (!row || (!managesProgram && row.userId !== context.actor.id)) throw new NotFoundError('Application not found', 'application.not_found');
    return toApplicationView(row);
  }
}

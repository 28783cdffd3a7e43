import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { ManagesProgram, PageOf, ProgramScope, type HeaderReply, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { DataSource } from 'typeorm';
import { ApplicationRow } from '../read-models/entities';
import { ApplyCommand, ChangeApplicationCommand } from './application.commands';
import { ApplicationListQuery, ApplicationView, ApplyDto, ConsentDto, DecisionDto, ReasonDto } from './application.dto';



export function toApplicationView(row: ApplicationRow): ApplicationView {
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
  };
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller()
export class ApplicationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
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
    const where = { tenantId: context.tenantId, programId, ...(query.status ? { status: query.status } : {}), ...(query.role ? { role: query.role } : {}) };
    const [rows, total] = await this.dataSource.getRepository(ApplicationRow).findAndCount({
      where,
      order: { appliedAt: 'ASC', applicationId: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items: rows.map(toApplicationView), total, limit: query.limit, offset: query.offset };
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
      new ChangeApplicationCommand(id, (at, by) => ({ type: 'DecideApplication', decision: body.decision, reason: body.reason ?? null, by, at }), 'manager', context, manages),
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
      new ChangeApplicationCommand(id, (at, by) => ({ type: 'WithdrawApplication', reason: body.reason ?? null, by, at }), 'applicant-or-manager', context, manages),
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
    await this.commands.execute(new ChangeApplicationCommand(id, (at, by) => ({ type: 'CompleteOnboarding', by, at }), 'manager', context, manages));
    return this.view(context, id, manages);
  }

  @Put('applications/:applicationId/consent')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Give or withdraw your consent to public acknowledgement' })
  @ApiOkResponse({ type: ApplicationView })
  async consent(@Param('applicationId', UuidParam) id: string, @Body() body: ConsentDto, @RequestContext() context: CommandContext) {
    await this.commands.execute(
      new ChangeApplicationCommand(id, (at, by) => ({ type: 'ChangeConsent', consent: body.publicAcknowledgementConsent, by, at }), 'applicant', context, false),
    );
    return this.view(context, id, false);
  }

  /** The application, for its applicant or a manager of its program; anyone else is told it does not exist. */
  private async view(context: CommandContext, applicationId: string, managesProgram: boolean): Promise<ApplicationView> {
    const row = await this.dataSource.getRepository(ApplicationRow).findOneBy({ tenantId: context.tenantId, applicationId });
    if (!row || (!managesProgram && row.userId !== context.actor.id)) throw new NotFoundError('Application not found', 'application.not_found');
    return toApplicationView(row);
  }
}

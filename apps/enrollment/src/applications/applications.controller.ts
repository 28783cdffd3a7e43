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
import { PageOf, type HeaderReply, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { DataSource } from 'typeorm';
import { ApplicationRow } from '../read-models/entities';
import { ApplyCommand, ChangeApplicationCommand, isManager } from './application.commands';
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
  @ApiOperation({ summary: 'Apply to a program as mentor or mentee (program managers may apply on behalf of someone)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'The program is not taking applications, or the person already applied' })
  async apply(
    @Param('programId', UuidParam) programId: string,
    @Body() body: ApplyDto,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ApplicationView> {
    const id = context.idempotencyKey ? deterministicId(context.tenantId, 'application', context.idempotencyKey) : newId();
    const userId = isManager(context) && body.person.userId ? body.person.userId : context.actor.id;
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
    return this.view(context, id);
  }

  @Get('programs/:programId/applications')
  @Roles('program-manager', 'admin')
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
  @ApiOperation({ summary: 'One application (your own, or any for a program manager)' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiNotFoundResponse()
  async get(@Param('applicationId', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<ApplicationView> {
    return this.view(context, id);
  }

  @Post('applications/:applicationId/decision')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Approve, reject or waitlist an application' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'The application is not in a state that allows this decision' })
  async decide(@Param('applicationId', UuidParam) id: string, @Body() body: DecisionDto, @RequestContext() context: CommandContext) {
    await this.commands.execute(
      new ChangeApplicationCommand(id, (at, by) => ({ type: 'DecideApplication', decision: body.decision, reason: body.reason ?? null, by, at }), 'manager', context),
    );
    return this.view(context, id);
  }

  @Post('applications/:applicationId/withdraw')
  @HttpCode(200)
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ApiOperation({ summary: 'Withdraw an application (the applicant, or a program manager)' })
  @ApiOkResponse({ type: ApplicationView })
  async withdraw(@Param('applicationId', UuidParam) id: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext) {
    await this.commands.execute(
      new ChangeApplicationCommand(id, (at, by) => ({ type: 'WithdrawApplication', reason: body.reason ?? null, by, at }), 'applicant-or-manager', context),
    );
    return this.view(context, id);
  }

  @Post('applications/:applicationId/onboarding-completed')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Record that a mentor completed onboarding training' })
  @ApiOkResponse({ type: ApplicationView })
  async onboardingCompleted(@Param('applicationId', UuidParam) id: string, @RequestContext() context: CommandContext) {
    await this.commands.execute(new ChangeApplicationCommand(id, (at, by) => ({ type: 'CompleteOnboarding', by, at }), 'manager', context));
    return this.view(context, id);
  }

  @Put('applications/:applicationId/consent')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Give or withdraw your consent to public acknowledgement' })
  @ApiOkResponse({ type: ApplicationView })
  async consent(@Param('applicationId', UuidParam) id: string, @Body() body: ConsentDto, @RequestContext() context: CommandContext) {
    await this.commands.execute(
      new ChangeApplicationCommand(id, (at, by) => ({ type: 'ChangeConsent', consent: body.publicAcknowledgementConsent, by, at }), 'applicant', context),
    );
    return this.view(context, id);
  }

  private async view(context: CommandContext, applicationId: string): Promise<ApplicationView> {
    const row = await this.dataSource.getRepository(ApplicationRow).findOneBy({ tenantId: context.tenantId, applicationId });
    if (!row || (!isManager(context) && row.userId !== context.actor.id)) throw new NotFoundError('Application not found', 'application.not_found');
    return toApplicationView(row);
  }
}

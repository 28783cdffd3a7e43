import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ProgramCreated, ProgramManagersChanged, ProgramStatusChanged } from '@tandem/enrollment-contracts';
import type { CommandContext, Transaction } from '@tandem/event-store';
import { NotFoundError, type PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { NotProgramScoped, RequestContext, Roles, SubscribesTo, type Subscriber, UuidParam } from '@tandem/platform';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';

/** How often a program's pairs are expected to meet (the basis of engagement health), and who manages it. */
@Entity({ schema: 'session_tracking', name: 'program_policies' })
export class ProgramPolicyRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'program_id' }) programId: string;
  @Column() name: string;
  @Column() status: string;
  @Column({ name: 'sessions_per_month', type: 'numeric' }) sessionsPerMonth: string;
  @Column({ name: 'session_minutes', type: 'integer' }) sessionMinutes: number;
  @Column({ type: 'jsonb' }) managers: string[];
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: string;
}

@SubscribesTo(ProgramCreated)
@Injectable()
export class ProgramPolicyFromCreated implements Subscriber<typeof ProgramCreated> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramCreated>>, tx: Transaction) {
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(ProgramPolicyRow)
      .values({
        tenantId: p.tenantId,
        programId: p.programId,
        name: p.name,
        status: p.status,
        sessionsPerMonth: String(p.expectations.sessionsPerMonth),
        sessionMinutes: p.expectations.sessionMinutes,
        managers: p.managers,
        updatedAt: p.createdAt,
      })
      .orIgnore()
      .execute();
  }
}

@SubscribesTo(ProgramStatusChanged)
@Injectable()
export class ProgramPolicyFromStatus implements Subscriber<typeof ProgramStatusChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramStatusChanged>>, tx: Transaction) {
    await tx.manager.update(ProgramPolicyRow, { tenantId: p.tenantId, programId: p.programId }, { status: p.to, updatedAt: p.changedAt });
  }
}

/** Keyed by program like ProgramCreated, so it is never applied before the program exists here. */
@SubscribesTo(ProgramManagersChanged)
@Injectable()
export class ProgramPolicyFromManagersChanged implements Subscriber<typeof ProgramManagersChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramManagersChanged>>, tx: Transaction) {
    await tx.manager.update(ProgramPolicyRow, { tenantId: p.tenantId, programId: p.programId }, { managers: p.managers, updatedAt: p.changedAt });
  }
}

export class ProgramPolicyView {
  @ApiProperty() programId: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty() sessionsPerMonth: number;
  @ApiProperty() sessionMinutes: number;
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramPolicyController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':programId/policy')
  @Roles('program-manager', 'admin', 'mentor', 'mentee')
  @NotProgramScoped("the program's engagement policy: no participant data")
  @ApiOperation({ summary: 'The engagement policy session tracking applies to a program' })
  @ApiOkResponse({ type: ProgramPolicyView })
  @ApiNotFoundResponse()
  async get(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<ProgramPolicyView> {
    const row = await this.dataSource.getRepository(ProgramPolicyRow).findOneBy({ tenantId: context.tenantId, programId });
    if (!row) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return { programId: row.programId, name: row.name, status: row.status, sessionsPerMonth: Number(row.sessionsPerMonth), sessionMinutes: row.sessionMinutes };
  }
}

export const ProgramPolicySubscribers = [ProgramPolicyFromCreated, ProgramPolicyFromStatus, ProgramPolicyFromManagersChanged];

import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ProgramCreated } from '@tandem/enrollment-contracts';
import { EventStore, executeCommand, type CommandContext, type Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { Clock, MessagingRuntime, NotProgramScoped, RequestContext, Roles, SubscribesTo, UuidParam, type Subscriber } from '@tandem/platform';
import { BadgeDefined } from '@tandem/recognition-contracts';
import { badgeCatalogDecider, badgeCatalogStreamId } from '@tandem/recognition-domain';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { recordProgramManagers } from './program-managers';

@Entity({ schema: 'recognition', name: 'badge_definitions' })
export class BadgeDefinitionRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'program_id' }) programId: string;
  @PrimaryColumn({ name: 'badge_id' }) badgeId: string;
  @Column() name: string;
  @Column() tier: string;
  @Column() description: string;
  @Column({ type: 'jsonb' }) criteria: { fact: string; atLeast: number }[];
  @Column({ name: 'defined_at', type: 'timestamptz' }) definedAt: string;
}

/**
 * A new program gets the default badge tiers. The catalogue is event-sourced: the events, their public
 * BadgeDefined integration events (outbox) and the read model all commit in the consumer's inbox transaction.
 */
@SubscribesTo(ProgramCreated)
@Injectable()
export class SetUpCatalogOnProgramCreated implements Subscriber<typeof ProgramCreated> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async handle(event: ReceivedEvent<PayloadOf<typeof ProgramCreated>>, tx: Transaction) {
    const { tenantId, programId } = event.payload;
    await recordProgramManagers(tx, event.payload);
    const result = await executeCommand(this.store, badgeCatalogDecider, {
      streamId: badgeCatalogStreamId(programId),
      command: { type: 'SetUpCatalog', programId, at: this.clock.now().toISOString() },
      context: {
        tenantId,
        actor: { id: 'system:recognition' },
        correlationId: event.correlationId ?? event.id,
        causationId: event.id,
        idempotencyKey: event.id,
      },
      tx,
      publish: (decided) => decided.map(({ event: e, eventId, metadata }) => this.messaging.outboxMessage(BadgeDefined, { tenantId, ...e.data }, { eventId, metadata })),
    });
    if (result.events.length === 0) return;
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(BadgeDefinitionRow)
      .values(result.events.map(({ data }) => ({ tenantId, ...data })))
      .orIgnore()
      .execute();
  }
}

export class BadgeView {
  @ApiProperty() badgeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['participation', 'rising-star', 'champion', 'custom'] }) tier: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: [{ fact: 'completedSessions', atLeast: 5 }] }) criteria: { fact: string; atLeast: number }[];
  @ApiProperty() definedAt: string;
}

@ApiTags('badges')
@ApiBearerAuth()
@Controller('programs')
export class BadgeCatalogController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':programId/badges')
  @Roles('program-manager', 'admin', 'mentor', 'mentee', 'analyst')
  @NotProgramScoped("the program's badge catalogue: no participant data")
  @ApiOperation({ summary: 'The badges a program awards and what earns each (empty for an unknown program)' })
  @ApiOkResponse({ type: [BadgeView] })
  async list(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<BadgeView[]> {
    const rows = await this.dataSource
      .getRepository(BadgeDefinitionRow)
      .find({ where: { tenantId: context.tenantId, programId }, order: { definedAt: 'ASC', badgeId: 'ASC' } });
    return rows.map(({ tenantId: _t, programId: _p, ...badge }) => ({ ...badge, definedAt: new Date(badge.definedAt).toISOString() }));
  }
}

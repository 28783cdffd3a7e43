import { Injectable } from '@nestjs/common';
import { ProgramCreated, ProgramManagersChanged, ProgramStatusChanged } from '@tandem/enrollment-contracts';
import { BadgeDefined } from '@tandem/recognition-contracts';
import type { Transaction } from '@tandem/event-store';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import type { PayloadOf } from '@tandem/kernel';
import { BadgeDefinitionRow, ProgramRow } from './program.entities';

// Each projector runs inside the consumer's inbox transaction: a redelivered event never reaches it twice,
// and the writes below commit or roll back together with the inbox entry.

@SubscribesTo(ProgramCreated)
@Injectable()
export class ProgramCreatedProjector implements Subscriber<typeof ProgramCreated> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramCreated>>, tx: Transaction) {
    const cohort = p.lifecycle.kind === 'cohort' ? p.lifecycle : null;
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(ProgramRow)
      .values({
        tenantId: p.tenantId,
        programId: p.programId,
        name: p.name,
        status: p.status,
        lifecycleKind: p.lifecycle.kind,
        startsOn: cohort?.startsOn ?? null,
        endsOn: cohort?.endsOn ?? null,
        maxPairs: p.capacity.maxPairs,
        sessionsPerMonth: p.expectations.sessionsPerMonth,
        sessionMinutes: p.expectations.sessionMinutes,
        objectives: p.objectives,
        sponsorName: p.sponsor?.name ?? null,
        managers: p.managers,
        createdAt: p.createdAt,
        statusChangedAt: p.createdAt,
      })
      .orIgnore()
      .execute();
  }
}

@SubscribesTo(ProgramStatusChanged)
@Injectable()
export class ProgramStatusProjector implements Subscriber<typeof ProgramStatusChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramStatusChanged>>, tx: Transaction) {
    // Keyed by program on one partition, so a status change never overtakes its ProgramCreated.
    await tx.manager.update(ProgramRow, { tenantId: p.tenantId, programId: p.programId }, { status: p.to, statusChangedAt: p.changedAt });
  }
}

@SubscribesTo(ProgramManagersChanged)
@Injectable()
export class ProgramManagersProjector implements Subscriber<typeof ProgramManagersChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramManagersChanged>>, tx: Transaction) {
    await tx.manager.update(ProgramRow, { tenantId: p.tenantId, programId: p.programId }, { managers: p.managers });
  }
}

@SubscribesTo(BadgeDefined)
@Injectable()
export class BadgeDefinitionProjector implements Subscriber<typeof BadgeDefined> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof BadgeDefined>>, tx: Transaction) {
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(BadgeDefinitionRow)
      .values({ tenantId: p.tenantId, programId: p.programId, badgeId: p.badgeId, name: p.name, tier: p.tier, definedAt: p.definedAt })
      .orIgnore()
      .execute();
  }
}

export const ProgramProjectors = [ProgramCreatedProjector, ProgramStatusProjector, ProgramManagersProjector, BadgeDefinitionProjector];

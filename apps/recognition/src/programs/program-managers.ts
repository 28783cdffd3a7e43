import { Injectable } from '@nestjs/common';
import { ProgramManagersChanged, type ProgramCreatedV1 } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who manages each program, so recognition's management routes can be scoped to it (`@ProgramScope('program')`). */
@Entity({ schema: 'recognition', name: 'programs' })
export class ProgramManagersRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'program_id' }) programId: string;
  @Column({ type: 'jsonb' }) managers: string[];
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: string;
}

export const RECOGNITION_PROGRAM_SCOPES = {
  program: `SELECT program_id, managers FROM recognition.programs WHERE tenant_id = $1 AND program_id = $2`,
};

/** Called by the ProgramCreated subscriber (one subscriber per event type), in its inbox transaction. */
export async function recordProgramManagers(tx: Transaction, p: ProgramCreatedV1): Promise<void> {
  await tx.manager
    .createQueryBuilder()
    .insert()
    .into(ProgramManagersRow)
    .values({ tenantId: p.tenantId, programId: p.programId, managers: p.managers, updatedAt: p.createdAt })
    .orIgnore()
    .execute();
}

/** Keyed by program like ProgramCreated, so it never overtakes it. */
@SubscribesTo(ProgramManagersChanged)
@Injectable()
export class ProgramManagersFromChanged implements Subscriber<typeof ProgramManagersChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramManagersChanged>>, tx: Transaction) {
    await tx.manager.update(ProgramManagersRow, { tenantId: p.tenantId, programId: p.programId }, { managers: p.managers, updatedAt: p.changedAt });
  }
}

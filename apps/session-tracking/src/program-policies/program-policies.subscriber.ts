import { Injectable } from '@nestjs/common';
import { ProgramCreated, ProgramManagersChanged, ProgramStatusChanged } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { insertProgramPolicy, updateProgramManagers, updateProgramStatus } from './program-policies.projection';

@SubscribesTo(ProgramCreated)
@Injectable()
export class ProgramPolicyFromCreated implements Subscriber<typeof ProgramCreated> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramCreated>>, tx: Transaction) {
    await insertProgramPolicy(tx, {
      tenantId: p.tenantId, programId: p.programId, name: p.name, status: p.status, sessionsPerMonth: p.expectations.sessionsPerMonth,
      sessionMinutes: p.expectations.sessionMinutes, managers: p.managers, at: p.createdAt,
    });
  }
}

@SubscribesTo(ProgramStatusChanged)
@Injectable()
export class ProgramPolicyFromStatus implements Subscriber<typeof ProgramStatusChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramStatusChanged>>, tx: Transaction) {
    await updateProgramStatus(tx, p.tenantId, p.programId, p.to, p.changedAt);
  }
}

/** Keyed by program like ProgramCreated, so it is never applied before the program exists here. */
@SubscribesTo(ProgramManagersChanged)
@Injectable()
export class ProgramPolicyFromManagersChanged implements Subscriber<typeof ProgramManagersChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ProgramManagersChanged>>, tx: Transaction) {
    await updateProgramManagers(tx, p.tenantId, p.programId, p.managers, p.changedAt);
  }
}

export const ProgramPolicySubscribers = [ProgramPolicyFromCreated, ProgramPolicyFromStatus, ProgramPolicyFromManagersChanged];

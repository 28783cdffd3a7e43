import { Injectable } from '@nestjs/common';
import { ProgramCreated, ProgramManagersChanged, ProgramStatusChanged } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { BadgeDefined } from '@tandem/recognition-contracts';
import { badgeDefined, programCreated, programManagersChanged, programStatusChanged } from './programs.projection';

@SubscribesTo(ProgramCreated)
@Injectable()
export class ProgramCreatedProjector implements Subscriber<typeof ProgramCreated> {
  async handle({ payload }: ReceivedEvent<PayloadOf<typeof ProgramCreated>>, tx: Transaction) {
    await programCreated(tx, payload);
  }
}

@SubscribesTo(ProgramStatusChanged)
@Injectable()
export class ProgramStatusProjector implements Subscriber<typeof ProgramStatusChanged> {
  async handle({ payload }: ReceivedEvent<PayloadOf<typeof ProgramStatusChanged>>, tx: Transaction) {
    await programStatusChanged(tx, payload);
  }
}

@SubscribesTo(ProgramManagersChanged)
@Injectable()
export class ProgramManagersProjector implements Subscriber<typeof ProgramManagersChanged> {
  async handle({ payload }: ReceivedEvent<PayloadOf<typeof ProgramManagersChanged>>, tx: Transaction) {
    await programManagersChanged(tx, payload);
  }
}

@SubscribesTo(BadgeDefined)
@Injectable()
export class BadgeDefinitionProjector implements Subscriber<typeof BadgeDefined> {
  async handle({ payload }: ReceivedEvent<PayloadOf<typeof BadgeDefined>>, tx: Transaction) {
    await badgeDefined(tx, payload);
  }
}

export const ProgramSubscribers = [ProgramCreatedProjector, ProgramStatusProjector, ProgramManagersProjector, BadgeDefinitionProjector];

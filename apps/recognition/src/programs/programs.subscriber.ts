import { Injectable } from '@nestjs/common';
import { ProgramManagersChanged } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { changeProgramManagers } from './programs.projection';

/** Keyed by program like ProgramCreated, so it never overtakes it. */
@SubscribesTo(ProgramManagersChanged)
@Injectable()
export class ProgramManagersFromChanged implements Subscriber<typeof ProgramManagersChanged> {
  async handle({ payload }: ReceivedEvent<PayloadOf<typeof ProgramManagersChanged>>, tx: Transaction) {
    await changeProgramManagers(tx, payload);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { PairingStarted, PairingStatusChanged } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { cadenceWindowDays } from '@tandem/session-tracking-domain';
import { sessionsPerMonthOf } from '../program-policies/program-policies.queries';
import { changePairingStatus, FALLBACK_SESSIONS_PER_MONTH, insertStartedPairing } from './pairings.projection';

@SubscribesTo(PairingStarted)
@Injectable()
export class PairingFromStarted implements Subscriber<typeof PairingStarted> {
  async handle({ payload: p, importId }: ReceivedEvent<PayloadOf<typeof PairingStarted>>, tx: Transaction) {
    const windowDays = cadenceWindowDays((await sessionsPerMonthOf(tx, p.tenantId, p.programId)) ?? FALLBACK_SESSIONS_PER_MONTH);
    // An imported pairing waits for its history before health is judged (released by the history import).
    await insertStartedPairing(tx, p, windowDays, importId !== undefined);
  }
}

@SubscribesTo(PairingStatusChanged)
@Injectable()
export class PairingFromStatusChanged implements Subscriber<typeof PairingStatusChanged> {
  private readonly logger = new Logger('pairings');

  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof PairingStatusChanged>>, tx: Transaction) {
    if (!(await changePairingStatus(tx, p.tenantId, p.pairingId, p.to, p.changedAt))) {
      this.logger.warn(`PairingStatusChanged for unknown pairing ${p.pairingId} (tenant ${p.tenantId}) ignored`);
    }
  }
}

export const PairingSubscribers = [PairingFromStarted, PairingFromStatusChanged];

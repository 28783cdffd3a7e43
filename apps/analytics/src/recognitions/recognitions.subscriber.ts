import { Injectable } from '@nestjs/common';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { AwardAmended, BadgeAwarded, BadgeRevoked } from '@tandem/recognition-contracts';
import { recognitionAmended, recognitionAwarded, recognitionRevoked } from './recognitions.projection';

@SubscribesTo(BadgeAwarded)
@Injectable()
export class RecognitionFromAwarded implements Subscriber<typeof BadgeAwarded> {
  async handle({ payload }: ReceivedEvent<PayloadOf<typeof BadgeAwarded>>, tx: Transaction) {
    await recognitionAwarded(tx, payload);
  }
}

@SubscribesTo(AwardAmended)
@Injectable()
export class RecognitionFromAmended implements Subscriber<typeof AwardAmended> {
  async handle({ payload }: ReceivedEvent<PayloadOf<typeof AwardAmended>>, tx: Transaction) {
    await recognitionAmended(tx, payload);
  }
}

@SubscribesTo(BadgeRevoked)
@Injectable()
export class RecognitionFromRevoked implements Subscriber<typeof BadgeRevoked> {
  async handle({ payload }: ReceivedEvent<PayloadOf<typeof BadgeRevoked>>, tx: Transaction) {
    await recognitionRevoked(tx, payload);
  }
}

export const RecognitionSubscribers = [RecognitionFromAwarded, RecognitionFromAmended, RecognitionFromRevoked];

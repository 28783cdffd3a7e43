import { Injectable } from '@nestjs/common';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { AwardAmended, BadgeAwarded, BadgeDefinedV2Contract, BadgeRevoked } from '@tandem/recognition-contracts';
import { badgeDefined } from '../programs/programs.projection';
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

/** BadgeDefined v2 (custom badges, rule versions): the program's badge list follows it as it follows v1 (first definition kept). */
@SubscribesTo(BadgeDefinedV2Contract)
@Injectable()
export class BadgeFromDefinedV2 implements Subscriber<typeof BadgeDefinedV2Contract> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof BadgeDefinedV2Contract>>, tx: Transaction) {
    await badgeDefined(tx, { tenantId: p.tenantId, programId: p.programId, badgeId: p.badgeId, name: p.name, tier: p.tier, description: p.description, criteria: [], definedAt: p.definedAt });
  }
}

export const RecognitionSubscribers = [RecognitionFromAwarded, RecognitionFromAmended, RecognitionFromRevoked, BadgeFromDefinedV2];

import { createHash, randomBytes } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, followUpContext, type CommandContext } from '@tandem/event-store';
import { WALL_FEED_STREAM, wallFeedDecider, type WallFeedState } from '@tandem/recognition-domain';

/** The SHA-256 (hex) of a feed secret: what is stored and looked up, never the secret. */
export const feedSecretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A manager rotates the tenant's feed secret: a new random secret, returned once; the previous URL stops working. */
export class RotateFeedSecretCommand {
  constructor(
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RotateFeedSecretCommand)
export class RotateFeedSecretHandler implements ICommandHandler<RotateFeedSecretCommand, { secret: string; state: WallFeedState }> {
  constructor(private readonly store: EventStore) {}

  async execute({ at, context }: RotateFeedSecretCommand): Promise<{ secret: string; state: WallFeedState }> {
    const secret = randomBytes(32).toString('base64url'); // 256 bits: not guessable, so the URL itself is the credential
    const command = { type: 'RotateFeedSecret' as const, secretHash: feedSecretHash(secret), at, by: context.actor.id };
    // No idempotency key: a retried rotation must not hand out a secret that was never stored.
    const { state } = await executeCommand(this.store, wallFeedDecider, { streamId: WALL_FEED_STREAM, command, context: followUpContext(context) });
    return { secret, state };
  }
}

export const WallCommandHandlers = [RotateFeedSecretHandler];

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, executeCommand, type CommandContext, type DecidedEvent, type SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { MessagingRuntime } from '@tandem/platform';
import { CredentialIssued, CredentialRevoked } from '@tandem/recognition-contracts';
import { credentialDecider, credentialStreamId, type AwardRef, type AwardResult, type CredentialEvent } from '@tandem/recognition-domain';
import { IssuerKeys } from './issuer-keys';
import { offlineDocumentLoader } from './json-ld';
import { OPEN_BADGE_CONTEXT, signCredential } from './open-badge';
import { STATUS_LIST_LENGTH, statusEntry } from './status-list';

/** What a credential certifies: an award as it stands when it is issued. */
export type AwardToCertify = AwardRef & AwardResult;

const TIER_COLOURS: Record<string, string> = { participation: '#2f6f4f', 'rising-star': '#8a5a00', champion: '#6b2d8f' };

/** The badge's image: a small SVG in the credential itself (no URL for a verifier to fetch). */
function badgeImage(tier: string, name: string) {
  const initials = name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="56" fill="${TIER_COLOURS[tier] ?? '#1f4e79'}"/><text x="60" y="72" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return { id: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, type: 'Image', caption: name };
}

type Outboxing = Pick<MessagingRuntime, 'outboxMessage'>;

function credentialOutbox(messaging: Outboxing, keys: IssuerKeys, tenantId: string, decided: DecidedEvent<CredentialEvent>[]) {
  return decided.map(({ event, eventId, metadata }) => {
    const { credentialId, programId, badgeId, personId, tier } = event.data;
    const ref = { tenantId, credentialId, programId, badgeId, personId, tier: tier as never, url: keys.credentialUrl(credentialId) };
    const cause = { eventId, metadata };
    return event.type === 'CredentialIssued'
      ? messaging.outboxMessage(CredentialIssued, { ...ref, issuedAt: event.data.issuedAt }, cause)
      : messaging.outboxMessage(CredentialRevoked, { ...ref, revokedBy: event.data.revokedBy, revokedAt: event.data.revokedAt }, cause);
  });
}

/**
 * Issues an award's Open Badges 3.0 credential in the award's own transaction: the achievement (the badge, its
 * criteria and image), the issuer (the tenant's organization), the recipient as a salted hash of their id (no
 * personal data in a document anyone may hold), the evidence (each criterion and the ids of the events behind it),
 * its bit in the tenant's status list, signed with the tenant's key. Nothing when credentials are off.
 */
@Injectable()
export class CredentialIssuer {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly keys: IssuerKeys,
  ) {}

  async issue(db: SqlExecutor, context: CommandContext, award: AwardToCertify, at: string): Promise<void> {
    if (!this.keys.enabled) return;
    const { tenantId } = context;
    const { rows } = await db.query<{ name: string; description: string }>(
      `SELECT name, description FROM recognition.badges WHERE tenant_id = $1 AND program_id = $2 AND badge_id = $3`,
      [tenantId, award.programId, award.badgeId],
    );
    const badge = rows[0] ?? { name: award.badgeId, description: award.badgeId };
    const { rows: sequence } = await db.query<{ issued: string }>(
      `INSERT INTO recognition.credential_sequences (tenant_id, issued) VALUES ($1, 1)
       ON CONFLICT (tenant_id) DO UPDATE SET issued = recognition.credential_sequences.issued + 1 RETURNING issued`,
      [tenantId],
    );
    const n = Number(sequence[0].issued) - 1;
    const [listNo, statusIndex] = [Math.floor(n / STATUS_LIST_LENGTH) + 1, n % STATUS_LIST_LENGTH];
    const credentialId = randomUUID();
    const salt = randomBytes(16).toString('hex');
    const issuer = this.keys.issuerId(tenantId);
    const unsigned = {
      '@context': OPEN_BADGE_CONTEXT,
      id: this.keys.credentialUrl(credentialId),
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: issuer, type: ['Profile'], name: this.keys.issuerName(tenantId) },
      validFrom: at,
      name: badge.name,
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [{
          type: 'IdentityObject', identityType: 'identifier', hashed: true, salt,
          identityHash: `sha256$${createHash('sha256').update(award.personId + salt).digest('hex')}`,
        }],
        achievement: {
          id: `${issuer}/achievements/${award.programId}/${encodeURIComponent(award.badgeId)}`,
          type: ['Achievement'],
          name: badge.name,
          description: badge.description,
          criteria: { narrative: `${badge.description} (rule version ${award.ruleVersion}; earned ${award.earnedAt.slice(0, 10)}).` },
          image: badgeImage(award.tier, badge.name),
        },
      },
      evidence: award.evidence.map((e) => ({ type: ['Evidence'], name: e.criterion, description: `${e.fact}: events ${e.eventIds.join(', ')}` })),
      credentialStatus: statusEntry(this.keys.statusListUrl(tenantId, listNo), statusIndex),
    };
    const document = await signCredential(unsigned, await this.keys.signingKey(db, tenantId, at), offlineDocumentLoader());
    await executeCommand(this.store, credentialDecider, {
      streamId: credentialStreamId(credentialId),
      command: { type: 'Issue', credentialId, programId: award.programId, badgeId: award.badgeId, personId: award.personId, tier: award.tier, listNo, statusIndex, document, issuedAt: at },
      context,
      publish: (decided) => credentialOutbox(this.messaging, this.keys, tenantId, decided),
    });
  }

  /** Revokes a credential (in the caller's transaction when there is one). */
  async revoke(context: CommandContext, credentialId: string, reason: string, at: string): Promise<void> {
    await executeCommand(this.store, credentialDecider, {
      streamId: credentialStreamId(credentialId),
      command: { type: 'Revoke', reason, by: context.actor.id, at },
      context,
      publish: (decided) => credentialOutbox(this.messaging, this.keys, context.tenantId, decided),
    });
  }
}

export class RevokeCredentialCommand {
  constructor(
    readonly programId: string,
    readonly credentialId: string,
    readonly reason: string,
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

/** A manager of the credential's program revokes it with a reason: its bit is set, verifiers report it revoked. */
@CommandHandler(RevokeCredentialCommand)
export class RevokeCredentialHandler implements ICommandHandler<RevokeCredentialCommand, void> {
  constructor(
    private readonly db: Database,
    private readonly issuer: CredentialIssuer,
  ) {}

  async execute({ programId, credentialId, reason, at, context }: RevokeCredentialCommand): Promise<void> {
    const { rows } = await this.db.query(`SELECT 1 FROM recognition.credentials WHERE tenant_id = $1 AND program_id = $2 AND credential_id = $3`, [context.tenantId, programId, credentialId]);
    if (rows.length === 0) throw new NotFoundError('Credential not found', 'credential.not_found');
    await this.issuer.revoke(context, credentialId, reason, at);
  }
}

export const CredentialCommandHandlers = [IssuerKeys, CredentialIssuer, RevokeCredentialHandler];

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, executeCommand, type CommandContext, type DecidedEvent, type SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { MessagingRuntime } from '@tandem/platform';
import { CredentialIssued, CredentialRevoked } from '@tandem/recognition-contracts';
import { credentialDecider, credentialStreamId, type AwardRef, type AwardResult, type BadgeTier, type CredentialEvent, type GrantSpec } from '@tandem/recognition-domain';
import { IssuerKeys } from './issuer-keys';
import { offlineDocumentLoader } from './json-ld';
import { OPEN_BADGE_CONTEXT, signCredential } from './open-badge';
import { STATUS_LIST_LENGTH, statusEntry } from './status-list';

/** An award as it stands when its credential is issued. */
export type AwardToCertify = AwardRef & AwardResult;

/** What a credential certifies, ready to be written down: an award's or a grant's achievement and evidence. */
interface Certified {
  programId: string;
  personId: string;
  badgeId: string | null;
  tier: BadgeTier | null;
  grantId: string | null;
  name: string;
  description: string;
  narrative: string;
  evidence: { name: string; description: string }[];
}

const TIER_COLOURS: Record<string, string> = { participation: '#2f6f4f', 'rising-star': '#8a5a00', champion: '#6b2d8f' };

/** The badge's image: a small SVG in the credential itself (no URL for a verifier to fetch). */
function badgeImage(tier: string | null, name: string) {
  const initials = name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="56" fill="${TIER_COLOURS[tier ?? ''] ?? '#1f4e79'}"/><text x="60" y="72" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return { id: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, type: 'Image', caption: name };
}

type Outboxing = Pick<MessagingRuntime, 'outboxMessage'>;

function credentialOutbox(messaging: Outboxing, keys: IssuerKeys, tenantId: string, decided: DecidedEvent<CredentialEvent>[]) {
  return decided.map(({ event, eventId, metadata }) => {
    const { credentialId, programId, personId, badgeId, tier, grantId } = event.data;
    const ref = { tenantId, credentialId, programId, personId, badgeId, tier, grantId, url: keys.credentialUrl(credentialId) };
    const cause = { eventId, metadata };
    return event.type === 'CredentialIssued'
      ? messaging.outboxMessage(CredentialIssued, { ...ref, issuedAt: event.data.issuedAt }, cause)
      : messaging.outboxMessage(CredentialRevoked, { ...ref, revokedBy: event.data.revokedBy, revokedAt: event.data.revokedAt }, cause);
  });
}

/**
 * Issues an Open Badges 3.0 credential in the transaction of what it certifies — an award, or a manager's grant
 * (competition wins included): the achievement (the badge or the recognition, its criteria and image), the issuer
 * (the tenant's organization), the recipient as a salted hash of their id (no personal data in a document anyone may
 * hold), the evidence, its bit in the tenant's status list, signed with the tenant's key. Nothing when credentials
 * are off.
 */
@Injectable()
export class CredentialIssuer {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly keys: IssuerKeys,
  ) {}

  /** An award's credential: the badge, the rule version it was earned under, each criterion's event ids. */
  async issueForAward(db: SqlExecutor, context: CommandContext, award: AwardToCertify, at: string): Promise<void> {
    if (!this.keys.enabled) return;
    const { rows } = await db.query<{ name: string; description: string }>(
      `SELECT name, description FROM recognition.badges WHERE tenant_id = $1 AND program_id = $2 AND badge_id = $3`,
      [context.tenantId, award.programId, award.badgeId],
    );
    const badge = rows[0] ?? { name: award.badgeId, description: award.badgeId };
    await this.issue(db, context, {
      programId: award.programId, personId: award.personId, badgeId: award.badgeId, tier: award.tier, grantId: null, name: badge.name, description: badge.description,
      narrative: `${badge.description} (rule version ${award.ruleVersion}; earned ${award.earnedAt.slice(0, 10)}).`,
      evidence: award.evidence.map((e) => ({ name: e.criterion, description: `${e.fact}: events ${e.eventIds.join(', ')}` })),
    }, at);
  }

  /** A grant's credential: the badge or recognition granted, with the manager's citation as its criteria and evidence. */
  async issueForGrant(db: SqlExecutor, context: CommandContext, grant: GrantSpec & { programId: string }, at: string): Promise<void> {
    if (!this.keys.enabled) return;
    await this.issue(db, context, {
      programId: grant.programId, personId: grant.personId, badgeId: grant.badgeId, tier: grant.tier, grantId: grant.grantId, name: grant.title,
      description: `Granted by the program's managers: ${grant.title}.`, narrative: grant.citation,
      evidence: [{ name: 'Citation', description: grant.citation }],
    }, at);
  }

  private async issue(db: SqlExecutor, context: CommandContext, certified: Certified, at: string): Promise<void> {
    const { tenantId } = context;
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
    const achievementRef = certified.badgeId ?? `grant-${certified.grantId}`;
    const unsigned = {
      '@context': OPEN_BADGE_CONTEXT,
      id: this.keys.credentialUrl(credentialId),
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: issuer, type: ['Profile'], name: this.keys.issuerName(tenantId) },
      validFrom: at,
      name: certified.name,
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [{
          type: 'IdentityObject', identityType: 'identifier', hashed: true, salt,
          identityHash: `sha256$${createHash('sha256').update(certified.personId + salt).digest('hex')}`,
        }],
        achievement: {
          id: `${issuer}/achievements/${certified.programId}/${encodeURIComponent(achievementRef)}`,
          type: ['Achievement'],
          name: certified.name,
          description: certified.description,
          criteria: { narrative: certified.narrative },
          image: badgeImage(certified.tier, certified.name),
        },
      },
      evidence: certified.evidence.map((e) => ({ type: ['Evidence'], ...e })),
      credentialStatus: statusEntry(this.keys.statusListUrl(tenantId, listNo), statusIndex),
    };
    const document = await signCredential(unsigned, await this.keys.signingKey(db, tenantId, at), offlineDocumentLoader());
    const { programId, personId, badgeId, tier, grantId } = certified;
    await executeCommand(this.store, credentialDecider, {
      streamId: credentialStreamId(credentialId),
      command: { type: 'Issue', credentialId, programId, personId, badgeId, tier, grantId, listNo, statusIndex, document, issuedAt: at },
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

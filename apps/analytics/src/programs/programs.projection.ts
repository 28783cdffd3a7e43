import type { ProgramCreatedV1, ProgramManagersChangedV1, ProgramStatusChangedV1 } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { BadgeDefinedV1 } from '@tandem/recognition-contracts';
import { ProgramCreated, ProgramManagersChanged, ProgramStatusChanged } from '@tandem/enrollment-contracts';
import { applies, integrationProjection } from '@tandem/platform';
import { BadgeDefined, BadgeDefinedV2Contract, BadgeDefinedV3Contract } from '@tandem/recognition-contracts';

// `analytics.programs` (one row per program, from enrollment's program events) and `analytics.badge_definitions`
// (the badges recognition set up per program). Each write runs inside the consumer's inbox transaction: a
// redelivered event never reaches it twice, and the write commits or rolls back with the inbox entry.

export async function programCreated(tx: Transaction, p: ProgramCreatedV1): Promise<void> {
  const cohort = p.lifecycle.kind === 'cohort' ? p.lifecycle : null;
  await tx.query(
    `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, starts_on, ends_on, max_pairs,
       sessions_per_month, session_minutes, objectives, sponsor_name, managers, created_at, status_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14, $14)
     ON CONFLICT DO NOTHING`,
    [
      p.tenantId,
      p.programId,
      p.name,
      p.status,
      p.lifecycle.kind,
      cohort?.startsOn ?? null,
      cohort?.endsOn ?? null,
      p.capacity.maxPairs,
      p.expectations.sessionsPerMonth,
      p.expectations.sessionMinutes,
      JSON.stringify(p.objectives),
      p.sponsor?.name ?? null,
      JSON.stringify(p.managers),
      p.createdAt,
    ],
  );
}

/** Keyed by program on one partition, so a status change never overtakes its ProgramCreated. */
export async function programStatusChanged(tx: Transaction, p: ProgramStatusChangedV1): Promise<void> {
  await tx.query(`UPDATE analytics.programs SET status = $3, status_changed_at = $4 WHERE tenant_id = $1 AND program_id = $2`, [
    p.tenantId,
    p.programId,
    p.to,
    p.changedAt,
  ]);
}

export async function programManagersChanged(tx: Transaction, p: ProgramManagersChangedV1): Promise<void> {
  await tx.query(`UPDATE analytics.programs SET managers = $3::jsonb WHERE tenant_id = $1 AND program_id = $2`, [
    p.tenantId,
    p.programId,
    JSON.stringify(p.managers),
  ]);
}

export async function badgeDefined(tx: Transaction, p: BadgeDefinedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.badge_definitions (tenant_id, program_id, badge_id, name, tier, defined_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.badgeId, p.name, p.tier, p.definedAt],
  );
}

/** Programs from enrollment and their badges from recognition, into analytics' program read model. */
export const programsProjection = integrationProjection({
  name: 'programs',
  tables: ['analytics.programs', 'analytics.badge_definitions'],
  on: [
    applies(ProgramCreated, programCreated),
    applies(ProgramStatusChanged, programStatusChanged),
    applies(ProgramManagersChanged, programManagersChanged),
    applies(BadgeDefined, badgeDefined),
    // BadgeDefined v2 (custom badges, rule versions): the program's badge list follows it as it follows v1 (first definition kept).
    applies(BadgeDefinedV2Contract, (tx, { tenantId, programId, badgeId, name, tier, description, definedAt }) =>
      badgeDefined(tx, { tenantId, programId, badgeId, name, tier, description, criteria: [], definedAt }),
    ),
    // v3 (issue 13: rules may count kudos) comes with every definition; a kudos badge comes as v3 only.
    applies(BadgeDefinedV3Contract, (tx, { tenantId, programId, badgeId, name, tier, description, definedAt }) =>
      badgeDefined(tx, { tenantId, programId, badgeId, name, tier, description, criteria: [], definedAt }),
    ),
  ],
});

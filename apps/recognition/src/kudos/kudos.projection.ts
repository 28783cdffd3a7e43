import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { kudosDecider, type KudosEvent, type KudosState } from '@tandem/recognition-domain';

async function kudosGiven(tx: Transaction, { tenantId, data }: ProjectedEvent<KudosEvent, KudosState>): Promise<void> {
  if (!('message' in data)) return;
  await tx.query(
    `INSERT INTO recognition.kudos (tenant_id, program_id, kudos_id, mentor_id, mentee_id, category, message, shared, given_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8, $8) ON CONFLICT DO NOTHING`,
    [tenantId, data.programId, data.kudosId, data.mentorId, data.menteeId, data.category, data.message, data.at],
  );
}

async function sharingChanged(tx: Transaction, { tenantId, data }: ProjectedEvent<KudosEvent, KudosState>): Promise<void> {
  if (!('shared' in data)) return;
  await tx.query(`UPDATE recognition.kudos SET shared = $4, updated_at = $5 WHERE tenant_id = $1 AND program_id = $2 AND kudos_id = $3`, [
    tenantId, data.programId, data.kudosId, data.shared, data.at,
  ]);
}

/** `recognition.kudos`: every kudos with its (private) message and whether the mentor shared it on the wall. */
export const kudosProjection = projection<KudosEvent, KudosState>({
  name: 'kudos',
  category: 'Kudos',
  decider: kudosDecider,
  tables: ['recognition.kudos'],
  on: { KudosGiven: kudosGiven, KudosSharingChanged: sharingChanged },
});

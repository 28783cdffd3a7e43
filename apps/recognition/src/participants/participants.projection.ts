import type { ApplicationStatusChangedV1, ConsentChangedV1, ParticipantAppliedV1 } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import { ApplicationStatusChanged, ParticipantApplied, PublicAcknowledgementConsentChanged } from '@tandem/enrollment-contracts';
import { applies, integrationProjection } from '@tandem/platform';

/**
 * `recognition.participants`: each application of a program with its role, status and the reward types the person
 * said they value (their recognition preferences), so rewards go to the program's approved mentors and suggestions
 * follow what each of them values. Both events are keyed by program, so a status change never overtakes its application.
 * Issue 13 adds the person's name and their consent to public acknowledgement in the program (given on the
 * application, changed by `PublicAcknowledgementConsentChanged`): what the recognition wall and feed are gated by.
 */
export async function participantApplied(tx: Transaction, p: ParticipantAppliedV1): Promise<void> {
  await tx.query(
    `INSERT INTO recognition.participants (tenant_id, program_id, application_id, user_id, role, status, recognition_preferences, name, public_consent, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'applied', $6::jsonb, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.applicationId, p.person.userId, p.role, JSON.stringify(p.recognitionPreferences), p.person.name, p.publicAcknowledgementConsent, p.appliedAt],
  );
}

export async function applicationStatusChanged(tx: Transaction, p: ApplicationStatusChangedV1): Promise<void> {
  await tx.query(`UPDATE recognition.participants SET status = $4, updated_at = $5 WHERE tenant_id = $1 AND program_id = $2 AND application_id = $3`, [
    p.tenantId, p.programId, p.applicationId, p.to, p.changedAt,
  ]);
}

export async function consentChanged(tx: Transaction, p: ConsentChangedV1): Promise<void> {
  await tx.query(`UPDATE recognition.participants SET public_consent = $4 WHERE tenant_id = $1 AND program_id = $2 AND application_id = $3`, [
    p.tenantId, p.programId, p.applicationId, p.publicAcknowledgementConsent,
  ]);
}

export const participantsProjection = integrationProjection({
  name: 'participants',
  tables: ['recognition.participants'],
  on: [applies(ParticipantApplied, participantApplied), applies(ApplicationStatusChanged, applicationStatusChanged), applies(PublicAcknowledgementConsentChanged, consentChanged)],
});

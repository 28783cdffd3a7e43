import { ApplicationStatusChanged, ParticipantApplied, PublicAcknowledgementConsentChanged } from '@tandem/enrollment-contracts';
import type { ApplicationEvent, ApplicationState } from '@tandem/enrollment-domain';
import type { DecidedEvent, OutboxMessage } from '@tandem/event-store';
import type { MessagingRuntime } from '@tandem/platform';

/** The public side of an application's events; capacity holds and onboarding stay inside enrollment. */
export function publishApplicationEvents(messaging: MessagingRuntime, tenantId: string) {
  return (decided: DecidedEvent<ApplicationEvent>[], state: ApplicationState): OutboxMessage[] =>
    decided.flatMap(({ event, eventId, metadata }): OutboxMessage[] => {
      if (!state.exists) return [];
      const cause = { eventId, metadata };
      const { applicationId, programId } = event.data;
      const userId = state.person.userId;
      switch (event.type) {
        case 'ParticipantApplied': {
          const { profile, person, role, appliedAt } = event.data;
          return [
            messaging.outboxMessage(
              ParticipantApplied,
              {
                tenantId,
                programId,
                applicationId,
                role,
                person,
                skillsOffered: profile.skillsOffered,
                skillsSought: profile.skillsSought,
                goals: profile.goals,
                interests: profile.interests,
                availabilityHoursPerMonth: profile.availabilityHoursPerMonth,
                mentorCapacity: profile.mentorCapacity,
                recognitionPreferences: profile.recognitionPreferences,
                publicAcknowledgementConsent: profile.publicAcknowledgementConsent,
                appliedAt,
              },
              cause,
            ),
          ];
        }
        case 'ApplicationDecided': {
          const { from, to, reason, decidedBy, decidedAt } = event.data;
          return [messaging.outboxMessage(ApplicationStatusChanged, { tenantId, programId, applicationId, role: state.role, userId, from, to, reason, changedBy: decidedBy, changedAt: decidedAt }, cause)];
        }
        case 'ApplicationWithdrawn': {
          const { from, reason, withdrawnBy, withdrawnAt } = event.data;
          return [messaging.outboxMessage(ApplicationStatusChanged, { tenantId, programId, applicationId, role: state.role, userId, from, to: 'withdrawn', reason, changedBy: withdrawnBy, changedAt: withdrawnAt }, cause)];
        }
        case 'ConsentChanged':
          return [messaging.outboxMessage(PublicAcknowledgementConsentChanged, { tenantId, programId, applicationId, userId, publicAcknowledgementConsent: event.data.consent, changedAt: event.data.changedAt }, cause)];
        default:
          return [];
      }
    });
}

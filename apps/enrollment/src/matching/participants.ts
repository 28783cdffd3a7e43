import type { MatchingParticipant } from '@tandem/enrollment-domain';
import type { ApplicationRecord } from '../applications/applications.queries';

/** Minutes east of UTC for an IANA zone at a given instant (so daylight saving is what it is on that day). */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** A matching participant from an approved application; a mentor brings only the capacity still free. */
export function toParticipant(row: ApplicationRecord, at: Date): MatchingParticipant {
  return {
    participantId: row.applicationId,
    employeeId: row.employeeId,
    managerId: row.person.managerEmployeeId,
    timeZoneOffsetMinutes: utcOffsetMinutes(row.timeZone, at),
    languages: row.person.languages,
    skillsOffered: row.profile.skillsOffered,
    skillsSought: row.profile.skillsSought,
    goals: row.profile.goals,
    interests: row.profile.interests,
    department: row.department ?? '',
    mentorCapacity: Math.max(0, row.capacity - row.held),
    attributes: row.profile.attributes,
  };
}

export const memberOf = (row: ApplicationRecord) => ({ applicationId: row.applicationId, userId: row.userId, employeeId: row.employeeId, name: row.name });

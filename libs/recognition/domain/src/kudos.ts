import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';

/**
 * Kudos a mentee gives their mentor (stream `Kudos-<program>-<mentee>-<mentor>`: one pair, every kudos between them):
 * a category and a short message. The mentor reads them; each counts as a `kudosReceived` fact for badge rules; the
 * mentor alone decides whether one is shared on the recognition wall (never by default).
 *
 * **Limit against spamming**: one kudos per mentee and mentor every `KUDOS_INTERVAL_DAYS` days (rolling, decided on
 * the pair's stream, so two racing requests cannot both pass), and a message of at most `KUDOS_MESSAGE_MAX` characters.
 */
export const KUDOS_CATEGORIES = ['expertise', 'commitment', 'trust', 'creativity', 'networking'] as const;
export type KudosCategory = (typeof KUDOS_CATEGORIES)[number];
export const KUDOS_INTERVAL_DAYS = 7;
export const KUDOS_MESSAGE_MAX = 280;
const DAY_MS = 86_400_000;

export type KudosCommand =
  | { type: 'GiveKudos'; programId: string; kudosId: string; mentorId: string; menteeId: string; category: KudosCategory; message: string; at: string }
  | { type: 'ShareKudos'; kudosId: string; shared: boolean; by: string; at: string };

export type KudosGiven = DomainEvent<'KudosGiven', { programId: string; kudosId: string; mentorId: string; menteeId: string; category: KudosCategory; message: string; at: string }>;
export type KudosSharingChanged = DomainEvent<'KudosSharingChanged', { programId: string; kudosId: string; mentorId: string; shared: boolean; at: string }>;
export type KudosEvent = KudosGiven | KudosSharingChanged;

export interface KudosItem {
  kudosId: string;
  category: KudosCategory;
  message: string;
  at: string;
  shared: boolean;
}
export type KudosState = { programId: string | null; mentorId: string | null; menteeId: string | null; kudos: KudosItem[] };

export const kudosStreamId = (programId: string, menteeId: string, mentorId: string) => `Kudos-${programId}-${menteeId}-${mentorId}`;

/** When the mentee may give this mentor kudos again (null: now). */
export function nextKudosAllowedAt(state: KudosState, at: string): string | null {
  const last = state.kudos[state.kudos.length - 1];
  if (!last) return null;
  const next = Date.parse(last.at) + KUDOS_INTERVAL_DAYS * DAY_MS;
  return next > Date.parse(at) ? new Date(next).toISOString() : null;
}

export const kudosDecider: Decider<KudosCommand, KudosEvent, KudosState> = {
  initialState: () => ({ programId: null, mentorId: null, menteeId: null, kudos: [] }),

  decide(command, state) {
    if (command.type === 'GiveKudos') {
      if (state.kudos.some((k) => k.kudosId === command.kudosId)) return [];
      if (command.mentorId === command.menteeId) throw new InvalidCommandError('Kudos go to someone else', 'kudos.self');
      if (!KUDOS_CATEGORIES.includes(command.category)) throw new InvalidCommandError(`category must be one of ${KUDOS_CATEGORIES.join(', ')}`, 'kudos.invalid');
      const message = command.message.trim();
      if (message.length < 1 || message.length > KUDOS_MESSAGE_MAX) throw new InvalidCommandError(`message must be 1 to ${KUDOS_MESSAGE_MAX} characters`, 'kudos.invalid');
      const next = nextKudosAllowedAt(state, command.at);
      if (next) throw new IllegalStateError(`One kudos per mentor every ${KUDOS_INTERVAL_DAYS} days: next from ${next}`, 'kudos.too_soon', { nextAllowedAt: next });
      const { type: _t, ...data } = command;
      return [{ type: 'KudosGiven', data: { ...data, message } }];
    }
    const item = state.kudos.find((k) => k.kudosId === command.kudosId);
    if (!item || !state.programId || !state.mentorId) throw new NotFoundError('Kudos not found', 'kudos.not_found');
    if (command.by !== state.mentorId) throw new ForbiddenError('Only the mentor who received them decides whether kudos are shared', 'kudos.not_yours');
    if (item.shared === command.shared) return [];
    return [{ type: 'KudosSharingChanged', data: { programId: state.programId, kudosId: item.kudosId, mentorId: state.mentorId, shared: command.shared, at: command.at } }];
  },

  evolve(state, event) {
    if (event.type === 'KudosGiven') {
      const { programId, mentorId, menteeId, kudosId, category, message, at } = event.data;
      return { programId, mentorId, menteeId, kudos: [...state.kudos, { kudosId, category, message, at, shared: false }] };
    }
    return { ...state, kudos: state.kudos.map((k) => (k.kudosId === event.data.kudosId ? { ...k, shared: event.data.shared } : k)) };
  },
};

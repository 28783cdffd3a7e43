import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { KUDOS_MESSAGE_MAX, kudosDecider, type KudosCommand } from './kudos';

const at = '2026-12-02T10:00:00.000Z';
const given = deciderSpecification(kudosDecider);
const give = (kudosId: string, when = at, extra: Partial<Extract<KudosCommand, { type: 'GiveKudos' }>> = {}): KudosCommand => ({
  type: 'GiveKudos', programId: 'p1', kudosId, mentorId: 'mentor-1', menteeId: 'mentee-1', category: 'trust', message: ' Thanks for the honest advice ', at: when, ...extra,
});
const first = given([]).when(give('k1'));

describe('kudos decider (a mentee to their mentor, one every seven days)', () => {
  it('given nothing, when a mentee gives kudos, then they are recorded (trimmed) and not shared', () => {
    first.then([{ type: 'KudosGiven', data: { programId: 'p1', kudosId: 'k1', mentorId: 'mentor-1', menteeId: 'mentee-1', category: 'trust', message: 'Thanks for the honest advice', at } }]);
    expect(first.state().kudos).toEqual([{ kudosId: 'k1', category: 'trust', message: 'Thanks for the honest advice', at, shared: false }]);
  });

  it('given kudos six days ago, when the mentee gives more, then 409 with the next allowed time; after seven days they pass', () => {
    given(first.history()).when(give('k2', '2026-12-08T10:00:00.000Z')).thenThrows(IllegalStateError, /next from 2026-12-09T10:00:00.000Z/);
    given(first.history()).when(give('k2', '2026-12-09T10:00:00.000Z')).then([expect.objectContaining({ type: 'KudosGiven' }) as never]);
    given(first.history()).when(give('k1')).thenNothingHappened();
  });

  it('given nothing, when the message is empty or too long, the category unknown or the mentor is the mentee, then 400', () => {
    given([]).when(give('k1', at, { message: '  ' })).thenThrows(InvalidCommandError, 'message');
    given([]).when(give('k1', at, { message: 'x'.repeat(KUDOS_MESSAGE_MAX + 1) })).thenThrows(InvalidCommandError, 'message');
    given([]).when(give('k1', at, { category: 'charm' as never })).thenThrows(InvalidCommandError, 'category');
    given([]).when(give('k1', at, { menteeId: 'mentor-1' })).thenThrows(InvalidCommandError, 'someone else');
  });

  it('given kudos, when the mentor shares them, then they are shared; only the mentor may; unknown kudos are 404', () => {
    const shared = given(first.history()).when({ type: 'ShareKudos', kudosId: 'k1', shared: true, by: 'mentor-1', at });
    shared.then([{ type: 'KudosSharingChanged', data: { programId: 'p1', kudosId: 'k1', mentorId: 'mentor-1', shared: true, at } }]);
    given(shared.history()).when({ type: 'ShareKudos', kudosId: 'k1', shared: true, by: 'mentor-1', at }).thenNothingHappened();
    given(shared.history()).when({ type: 'ShareKudos', kudosId: 'k1', shared: false, by: 'mentor-1', at }).then([{ type: 'KudosSharingChanged', data: { programId: 'p1', kudosId: 'k1', mentorId: 'mentor-1', shared: false, at } }]);
    given(first.history()).when({ type: 'ShareKudos', kudosId: 'k1', shared: true, by: 'mentee-1', at }).thenThrows(ForbiddenError);
    given(first.history()).when({ type: 'ShareKudos', kudosId: 'k9', shared: true, by: 'mentor-1', at }).thenThrows(NotFoundError);
  });
});

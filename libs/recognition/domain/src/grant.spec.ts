import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { grantDecider, type GrantSpec } from './grant';

const at = '2026-12-02T10:00:00.000Z';
const given = deciderSpecification(grantDecider);
const badge: GrantSpec = { grantId: 'g1', personId: 'mentor-1', kind: 'badge', badgeId: 'champion', tier: 'champion', title: 'Champion', citation: ' Rebuilt the onboarding ' };
const granted = given([]).when({ type: 'GrantRecognition', programId: 'p1', grant: badge, at, by: 'pm-1' });

describe('grant decider (manual recognition with a citation)', () => {
  it('given nothing, when a manager grants a badge with a citation, then it is granted (citation trimmed)', () => {
    granted.then([{ type: 'RecognitionGranted', data: { ...badge, citation: 'Rebuilt the onboarding', programId: 'p1', at, by: 'pm-1' } }]);
    const custom = { ...badge, grantId: 'g2', kind: 'custom' as const, badgeId: null, tier: null, title: 'Hackathon host' };
    given([]).when({ type: 'GrantRecognition', programId: 'p1', grant: custom, at, by: 'pm-1' }).then([{ type: 'RecognitionGranted', data: { ...custom, citation: 'Rebuilt the onboarding', programId: 'p1', at, by: 'pm-1' } }]);
  });

  it('given nothing, when the citation is missing or a badge grant names no badge, then 400; twice is 409', () => {
    given([]).when({ type: 'GrantRecognition', programId: 'p1', grant: { ...badge, citation: ' ' }, at, by: 'pm-1' }).thenThrows(InvalidCommandError, 'citation');
    given([]).when({ type: 'GrantRecognition', programId: 'p1', grant: { ...badge, badgeId: null }, at, by: 'pm-1' }).thenThrows(InvalidCommandError, 'badgeId');
    given(granted.history()).when({ type: 'GrantRecognition', programId: 'p1', grant: badge, at, by: 'pm-1' }).thenThrows(IllegalStateError, 'already exists');
  });

  it('given a grant, when a manager revokes it with a reason, then it is revoked once; unknown grants are 404', () => {
    const revoked = given(granted.history()).when({ type: 'RevokeGrant', reason: 'Wrong person', at, by: 'pm-1' });
    revoked.then([{ type: 'GrantRevoked', data: { programId: 'p1', grantId: 'g1', personId: 'mentor-1', reason: 'Wrong person', at, by: 'pm-1' } }]);
    given(revoked.history()).when({ type: 'RevokeGrant', reason: 'again', at, by: 'pm-1' }).thenThrows(IllegalStateError, 'already revoked');
    given([]).when({ type: 'RevokeGrant', reason: 'x', at, by: 'pm-1' }).thenThrows(NotFoundError);
  });
});

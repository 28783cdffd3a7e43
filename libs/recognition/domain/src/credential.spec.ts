import { IllegalStateError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { credentialDecider, type CredentialCommand } from './credential';

const at = '2026-12-02T10:00:00.000Z';
const ref = { credentialId: 'c-1', programId: 'p1', personId: 'mentor-1', badgeId: 'rising-star', tier: 'rising-star' as const, grantId: null, listNo: 1, statusIndex: 42 };
const document = { id: 'https://tandem.example/credentials/c-1', proof: { type: 'DataIntegrityProof' } };
const issue: CredentialCommand = { type: 'Issue', ...ref, document, issuedAt: at };
const given = deciderSpecification(credentialDecider);
const issued = given([]).when(issue);

describe('credential decider', () => {
  it('given nothing, when issued, then the signed credential is recorded with its status bit; issuing again changes nothing', () => {
    issued.then([{ type: 'CredentialIssued', data: { ...ref, document, issuedAt: at } }]);
    given(issued.history()).when(issue).thenNothingHappened();
  });

  it('given an issued credential, when revoked, then it is revoked with the reason and its bit; again is 409', () => {
    const revoked = given(issued.history()).when({ type: 'Revoke', reason: 'sessions were test data', by: 'pm-1', at });
    revoked.then([{ type: 'CredentialRevoked', data: { ...ref, reason: 'sessions were test data', revokedBy: 'pm-1', revokedAt: at } }]);
    given(revoked.history()).when({ type: 'Revoke', reason: 'again', by: 'pm-1', at }).thenThrows(IllegalStateError);
  });

  it('given no credential, when revoked, then it is not found', () => {
    given([]).when({ type: 'Revoke', reason: 'x', by: 'pm-1', at }).thenThrows(NotFoundError);
  });
});

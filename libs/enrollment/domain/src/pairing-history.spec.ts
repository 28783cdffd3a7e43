import { InvalidCommandError } from '@tandem/kernel';
import { pairingHistorySteps, type PairingHistory } from './pairing-history';

const now = '2027-01-01T00:00:00.000Z';
const history: PairingHistory = {
  startedAt: '2026-06-01T09:00:00.000Z',
  pauses: [{ pausedAt: '2026-08-01T00:00:00.000Z', resumedAt: '2026-08-20T00:00:00.000Z' }],
  ended: { status: 'completed', at: '2026-12-15T17:00:00.000Z', reason: null },
};

describe('pairing history', () => {
  it('turns a past pairing into the commands of its life, in order, at their original times', () => {
    expect(pairingHistorySteps(history, 'pm', now)).toEqual([
      { type: 'PausePairing', by: 'pm', at: '2026-08-01T00:00:00.000Z' },
      { type: 'ResumePairing', by: 'pm', at: '2026-08-20T00:00:00.000Z' },
      { type: 'CompletePairing', by: 'pm', at: '2026-12-15T17:00:00.000Z' },
    ]);
    expect(pairingHistorySteps({ ...history, pauses: [], ended: null }, 'pm', now)).toEqual([]);
  });

  it('keeps an open last pause, and an early end with its reason', () => {
    const open = { ...history, pauses: [{ pausedAt: '2026-08-01T00:00:00.000Z', resumedAt: null }], ended: { status: 'ended-early' as const, at: '2026-09-01T00:00:00.000Z', reason: 'moved teams' } };
    expect(pairingHistorySteps(open, 'pm', now).map((s) => s.type)).toEqual(['PausePairing', 'EndPairingEarly']);
  });

  it('refuses a history that is not one life, naming the field', () => {
    const refused = (h: PairingHistory, field: string) => {
      try {
        pairingHistorySteps(h, 'pm', now);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidCommandError);
        expect((error as InvalidCommandError).details).toEqual({ field });
      }
    };
    refused({ ...history, startedAt: '2027-02-01T00:00:00.000Z', pauses: [], ended: null }, 'startedAt');
    refused({ ...history, pauses: [{ pausedAt: '2026-05-01T00:00:00.000Z', resumedAt: null }], ended: null }, 'pauses.0.pausedAt');
    refused({ ...history, pauses: [{ pausedAt: '2026-08-01T00:00:00.000Z', resumedAt: '2026-07-01T00:00:00.000Z' }] }, 'pauses.0.resumedAt');
    refused({ ...history, pauses: [{ pausedAt: '2026-08-01T00:00:00.000Z', resumedAt: null }, { pausedAt: '2026-09-01T00:00:00.000Z', resumedAt: null }] }, 'pauses.0.resumedAt');
    refused({ ...history, ended: { status: 'ended-early', at: '2026-12-15T17:00:00.000Z', reason: ' ' } }, 'ended.reason');
    refused({ ...history, ended: { status: 'completed', at: '2027-03-01T00:00:00.000Z', reason: null } }, 'ended.at');
  });
});

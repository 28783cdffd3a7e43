import { finalStatus, lastResumptionBefore, statusAt, stops, type PairingTimeline } from './pairing-timeline';

const timeline: PairingTimeline = {
  startedAt: '2026-01-05T09:00:00.000Z',
  pauses: [
    { pausedAt: '2026-02-01T00:00:00.000Z', resumedAt: '2026-02-15T00:00:00.000Z' },
    { pausedAt: '2026-04-01T00:00:00.000Z', resumedAt: '2026-04-20T00:00:00.000Z' },
  ],
  ended: { status: 'completed', at: '2026-06-30T17:00:00.000Z' },
};

describe('pairing timeline', () => {
  it('knows the status at any time: before the start, running, paused, resumed, ended', () => {
    expect(statusAt(timeline, '2026-01-01T00:00:00.000Z')).toBe('not-started');
    expect(statusAt(timeline, '2026-01-20T00:00:00.000Z')).toBe('active');
    expect(statusAt(timeline, '2026-02-01T00:00:00.000Z')).toBe('paused');
    expect(statusAt(timeline, '2026-02-15T00:00:00.000Z')).toBe('active');
    expect(statusAt(timeline, '2026-04-10T00:00:00.000Z')).toBe('paused');
    expect(statusAt(timeline, '2026-07-01T00:00:00.000Z')).toBe('completed');
  });

  it('finds the latest resumption up to a time', () => {
    expect(lastResumptionBefore(timeline, '2026-02-10T00:00:00.000Z')).toBeNull();
    expect(lastResumptionBefore(timeline, '2026-03-01T00:00:00.000Z')).toBe('2026-02-15T00:00:00.000Z');
    expect(lastResumptionBefore(timeline, '2026-05-01T00:00:00.000Z')).toBe('2026-04-20T00:00:00.000Z');
  });

  it('ends where enrollment leaves the pairing: ended, paused without resumption, or running since the last change', () => {
    expect(finalStatus(timeline)).toEqual({ status: 'completed', since: '2026-06-30T17:00:00.000Z' });
    expect(finalStatus({ ...timeline, ended: null })).toEqual({ status: 'active', since: '2026-04-20T00:00:00.000Z' });
    expect(finalStatus({ ...timeline, ended: null, pauses: [{ pausedAt: '2026-03-01T00:00:00.000Z', resumedAt: null }] })).toEqual({ status: 'paused', since: '2026-03-01T00:00:00.000Z' });
    expect(finalStatus({ startedAt: timeline.startedAt, pauses: [], ended: null })).toEqual({ status: 'active', since: timeline.startedAt });
  });

  it('lists the moments it stopped running, in order', () => {
    expect(stops(timeline)).toEqual(['2026-02-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-06-30T17:00:00.000Z']);
  });
});

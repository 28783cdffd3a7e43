import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KPI_IDS, KPIS, netPromoterScore, objectiveStatus, roundKpi } from './index';

describe('KPI definitions', () => {
  it('rounds half away from zero, like PostgreSQL round(numeric, n)', () => {
    expect(roundKpi(16.65, 1)).toBe(16.7);
    expect(roundKpi(-16.65, 1)).toBe(-16.7);
    expect(roundKpi(2.5, 0)).toBe(3);
    expect(roundKpi(-2.5, 0)).toBe(-3);
    expect(roundKpi(100 / 6, 1)).toBe(16.7);
    expect(roundKpi(4.125, 2)).toBe(4.13);
  });

  it('states NPS with one decimal: 2 promoters, 1 detractor, 3 passives of 6 answers is 16.7', () => {
    expect(netPromoterScore([10, 9, 3, 7, 8, 8])).toBe(16.7);
    expect(netPromoterScore([0, 1])).toBe(-100);
    expect(netPromoterScore([])).toBeNull();
  });

  it('judges an objective: met, on track pro rata for running totals, behind, or not measured', () => {
    expect(objectiveStatus('sessions', 100, 100, 0.3)).toBe('met');
    expect(objectiveStatus('sessions', 100, 40, 0.4)).toBe('on-track');
    expect(objectiveStatus('sessions', 100, 39, 0.4)).toBe('behind');
    expect(objectiveStatus('sessions', 100, 99, 1.5)).toBe('behind'); // the horizon is over
    expect(objectiveStatus('nps', 40, 30, 0.1)).toBe('behind'); // a level has no pace
    expect(objectiveStatus('proposal-decline-rate', 10, 8, 0.5)).toBe('met'); // lower is better
    expect(objectiveStatus('proposal-decline-rate', 10, 12, 0.5)).toBe('behind');
    expect(objectiveStatus('nps', 40, null, 0.5)).toBe('not-measured');
    expect(objectiveStatus('mentee promotions', 3, 5, 0.5)).toBe('not-measured'); // not in the vocabulary
  });

  it('has every definition written in docs/kpis.md', () => {
    const docs = readFileSync(resolve(__dirname, '../../../../docs/kpis.md'), 'utf8');
    const missing = KPI_IDS.filter((id) => !docs.includes(`| \`${id}\` |`) || !docs.includes(KPIS[id].definition));
    expect(missing).toEqual([]);
  });
});

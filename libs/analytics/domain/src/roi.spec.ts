import { InvalidCommandError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { computeRoi, roiDecider, type RoiAssumptions, type RoiAssumptionsSetEvent } from './roi';

const assumptions: RoiAssumptions = {
  currency: 'EUR',
  outcomeValues: { promotion: 5000, 'project-completion': 2000, 'skill-attainment': 1000, certification: 1500 },
  trainingHourValue: 50,
  participantHourlyCost: 40,
  fixedProgramCost: 10000,
};
const set = (a: RoiAssumptions = assumptions) => ({ type: 'SetRoiAssumptions' as const, programId: 'p1', assumptions: a, by: 'pm-1', at: '2027-01-01T00:00:00.000Z' });
const v1: RoiAssumptionsSetEvent = { type: 'RoiAssumptionsSet', data: { programId: 'p1', version: 1, assumptions, setBy: 'pm-1', setAt: '2027-01-01T00:00:00.000Z' } };
const given = deciderSpecification(roiDecider);

describe('ROI assumptions', () => {
  it('given nothing, when assumptions are set, then they are version 1', () => {
    given([]).when(set()).then([v1]);
  });

  it('given version 1, when other assumptions are set, then they are version 2; the same ones change nothing', () => {
    const changed = { ...assumptions, fixedProgramCost: 12000 };
    given([v1]).when(set(changed)).then([{ type: 'RoiAssumptionsSet', data: { ...v1.data, version: 2, assumptions: changed } }]);
    given([v1]).when(set({ ...assumptions })).then([]);
  });

  it('refuses a negative amount or a currency that is not an ISO code, naming the field', () => {
    given([]).when(set({ ...assumptions, outcomeValues: { ...assumptions.outcomeValues, certification: -1 } })).thenThrows(InvalidCommandError, 'outcomeValues.certification must be an amount of 0 or more');
    given([]).when(set({ ...assumptions, currency: 'euro' })).thenThrows(InvalidCommandError, /ISO 4217/);
  });
});

describe('ROI', () => {
  it('is (value − cost) ÷ cost with its breakdown', () => {
    // value: 2 promotions (10,000) + 1 certification (1,500) + 120 h × 50 (6,000) = 17,500
    // cost: 3,000 session minutes × 2 people = 100 h × 40 (4,000) + 10,000 fixed + 500 rewards = 14,500 → ROI 0.21 (3,000 ÷ 14,500 = 0.2069)
    const roi = computeRoi({ verifiedOutcomes: { promotion: 2, 'project-completion': 0, 'skill-attainment': 0, certification: 1 }, trainingHours: 120, sessionMinutes: 3000, rewardSpend: 500 }, assumptions);
    expect(roi.value.total).toBe(17500);
    expect(roi.cost).toEqual({ participantTime: { hours: 100, hourlyCost: 40, cost: 4000 }, fixedProgramCost: 10000, rewardSpend: 500, total: 14500 });
    expect(roi.roi).toBe(0.21);
  });

  it('is negative when the program costs more than it returns, and none without any cost', () => {
    const nothing = { verifiedOutcomes: { promotion: 0, 'project-completion': 0, 'skill-attainment': 0, certification: 0 }, trainingHours: 0, sessionMinutes: 0, rewardSpend: 0 };
    expect(computeRoi(nothing, assumptions).roi).toBe(-1);
    expect(computeRoi(nothing, { ...assumptions, fixedProgramCost: 0 }).roi).toBeNull();
  });
});

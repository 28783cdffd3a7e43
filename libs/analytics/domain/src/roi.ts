import { InvalidCommandError, type Decider, type DomainEvent } from '@tandem/kernel';

/** The verified outcome kinds session tracking publishes (OutcomeVerified v1). */
export const OUTCOME_KINDS = ['promotion', 'project-completion', 'skill-attainment', 'certification'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** What a program's managers and analysts assume its results are worth and its time costs, in one currency. */
export interface RoiAssumptions {
  /** ISO 4217 code, e.g. EUR. */
  currency: string;
  /** The value of one verified outcome of each kind. */
  outcomeValues: Record<OutcomeKind, number>;
  /** The value of one credited training hour. */
  trainingHourValue: number;
  /** What an hour of a participant's time costs (both sides of every confirmed session). */
  participantHourlyCost: number;
  /** Everything else the program costs (platform, coordination), for its whole life so far. */
  fixedProgramCost: number;
}

export type RoiCommand = { type: 'SetRoiAssumptions'; programId: string; assumptions: RoiAssumptions; by: string; at: string };

export type RoiAssumptionsSetEvent = DomainEvent<
  'RoiAssumptionsSet',
  { programId: string; version: number; assumptions: RoiAssumptions; setBy: string; setAt: string }
>;

export type RoiState = { version: number; assumptions: RoiAssumptions | null };

export const roiStreamId = (programId: string) => `RoiAssumptions-${programId}`;

function validate(a: RoiAssumptions): void {
  if (!/^[A-Z]{3}$/.test(a.currency)) throw new InvalidCommandError('currency is an ISO 4217 code such as EUR', 'roi.invalid_currency', { field: 'currency' });
  const amounts: [string, number][] = [
    ...OUTCOME_KINDS.map((k): [string, number] => [`outcomeValues.${k}`, a.outcomeValues[k]]),
    ['trainingHourValue', a.trainingHourValue],
    ['participantHourlyCost', a.participantHourlyCost],
    ['fixedProgramCost', a.fixedProgramCost],
  ];
  for (const [field, value] of amounts) {
    if (!Number.isFinite(value) || value < 0) throw new InvalidCommandError(`${field} must be an amount of 0 or more`, 'roi.invalid_amount', { field });
  }
}

const same = (a: RoiAssumptions, b: RoiAssumptions) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
/** The assumptions with their fields in one order and nothing else (what is stored and compared). */
const canonical = (a: RoiAssumptions): RoiAssumptions => ({
  currency: a.currency,
  outcomeValues: Object.fromEntries(OUTCOME_KINDS.map((k) => [k, a.outcomeValues[k]])) as Record<OutcomeKind, number>,
  trainingHourValue: a.trainingHourValue,
  participantHourlyCost: a.participantHourlyCost,
  fixedProgramCost: a.fixedProgramCost,
});

/**
 * A program's ROI assumptions, versioned: every change is a new version (1, 2, …) that ROI figures name, so a
 * figure can always be traced to what was assumed. Setting what is already current changes nothing.
 */
export const roiDecider: Decider<RoiCommand, RoiAssumptionsSetEvent, RoiState> = {
  initialState: () => ({ version: 0, assumptions: null }),
  decide(command, state) {
    validate(command.assumptions);
    if (state.assumptions && same(state.assumptions, command.assumptions)) return [];
    return [
      {
        type: 'RoiAssumptionsSet',
        data: { programId: command.programId, version: state.version + 1, assumptions: canonical(command.assumptions), setBy: command.by, setAt: command.at },
      },
    ];
  },
  evolve: (_state, event) => ({ version: event.data.version, assumptions: event.data.assumptions }),
};

/** What the ROI is computed from: the program's measured results and the time its sessions took. */
export interface RoiInputs {
  verifiedOutcomes: Record<OutcomeKind, number>;
  trainingHours: number;
  /** Minutes of confirmed sessions (each is attended by two people). */
  sessionMinutes: number;
  /** Rewards spent on the program's participants (recognition's ledger). */
  rewardSpend: number;
}

const money = (x: number) => Math.round(x * 100) / 100;

/**
 * ROI = (value − cost) ÷ cost, with its whole breakdown (docs/kpis.md, "ROI"): value = Σ verified outcomes × their
 * value + training hours × their value; cost = session hours × 2 participants × hourly cost + fixed cost + reward
 * spend. Amounts to the cent; the ratio to 0.01 (half away from zero); null when the cost is 0.
 */
export function computeRoi(inputs: RoiInputs, a: RoiAssumptions) {
  const outcomes = OUTCOME_KINDS.map((kind) => ({ kind, count: inputs.verifiedOutcomes[kind], unitValue: a.outcomeValues[kind], value: money(inputs.verifiedOutcomes[kind] * a.outcomeValues[kind]) }));
  const training = { hours: inputs.trainingHours, unitValue: a.trainingHourValue, value: money(inputs.trainingHours * a.trainingHourValue) };
  const participantHours = (inputs.sessionMinutes * 2) / 60;
  const time = { hours: Math.round(participantHours * 100) / 100, hourlyCost: a.participantHourlyCost, cost: money(participantHours * a.participantHourlyCost) };
  const value = money(outcomes.reduce((sum, o) => sum + o.value, 0) + training.value);
  const cost = money(time.cost + a.fixedProgramCost + inputs.rewardSpend);
  const ratio = cost === 0 ? null : Math.sign(value - cost) * (Math.round((Math.abs(value - cost) / cost) * 100 + 1e-9) / 100);
  return {
    currency: a.currency,
    value: { outcomes, trainingHours: training, total: value },
    cost: { participantTime: time, fixedProgramCost: a.fixedProgramCost, rewardSpend: inputs.rewardSpend, total: cost },
    roi: ratio,
  };
}

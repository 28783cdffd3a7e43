// The shapes of the services' public answers the dashboard shows (see each service's /docs).
export interface Page<T> { items: T[]; total?: number; limit: number; offset: number }
export interface ProgramSummary {
  programId: string; name: string; status: string; lifecycleKind: string; startsOn: string | null; endsOn: string | null;
  maxPairs: number | null; objectives: number; badgeDefinitions: number; applications: number; approved: number; activePairings: number; createdAt: string;
}
export interface Kpi { metric: string; title: string; unit: string; better: string; kind: string; decimals: number; value: number | null; definition: string }
export interface ProgramKpis { programId: string; asOf: string | null; kpis: Kpi[] }
export interface SeriesPoint { period: string; from: string; to: string; value: number | null; added: number | null }
export interface KpiSeries { metric: string; interval: string; points: SeriesPoint[] }
export interface Objective {
  objectiveId: string; description: string; metric: string; target: number; horizonMonths: number; term: string; dueOn: string; elapsed: number; actual: number | null; status: string;
}
export interface EvaluationMatrix { programId: string; evaluatedAt: string; objectives: Objective[] }
export interface Pairing {
  pairingId: string; mentor: { userId: string; name: string }; mentee: { userId: string; name: string }; status: string; startedAt: string;
  windowDays: number; lastSessionAt: string | null; confirmedSessions: number; health: string; atRiskSince: string | null; dueAt: string;
}
export type OutcomeKind = 'promotion' | 'project-completion' | 'skill-attainment' | 'certification';
export interface RoiAssumptions {
  currency: string; outcomeValues: Record<OutcomeKind, number>; trainingHourValue: number; participantHourlyCost: number; fixedProgramCost: number;
}
export interface AssumptionsVersion { version: number; assumptions: RoiAssumptions; setBy: string; setAt: string }
export interface Roi {
  programId: string; assumptionsVersion: number; asOf: string | null; currency: string; roi: number | null;
  value: { outcomes: { kind: string; count: number; unitValue: number; value: number }[]; trainingHours: { hours: number; unitValue: number; value: number }; total: number };
  cost: { participantTime: { hours: number; hourlyCost: number; cost: number }; fixedProgramCost: number; rewardSpend: number; total: number };
}
export interface MonthlyRecognitions { month: string; tier: string; issued: number; revoked: number }
export interface CriterionProgress { criterion: string; fact: string; target: number; current: number; satisfied: boolean }
export interface BadgeProgress { programId: string; badgeId: string; name: string; tier: string; award: string | null; earnedAt: string | null; criteria: CriterionProgress[] }
export interface Award { awardId: string; programId: string; badgeId: string; badgeName?: string; tier?: string; status: string; earnedAt: string }

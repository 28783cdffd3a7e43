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
export interface RewardFigures {
  budgets: { period: string; currency: string; allocatedMinor: number }[];
  months: { month: string; currency: string; fulfilled: number; spentMinor: number; ratings: number; averageSatisfaction: number | null; averageRelevance: number | null }[];
}
export interface BudgetPosition {
  programId: string; period: string; currency: string; allocatedMinor: number; reservedMinor: number; spentMinor: number; remainingMinor: number; updatedAt: string;
}
export interface RewardFeedback { satisfaction: number; relevance: number; comment: string | null; givenAt: string }
export interface RewardRequest {
  programId: string; requestId: string; rewardId: string; rewardName: string; kind: string; mentorId: string; costMinor: number; currency: string; period: string;
  secondApprovalRequired: boolean; status: string; approvers: string[]; reason: string | null; requestedAt: string; decidedAt: string | null; fulfilledAt: string | null;
  feedback: RewardFeedback | null;
}
export interface RewardSuggestion {
  programId: string; rewardId: string; name: string; description: string; kind: string; category: string; costMinor: number; currency: string;
  stock: number | null; available: number | null; unlockedBy: string[]; flagged: boolean; warning: string | null; status: string;
  matchesPreferences: string[]; unlockedByHeld: string[];
}
export interface HeldCredential {
  credentialId: string; programId: string; personId: string; badgeId: string | null; tier: string | null; grantId: string | null; name: string;
  url: string; status: 'issued' | 'revoked'; issuedAt: string; revokedAt: string | null;
  verificationPage: string; linkedInUrl: string;
}
export interface Check { ok: boolean; error?: string }
export interface Verification { verified: boolean; checks: { signature: Check; status: Check & { revoked: boolean }; validity: Check; issuer: Check } }
export interface MyApplication { applicationId: string; programId: string; programName: string; role: string; status: string }

import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import { addDays, dateOf, requireText, type PairActor } from './common';
import type { RoadmapState } from './roadmap';

/**
 * The goals of one pairing (one aggregate, so adopting a roadmap adds all its goals atomically).
 * A goal is SMART: Specific (title, description), Measurable (metric + target), Achievable and Relevant
 * (why it matters to the mentee), Time-bound (due date); it has milestones and a progress percentage,
 * and it is achieved once every milestone is done.
 */
export const goalsStreamId = (pairingId: string) => `Goals-${pairingId}`;

export interface GoalDefinition {
  title: string;
  description: string;
  metric: string;
  target: number;
  relevance: string;
  dueOn: string;
  milestones: { title: string; dueOn: string }[];
}

export interface Milestone {
  milestoneId: string;
  title: string;
  dueOn: string;
  completedAt: string | null;
}

export interface Goal extends Omit<GoalDefinition, 'milestones'> {
  goalId: string;
  status: 'open' | 'achieved';
  progress: number;
  milestones: Milestone[];
  roadmapId: string | null;
  templateId: string | null;
  setAt: string;
  achievedAt: string | null;
}

interface PairingRef {
  pairingId: string;
  programId: string;
}

export type GoalsCommand =
  | (PairingRef & { type: 'SetGoal'; goalId: string; goal: GoalDefinition; by: PairActor; at: string })
  | (PairingRef & { type: 'AdoptRoadmap'; roadmap: RoadmapState; roadmapId: string; goalIds: string[]; by: PairActor; at: string })
  | (PairingRef & { type: 'UpdateGoalProgress'; goalId: string; progress: number; by: PairActor; at: string })
  | (PairingRef & { type: 'CompleteMilestone'; goalId: string; milestoneId: string; by: PairActor; at: string })
  | (PairingRef & { type: 'AchieveGoal'; goalId: string; by: PairActor; at: string });

export type GoalSet = DomainEvent<
  'GoalSet',
  PairingRef & GoalDefinition & { goalId: string; milestones: Milestone[]; roadmapId: string | null; templateId: string | null; by: PairActor; at: string }
>;
export type RoadmapAdopted = DomainEvent<'RoadmapAdopted', PairingRef & { roadmapId: string; goalIds: string[]; by: PairActor; at: string }>;
export type GoalProgressUpdated = DomainEvent<'GoalProgressUpdated', PairingRef & { goalId: string; progress: number; by: PairActor; at: string }>;
export type MilestoneCompleted = DomainEvent<'MilestoneCompleted', PairingRef & { goalId: string; milestoneId: string; by: PairActor; at: string }>;
export type GoalAchieved = DomainEvent<'GoalAchieved', PairingRef & { goalId: string; roadmapId: string | null; milestones: number; by: PairActor; at: string }>;
export type GoalsEvent = GoalSet | RoadmapAdopted | GoalProgressUpdated | MilestoneCompleted | GoalAchieved;

export interface GoalsState {
  goals: Goal[];
  adoptedRoadmaps: string[];
}

const MAX_GOALS = 50;

function goalOf(state: GoalsState, goalId: string): Goal {
  const goal = state.goals.find((g) => g.goalId === goalId);
  if (!goal) throw new NotFoundError(`Goal ${goalId} not found`, 'goal.not_found');
  return goal;
}

function open(goal: Goal, doing: string): void {
  if (goal.status !== 'open') throw new IllegalStateError(`An achieved goal cannot be ${doing}`, 'goal.already_achieved');
}

function validDefinition(goal: GoalDefinition, at: string): void {
  for (const field of ['title', 'metric', 'relevance'] as const) requireText(goal[field], field, 'goal.invalid');
  if (goal.dueOn < dateOf(at)) throw new InvalidCommandError('A goal is due today or later', 'goal.due_in_past', { field: 'dueOn' });
  goal.milestones.forEach((m, i) => {
    requireText(m.title, `milestones.${i}.title`, 'goal.invalid');
    if (m.dueOn > goal.dueOn) {
      throw new InvalidCommandError('A milestone cannot be due after its goal', 'goal.milestone_after_goal', { field: `milestones.${i}.dueOn` });
    }
  });
}

const milestonesOf = (goalId: string, milestones: { title: string; dueOn: string }[]): Milestone[] =>
  milestones.map((m, i) => ({ milestoneId: `${goalId}.m${i + 1}`, title: m.title, dueOn: m.dueOn, completedAt: null }));

export const goalsDecider: Decider<GoalsCommand, GoalsEvent, GoalsState> = {
  initialState: () => ({ goals: [], adoptedRoadmaps: [] }),

  decide(command, state) {
    const { pairingId, programId, by, at } = command;
    switch (command.type) {
      case 'SetGoal': {
        if (state.goals.some((g) => g.goalId === command.goalId)) throw new IllegalStateError(`Goal ${command.goalId} already exists`, 'goal.already_exists');
        if (state.goals.length >= MAX_GOALS) throw new IllegalStateError(`A pairing has at most ${MAX_GOALS} goals`, 'goal.too_many');
        validDefinition(command.goal, at);
        return [
          {
            type: 'GoalSet',
            data: {
              pairingId, programId, goalId: command.goalId, ...command.goal, milestones: milestonesOf(command.goalId, command.goal.milestones),
              roadmapId: null, templateId: null, by, at,
            },
          },
        ];
      }
      case 'AdoptRoadmap': {
        const roadmap = command.roadmap;
        if (!roadmap.exists) throw new NotFoundError(`Roadmap ${command.roadmapId} not found`, 'roadmap.not_found');
        if (roadmap.programId !== programId) {
          throw new NotFoundError(`Roadmap ${command.roadmapId} is not a roadmap of this pairing's program`, 'roadmap.not_found');
        }
        if (roadmap.status === 'retired') throw new IllegalStateError('This roadmap was retired and can no longer be adopted', 'roadmap.retired');
        if (state.adoptedRoadmaps.includes(roadmap.roadmapId)) {
          throw new IllegalStateError('This pairing already adopted this roadmap', 'roadmap.already_adopted');
        }
        if (state.goals.length + roadmap.goals.length > MAX_GOALS) throw new IllegalStateError(`A pairing has at most ${MAX_GOALS} goals`, 'goal.too_many');
        if (command.goalIds.length !== roadmap.goals.length) throw new Error('AdoptRoadmap needs one goal id per template goal');
        const goals: GoalSet[] = roadmap.goals.map((template, i) => {
          const goalId = command.goalIds[i];
          return {
            type: 'GoalSet',
            data: {
              pairingId, programId, goalId, title: template.title, description: template.description, metric: template.metric, target: template.target,
              relevance: `Part of the roadmap "${roadmap.title}"`, dueOn: dateOf(addDays(at, template.durationDays)),
              milestones: milestonesOf(goalId, template.milestones.map((m) => ({ title: m.title, dueOn: dateOf(addDays(at, m.dueAfterDays)) }))),
              roadmapId: roadmap.roadmapId, templateId: template.templateId, by, at,
            },
          };
        });
        return [{ type: 'RoadmapAdopted', data: { pairingId, programId, roadmapId: roadmap.roadmapId, goalIds: command.goalIds, by, at } }, ...goals];
      }
      case 'UpdateGoalProgress': {
        const goal = goalOf(state, command.goalId);
        open(goal, 'updated');
        if (!Number.isInteger(command.progress) || command.progress < 0 || command.progress > 100) {
          throw new InvalidCommandError('progress must be a whole percentage from 0 to 100', 'goal.invalid_progress', { field: 'progress' });
        }
        if (goal.progress === command.progress) return [];
        return [{ type: 'GoalProgressUpdated', data: { pairingId, programId, goalId: goal.goalId, progress: command.progress, by, at } }];
      }
      case 'CompleteMilestone': {
        const goal = goalOf(state, command.goalId);
        open(goal, 'changed');
        const milestone = goal.milestones.find((m) => m.milestoneId === command.milestoneId);
        if (!milestone) throw new NotFoundError(`Milestone ${command.milestoneId} not found`, 'goal.milestone_not_found');
        if (milestone.completedAt) throw new IllegalStateError('This milestone is already completed', 'goal.milestone_already_completed');
        return [{ type: 'MilestoneCompleted', data: { pairingId, programId, goalId: goal.goalId, milestoneId: milestone.milestoneId, by, at } }];
      }
      case 'AchieveGoal': {
        const goal = goalOf(state, command.goalId);
        open(goal, 'achieved again');
        const pending = goal.milestones.filter((m) => !m.completedAt);
        if (pending.length > 0) {
          throw new IllegalStateError(
            `Complete every milestone first (${pending.length} open: ${pending.map((m) => m.title).join(', ')})`,
            'goal.milestones_open',
            { openMilestones: pending.map((m) => m.milestoneId) },
          );
        }
        return [{ type: 'GoalAchieved', data: { pairingId, programId, goalId: goal.goalId, roadmapId: goal.roadmapId, milestones: goal.milestones.length, by, at } }];
      }
    }
  },

  evolve(state, event) {
    const update = (goalId: string, change: (g: Goal) => Goal): GoalsState => ({
      ...state,
      goals: state.goals.map((g) => (g.goalId === goalId ? change(g) : g)),
    });
    switch (event.type) {
      case 'GoalSet': {
        const { pairingId: _p, programId: _pr, by: _b, at, ...goal } = event.data;
        return { ...state, goals: [...state.goals, { ...goal, status: 'open', progress: 0, setAt: at, achievedAt: null }] };
      }
      case 'RoadmapAdopted':
        return { ...state, adoptedRoadmaps: [...state.adoptedRoadmaps, event.data.roadmapId] };
      case 'GoalProgressUpdated':
        return update(event.data.goalId, (g) => ({ ...g, progress: event.data.progress }));
      case 'MilestoneCompleted':
        return update(event.data.goalId, (g) => ({
          ...g,
          milestones: g.milestones.map((m) => (m.milestoneId === event.data.milestoneId ? { ...m, completedAt: event.data.at } : m)),
        }));
      case 'GoalAchieved':
        return update(event.data.goalId, (g) => ({ ...g, status: 'achieved', progress: 100, achievedAt: event.data.at }));
    }
  },
};

import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import { requireText } from './common';

/**
 * A program's roadmap: a curated learning path of goal templates with milestones, defined by a program manager,
 * that pairings adopt (each template goal becomes one of the pairing's goals, due relative to the adoption).
 */
export const roadmapStreamId = (roadmapId: string) => `Roadmap-${roadmapId}`;

export interface MilestoneTemplate {
  title: string;
  /** Due this many days after the roadmap is adopted. */
  dueAfterDays: number;
}

export interface GoalTemplate {
  templateId: string;
  title: string;
  description: string;
  metric: string;
  target: number;
  /** The goal is due this many days after adoption. */
  durationDays: number;
  milestones: MilestoneTemplate[];
}

export type RoadmapCommand =
  | { type: 'DefineRoadmap'; roadmapId: string; programId: string; title: string; description: string; goals: Omit<GoalTemplate, 'templateId'>[]; by: string; at: string }
  | { type: 'RetireRoadmap'; roadmapId: string; by: string; at: string };

export type RoadmapDefined = DomainEvent<
  'RoadmapDefined',
  { roadmapId: string; programId: string; title: string; description: string; goals: GoalTemplate[]; definedBy: string; at: string }
>;
export type RoadmapRetired = DomainEvent<'RoadmapRetired', { roadmapId: string; by: string; at: string }>;
export type RoadmapEvent = RoadmapDefined | RoadmapRetired;

export type RoadmapState =
  | { exists: false }
  | { exists: true; roadmapId: string; programId: string; title: string; description: string; goals: GoalTemplate[]; status: 'active' | 'retired' };

export const roadmapDecider: Decider<RoadmapCommand, RoadmapEvent, RoadmapState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    switch (command.type) {
      case 'DefineRoadmap': {
        if (state.exists) throw new IllegalStateError(`Roadmap ${command.roadmapId} already exists`, 'roadmap.already_exists');
        requireText(command.title, 'title', 'roadmap.invalid');
        if (command.goals.length === 0) throw new InvalidCommandError('A roadmap has at least one goal', 'roadmap.no_goals', { field: 'goals' });
        command.goals.forEach((goal, i) => {
          if (goal.milestones.some((m) => m.dueAfterDays > goal.durationDays)) {
            throw new InvalidCommandError(`Goal ${i + 1}: a milestone cannot be due after its goal`, 'roadmap.milestone_after_goal', {
              field: `goals.${i}.milestones`,
            });
          }
        });
        const goals = command.goals.map((g, i) => ({ ...g, templateId: `g${i + 1}` }));
        const { roadmapId, programId, title, description, by, at } = command;
        return [{ type: 'RoadmapDefined', data: { roadmapId, programId, title, description, goals, definedBy: by, at } }];
      }
      case 'RetireRoadmap': {
        if (!state.exists) throw new NotFoundError(`Roadmap ${command.roadmapId} not found`, 'roadmap.not_found');
        if (state.status === 'retired') return [];
        return [{ type: 'RoadmapRetired', data: { roadmapId: command.roadmapId, by: command.by, at: command.at } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RoadmapDefined': {
        const { roadmapId, programId, title, description, goals } = event.data;
        return { exists: true, roadmapId, programId, title, description, goals, status: 'active' };
      }
      case 'RoadmapRetired':
        return state.exists ? { ...state, status: 'retired' } : state;
    }
  },
};

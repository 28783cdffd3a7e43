import { fold, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import type { PairActor } from './common';
import { goalsDecider, type GoalDefinition, type GoalsCommand, type GoalsEvent } from './goals';
import { roadmapDecider, type RoadmapCommand, type RoadmapEvent } from './roadmap';

const mentee: PairActor = { userId: 'u-mentee', side: 'mentee' };
const ref = { pairingId: 'p1', programId: 'prog1' };
const at = '2027-03-01T10:00:00.000Z';
const definition: GoalDefinition = {
  title: 'Lead a design review',
  description: 'Run one architecture review end to end',
  metric: 'reviews led',
  target: 1,
  relevance: 'Needed for the staff promotion',
  dueOn: '2027-06-30',
  milestones: [{ title: 'Shadow a review', dueOn: '2027-04-15' }],
};

function given(events: GoalsEvent[]) {
  return { when: (command: GoalsCommand) => () => goalsDecider.decide(command, fold(goalsDecider, events)) };
}
const setGoal = (goal: GoalDefinition = definition): GoalsCommand => ({ type: 'SetGoal', ...ref, goalId: 'g1', goal, by: mentee, at });
const goalSet = given([]).when(setGoal())();

describe('roadmap decider', () => {
  const define: RoadmapCommand = {
    type: 'DefineRoadmap', roadmapId: 'r1', programId: 'prog1', title: 'Tech lead path', description: '', by: 'pm-1', at,
    goals: [{ title: 'Own a service', description: '', metric: 'services', target: 1, durationDays: 60, milestones: [{ title: 'On-call', dueAfterDays: 30 }] }],
  };

  it('given nothing, when a roadmap is defined, then RoadmapDefined with template ids', () => {
    const events = roadmapDecider.decide(define, roadmapDecider.initialState());
    expect(events).toEqual([
      { type: 'RoadmapDefined', data: { roadmapId: 'r1', programId: 'prog1', title: 'Tech lead path', description: '', goals: [{ ...(define as any).goals[0], templateId: 'g1' }], definedBy: 'pm-1', at } },
    ]);
  });

  it('refuses an empty roadmap, milestones after their goal, a second definition; retiring twice is a no-op', () => {
    expect(() => roadmapDecider.decide({ ...(define as any), goals: [] }, roadmapDecider.initialState())).toThrow(InvalidCommandError);
    const late = { ...(define as any), goals: [{ ...(define as any).goals[0], milestones: [{ title: 'x', dueAfterDays: 61 }] }] };
    expect(() => roadmapDecider.decide(late, roadmapDecider.initialState())).toThrow(/cannot be due after its goal/);
    const history = roadmapDecider.decide(define, roadmapDecider.initialState());
    const state = fold(roadmapDecider, history as RoadmapEvent[]);
    expect(() => roadmapDecider.decide(define, state)).toThrow(IllegalStateError);
    const retired = roadmapDecider.decide({ type: 'RetireRoadmap', roadmapId: 'r1', by: 'pm-1', at }, state);
    expect(retired).toHaveLength(1);
    expect(roadmapDecider.decide({ type: 'RetireRoadmap', roadmapId: 'r1', by: 'pm-1', at }, fold(roadmapDecider, [...history, ...retired]))).toEqual([]);
  });

  describe('adoption by a pairing', () => {
    const roadmap = fold(roadmapDecider, roadmapDecider.decide(define, roadmapDecider.initialState()));
    const adopt: GoalsCommand = { type: 'AdoptRoadmap', ...ref, roadmap, roadmapId: 'r1', goalIds: ['ga'], by: mentee, at };

    it('given no goals, when the pairing adopts a roadmap, then RoadmapAdopted and one goal per template, due relative to today', () => {
      const events = given([]).when(adopt)();
      expect(events.map((e) => e.type)).toEqual(['RoadmapAdopted', 'GoalSet']);
      expect(events[1].data).toMatchObject({
        goalId: 'ga', roadmapId: 'r1', templateId: 'g1', dueOn: '2027-04-30', milestones: [{ milestoneId: 'ga.m1', title: 'On-call', dueOn: '2027-03-31', completedAt: null }],
      });
    });

    it('given an adopted roadmap, when it is adopted again, then 409; a retired or foreign roadmap is refused', () => {
      const adopted = given([]).when(adopt)();
      expect(given(adopted).when({ ...(adopt as any), goalIds: ['gb'] })).toThrow('This pairing already adopted this roadmap');
      const retired = fold(roadmapDecider, [...roadmapDecider.decide(define, roadmapDecider.initialState()), { type: 'RoadmapRetired', data: { roadmapId: 'r1', by: 'pm-1', at } }] as RoadmapEvent[]);
      expect(given([]).when({ ...(adopt as any), roadmap: retired })).toThrow(/retired/);
      expect(given([]).when({ ...(adopt as any), programId: 'other' })).toThrow(NotFoundError);
      expect(given([]).when({ ...(adopt as any), roadmap: { exists: false } })).toThrow(NotFoundError);
    });
  });
});

describe('goals decider', () => {
  it('given nothing, when a SMART goal is set, then GoalSet with numbered milestones', () => {
    expect(goalSet).toEqual([
      { type: 'GoalSet', data: { ...ref, goalId: 'g1', ...definition, milestones: [{ milestoneId: 'g1.m1', title: 'Shadow a review', dueOn: '2027-04-15', completedAt: null }], roadmapId: null, templateId: null, by: mentee, at } },
    ]);
    expect(fold(goalsDecider, goalSet).goals[0]).toMatchObject({ status: 'open', progress: 0 });
  });

  it('given nothing, when a goal is due in the past, has an empty metric or a milestone after it, then invalid naming the field', () => {
    expect(given([]).when(setGoal({ ...definition, dueOn: '2027-02-01' }))).toThrow(/due today or later/);
    expect(given([]).when(setGoal({ ...definition, metric: '' }))).toThrow('metric must not be empty');
    expect(given([]).when(setGoal({ ...definition, milestones: [{ title: 'x', dueOn: '2027-07-01' }] }))).toThrow(InvalidCommandError);
  });

  it('tracks progress, completes milestones once, and achieves a goal only when every milestone is done', () => {
    const progress = given(goalSet).when({ type: 'UpdateGoalProgress', ...ref, goalId: 'g1', progress: 40, by: mentee, at })();
    expect(progress).toEqual([{ type: 'GoalProgressUpdated', data: { ...ref, goalId: 'g1', progress: 40, by: mentee, at } }]);
    expect(given(goalSet).when({ type: 'UpdateGoalProgress', ...ref, goalId: 'g1', progress: 140, by: mentee, at })).toThrow(InvalidCommandError);

    const achieve: GoalsCommand = { type: 'AchieveGoal', ...ref, goalId: 'g1', by: mentee, at };
    expect(given(goalSet).when(achieve)).toThrow('Complete every milestone first (1 open: Shadow a review)');

    const complete: GoalsCommand = { type: 'CompleteMilestone', ...ref, goalId: 'g1', milestoneId: 'g1.m1', by: mentee, at };
    const done = [...goalSet, ...given(goalSet).when(complete)()];
    expect(given(done).when(complete)).toThrow('This milestone is already completed');
    expect(given(goalSet).when({ ...(complete as any), milestoneId: 'g1.m9' })).toThrow(NotFoundError);

    const achieved = given(done).when(achieve)();
    expect(achieved).toEqual([{ type: 'GoalAchieved', data: { ...ref, goalId: 'g1', roadmapId: null, milestones: 1, by: mentee, at } }]);
    const state = fold(goalsDecider, [...done, ...achieved]);
    expect(state.goals[0]).toMatchObject({ status: 'achieved', progress: 100, achievedAt: at });
    expect(given([...done, ...achieved]).when(achieve)).toThrow(IllegalStateError);
  });

  it('given no such goal, when it is updated, then 404; a duplicate goal id is 409', () => {
    expect(given([]).when({ type: 'AchieveGoal', ...ref, goalId: 'nope', by: mentee, at })).toThrow(NotFoundError);
    expect(given(goalSet).when(setGoal())).toThrow(IllegalStateError);
  });
});

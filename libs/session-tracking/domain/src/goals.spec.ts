import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import type { PairActor } from './common';
import { goalsDecider, type GoalDefinition, type GoalsCommand } from './goals';
import { roadmapDecider, type RoadmapCommand } from './roadmap';

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

const given = deciderSpecification(goalsDecider);
const givenRoadmap = deciderSpecification(roadmapDecider);
const setGoal = (goal: GoalDefinition = definition): GoalsCommand => ({ type: 'SetGoal', ...ref, goalId: 'g1', goal, by: mentee, at });
const goalSet = given([]).when(setGoal()).events();

describe('roadmap decider', () => {
  const define: RoadmapCommand = {
    type: 'DefineRoadmap', roadmapId: 'r1', programId: 'prog1', title: 'Tech lead path', description: '', by: 'pm-1', at,
    goals: [{ title: 'Own a service', description: '', metric: 'services', target: 1, durationDays: 60, milestones: [{ title: 'On-call', dueAfterDays: 30 }] }],
  };
  const retire: RoadmapCommand = { type: 'RetireRoadmap', roadmapId: 'r1', by: 'pm-1', at };

  it('given nothing, when a roadmap is defined, then RoadmapDefined with template ids', () => {
    givenRoadmap([]).when(define).then([
      { type: 'RoadmapDefined', data: { roadmapId: 'r1', programId: 'prog1', title: 'Tech lead path', description: '', goals: [{ ...(define as any).goals[0], templateId: 'g1' }], definedBy: 'pm-1', at } },
    ]);
  });

  it('refuses an empty roadmap, milestones after their goal, a second definition; retiring twice is a no-op', () => {
    givenRoadmap([]).when({ ...(define as any), goals: [] }).thenThrows(InvalidCommandError);
    const late = { ...(define as any), goals: [{ ...(define as any).goals[0], milestones: [{ title: 'x', dueAfterDays: 61 }] }] };
    givenRoadmap([]).when(late).thenThrows(InvalidCommandError, /cannot be due after its goal/);
    const history = givenRoadmap([]).when(define).events();
    givenRoadmap(history).when(define).thenThrows(IllegalStateError);
    const retiring = givenRoadmap(history).when(retire);
    expect(retiring.events()).toHaveLength(1);
    givenRoadmap(retiring.history()).when(retire).thenNothingHappened();
  });

  describe('adoption by a pairing', () => {
    const roadmap = givenRoadmap([]).when(define).state();
    const adopt: GoalsCommand = { type: 'AdoptRoadmap', ...ref, roadmap, roadmapId: 'r1', goalIds: ['ga'], by: mentee, at };

    it('given no goals, when the pairing adopts a roadmap, then RoadmapAdopted and one goal per template, due relative to today', () => {
      const events = given([]).when(adopt).events();
      expect(events.map((e) => e.type)).toEqual(['RoadmapAdopted', 'GoalSet']);
      expect(events[1].data).toMatchObject({
        goalId: 'ga', roadmapId: 'r1', templateId: 'g1', dueOn: '2027-04-30', milestones: [{ milestoneId: 'ga.m1', title: 'On-call', dueOn: '2027-03-31', completedAt: null }],
      });
    });

    it('given an adopted roadmap, when it is adopted again, then 409; a retired or foreign roadmap is refused', () => {
      const adopted = given([]).when(adopt).events();
      given(adopted).when({ ...(adopt as any), goalIds: ['gb'] }).thenThrows(IllegalStateError, 'This pairing already adopted this roadmap');
      const retired = givenRoadmap(givenRoadmap([]).when(define).history()).when(retire).state();
      given([]).when({ ...(adopt as any), roadmap: retired }).thenThrows(IllegalStateError, /retired/);
      given([]).when({ ...(adopt as any), programId: 'other' }).thenThrows(NotFoundError);
      given([]).when({ ...(adopt as any), roadmap: { exists: false } }).thenThrows(NotFoundError);
    });
  });
});

describe('goals decider', () => {
  it('given nothing, when a SMART goal is set, then GoalSet with numbered milestones', () => {
    expect(goalSet).toEqual([
      { type: 'GoalSet', data: { ...ref, goalId: 'g1', ...definition, milestones: [{ milestoneId: 'g1.m1', title: 'Shadow a review', dueOn: '2027-04-15', completedAt: null }], roadmapId: null, templateId: null, by: mentee, at } },
    ]);
    expect(given([]).when(setGoal()).state().goals[0]).toMatchObject({ status: 'open', progress: 0 });
  });

  it('given nothing, when a goal is due in the past, has an empty metric or a milestone after it, then invalid naming the field', () => {
    given([]).when(setGoal({ ...definition, dueOn: '2027-02-01' })).thenThrows(InvalidCommandError, /due today or later/);
    given([]).when(setGoal({ ...definition, metric: '' })).thenThrows(InvalidCommandError, 'metric must not be empty');
    given([]).when(setGoal({ ...definition, milestones: [{ title: 'x', dueOn: '2027-07-01' }] })).thenThrows(InvalidCommandError);
  });

  it('tracks progress, completes milestones once, and achieves a goal only when every milestone is done', () => {
    given(goalSet).when({ type: 'UpdateGoalProgress', ...ref, goalId: 'g1', progress: 40, by: mentee, at }).then([
      { type: 'GoalProgressUpdated', data: { ...ref, goalId: 'g1', progress: 40, by: mentee, at } },
    ]);
    given(goalSet).when({ type: 'UpdateGoalProgress', ...ref, goalId: 'g1', progress: 140, by: mentee, at }).thenThrows(InvalidCommandError);

    const achieve: GoalsCommand = { type: 'AchieveGoal', ...ref, goalId: 'g1', by: mentee, at };
    given(goalSet).when(achieve).thenThrows(IllegalStateError, 'Complete every milestone first (1 open: Shadow a review)');

    const complete: GoalsCommand = { type: 'CompleteMilestone', ...ref, goalId: 'g1', milestoneId: 'g1.m1', by: mentee, at };
    const done = given(goalSet).when(complete).history();
    given(done).when(complete).thenThrows(IllegalStateError, 'This milestone is already completed');
    given(goalSet).when({ ...(complete as any), milestoneId: 'g1.m9' }).thenThrows(NotFoundError);

    const achievement = given(done).when(achieve);
    achievement.then([{ type: 'GoalAchieved', data: { ...ref, goalId: 'g1', roadmapId: null, milestones: 1, by: mentee, at } }]);
    expect(achievement.state().goals[0]).toMatchObject({ status: 'achieved', progress: 100, achievedAt: at });
    given(achievement.history()).when(achieve).thenThrows(IllegalStateError);
  });

  it('given no such goal, when it is updated, then 404; a duplicate goal id is 409', () => {
    given([]).when({ type: 'AchieveGoal', ...ref, goalId: 'nope', by: mentee, at }).thenThrows(NotFoundError);
    given(goalSet).when(setGoal()).thenThrows(IllegalStateError);
  });
});

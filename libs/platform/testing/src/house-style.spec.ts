import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { houseStyleViolations } from './house-style';

describe('houseStyleViolations', () => {
  let src: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), text);
  };
  beforeEach(() => (src = mkdtempSync(join(tmpdir(), 'house-style-'))));
  afterEach(() => rmSync(src, { recursive: true, force: true }));

  it('accepts a service laid out by the convention', () => {
    write('goals/goals.http.ts', "import { GoalsQueries } from './goals.queries';\n@Controller('goals') class GoalsController {}");
    write('goals/goals.commands.ts', '@CommandHandler(SetGoal) class SetGoalHandler {}');
    write('goals/goals.projection.ts', "await tx.query('INSERT INTO st.goals (tenant_id, goal_id) VALUES ($1, $2)');");
    write('goals/goals.subscriber.ts', "import { projectGoal } from './goals.projection';\n@SubscribesTo(PairingStarted) class X {}");
    write('sessions/sessions.commands.ts', "import { projectGoal } from '../goals/goals.projection';");
    write('migrations/1-init.ts', "@Entity() class Old {}\nINSERT INTO x VALUES (1)");
    write('service.module.ts', "import { X } from './goals/goals.subscriber';");
    write('goals/goals.spec.ts', '@Controller() class InATest {}');
    expect(houseStyleViolations(src)).toEqual([]);
  });

  it('names misplaced classes, ORM writes, INSERTs without columns, long files and folder loops', () => {
    write('goals/goals.ts', "@Controller('goals') class C {}\n@CommandHandler(X) class H {}\n@SubscribesTo(Y) class S {}");
    write('hours/hours.projection.ts', "await tx.manager.upsert(Row, {});\nawait tx.query('INSERT INTO a.b VALUES ($1)');");
    write('notes/notes.http.ts', '\n'.repeat(401));
    write('pairings/pairings.commands.ts', "import { m } from '../matching/matching.queries';");
    write('matching/matching.commands.ts', "import { p } from '../pairings/pairings.queries';");
    write('entities.ts', '@Entity() class Row {}');
    expect(houseStyleViolations(src).sort()).toEqual(
      [
        'entities.ts: a TypeORM entity (read models are explicit SQL; TypeORM is only the DataSource and migrations)',
        'folder import loop: matching → pairings → matching',
        'goals/goals.ts: a command handler belongs in a *.commands.ts file',
        'goals/goals.ts: a controller belongs in a *.http.ts file',
        'goals/goals.ts: a subscriber belongs in a *.subscriber.ts file',
        "hours/hours.projection.ts: an ORM write through the transaction's manager",
        'hours/hours.projection.ts: an INSERT without a column list',
        'notes/notes.http.ts: 402 lines (at most 400)',
      ].sort(),
    );
  });

  it("names a projection declared outside its feature's projection file, and a handler in another feature's file name", () => {
    write('goals/goals.projection.ts', "export const goalsProjection = projection<GoalsEvent, GoalsState>({ name: 'goals' });");
    write('goals/goals.commands.ts', "const inline = projection({ name: 'inline' });");
    write('goals/objectives.commands.ts', '@CommandHandler(SetGoal) class SetGoalHandler {}');
    write('projections.ts', 'export const ALL = [goalsProjection];');
    expect(houseStyleViolations(src).sort()).toEqual([
      'goals/goals.commands.ts: a projection belongs in a *.projection.ts file',
      "goals/objectives.commands.ts: a command handler belongs in goals/goals.commands.ts (its feature's file)",
    ]);
  });
});

import 'reflect-metadata';
import { Database, EventStore, executeCommand, inTransactionWithRetries, newId, Projections, type CommandContext } from '@tandem/event-store';
import { DomainError } from '@tandem/kernel';
import { rewardBudgetDecider, rewardBudgetStreamId } from '@tandem/recognition-domain';
import { createTestDataSource } from '@tandem/testing';
import { RECOGNITION_PROJECTIONS } from '../projections';
import { MIGRATIONS } from '../testing/awards-harness';
import { budgetEntry, LEDGER_ATTEMPTS, lockLedger } from './reward-budgets.commands';
import { budgetWithLedger } from './reward-budgets.queries';

const TENANT = 'acme';
const at = '2026-12-02T10:00:00.000Z';
const context: CommandContext = { tenantId: TENANT, actor: { id: 'pm-1' }, correlationId: 'test' };

/**
 * The budget ledger under 50 concurrent reservations against a budget for 10 (real PostgreSQL, 20 connections): the
 * append's expected-version check alone never lets it overspend — losers re-decide on fresh state and, once it is
 * used up, answer reward.budget_exhausted — and the advisory lock only spares them the re-decisions.
 */
describe('reward budget ledger under concurrency (real database)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    env = await createTestDataSource('rc_reward_budget', MIGRATIONS);
    db = new Database(env.dataSource);
    store = new EventStore(db, new Projections(RECOGNITION_PROJECTIONS));
  });
  afterAll(() => env?.close());

  /** 50 reservations of 1,000 at once on a fresh period holding 10,000; how many attempts the transactions took. */
  async function race(programId: string, locked: boolean) {
    const period = '2026';
    await executeCommand(store, rewardBudgetDecider, {
      streamId: rewardBudgetStreamId(programId, period), context,
      command: { type: 'Allocate', programId, period, amountMinor: 10000, currency: 'EUR', note: '', at, by: 'pm-1' },
    });
    let attempts = 0;
    // Without the lock, the first ten requests wait for each other inside their transactions, so that they read the
    // ledger at the same version and conflicts are certain, not left to how the scheduler happens to interleave them.
    const together = gate(locked ? 0 : 10);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, request) =>
        inTransactionWithRetries(
          store,
          async (tx) => {
            attempts += 1;
            if (request < 10) await together();
            if (locked) await lockLedger(tx, TENANT, [rewardBudgetStreamId(programId, period)]);
            await budgetEntry(store, programId, period, { type: 'Reserve', programId, period, requestId: newId(), amountMinor: 1000, currency: 'EUR', at }, context);
          },
          LEDGER_ATTEMPTS,
        ),
      ),
    );
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'reserved' : r.reason instanceof DomainError ? r.reason.code : String(r.reason)));
    return { codes, attempts, ledger: await budgetWithLedger(db, TENANT, programId, period) };
  }

  /** Resolves for everyone once `n` callers have arrived (at once when n is 0). */
  function gate(n: number): () => Promise<void> {
    let arrived = 0;
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    if (n === 0) open();
    return () => {
      if (++arrived >= n) open();
      return opened;
    };
  }

  const tally = (codes: string[]) => codes.reduce<Record<string, number>>((n, c) => ({ ...n, [c]: (n[c] ?? 0) + 1 }), {});

  it('never overspends on the version check alone: 10 reserved, 40 exhausted, conflicts retried', async () => {
    const { codes, attempts, ledger } = await race('p-optimistic', false);
    expect(tally(codes)).toEqual({ reserved: 10, 'reward.budget_exhausted': 40 });
    expect(ledger).toMatchObject({ allocatedMinor: 10000, reservedMinor: 10000, remainingMinor: 0 });
    expect(ledger.entries.filter((e) => e.entry === 'reservation')).toHaveLength(10);
    expect(attempts).toBeGreaterThan(50); // version conflicts happened and were decided again
    process.stdout.write(`\nbudget race without the lock: ${attempts} attempts for 50 requests\n`);
  });

  it('with the ledger lock, the same race needs no second attempt', async () => {
    const { codes, attempts, ledger } = await race('p-locked', true);
    expect(tally(codes)).toEqual({ reserved: 10, 'reward.budget_exhausted': 40 });
    expect(ledger).toMatchObject({ reservedMinor: 10000, remainingMinor: 0 });
    expect(attempts).toBe(50);
  });
});

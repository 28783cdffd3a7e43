import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from './database';

/**
 * The transaction the current unit of work runs in (a consumer's inbox transaction, a command's own, a scheduler's):
 * `Database.transaction` opens it for everything awaited inside, so a command dispatched while handling an event
 * (a subscriber, a policy) joins it — commands stay plain data and carry no transaction.
 */
const scope = new AsyncLocalStorage<Transaction>();

/** The transaction of the work in progress, if any. */
export const currentTransaction = (): Transaction | undefined => scope.getStore();

/** Runs `work` with `tx` as the current transaction (the database does this for every transaction it opens). */
export const withinTransaction = <T>(tx: Transaction, work: () => Promise<T>): Promise<T> => scope.run(tx, work);

/** Runs `work` outside the current transaction: a transaction it opens commits on its own (e.g. one per swept item). */
export const outsideTransaction = <T>(work: () => Promise<T>): Promise<T> => scope.exit(work);

/**
 * Tells whoever relays this database's outbox that outbox rows were just committed, so that it reads them at once
 * instead of at its next poll. Emitted after the commit (an append in autocommit, or the end of the transaction
 * that carried it): a listener that reads on the signal finds the rows.
 */
export class OutboxSignal {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of this.listeners) listener();
  }
}

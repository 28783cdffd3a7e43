import { createHash, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/**
 * A UUID (version 8, RFC 9562 "custom") derived from its inputs: the same inputs always give the same id.
 * Used so that retrying a command with the same idempotency key, or mapping the same domain event to an
 * integration event twice, produces the same ids and is therefore deduplicated by the store and by consumers.
 */
export function deterministicId(...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\u001f')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

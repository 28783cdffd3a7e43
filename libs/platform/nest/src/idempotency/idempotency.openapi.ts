import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH } from './idempotency-key';

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

const RULES =
  `Optional. The key belongs to you (your tenant and user) and is bound to this operation (method, path and its ` +
  `parameters) and to this request (body, query string, If-Match) for at least 24 hours. Sending the same request ` +
  `again with the same key returns the first answer (status, body, Location, ETag, with \`Idempotent-Replayed: true\`) ` +
  `and changes nothing; the same key with another request or on another operation is a 422; a duplicate while ` +
  `the first is still running is a 409. 2xx and 4xx answers are final for the key; after a 5xx a retry with the ` +
  `same key runs again. Another user's identical key is a different key.`;

const IN_PROGRESS = '`idempotency.in_progress`: a request with this Idempotency-Key is still running (retry after `Retry-After` seconds)';
const KEY_REUSED = '`idempotency.key_reused`: this Idempotency-Key was already used with a different request or on another operation';
const INVALID_KEY = '`idempotency.invalid_key`: the Idempotency-Key header is empty, longer than 255 characters or not visible ASCII';

type Parameter = { name: string; in: string; description?: string; [field: string]: unknown };
type Operation = {
  parameters?: Parameter[];
  responses?: Record<string, { description?: string }>;
};

/**
 * Declares Idempotency-Key, and the 400/409/422 it can cause, on every write operation of a service's OpenAPI
 * document — the same operations the IdempotencyInterceptor serves. An operation that already declares the
 * header keeps its own sentence, followed by the shared rules.
 */
export function documentIdempotency(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of WRITE_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const declared = operation.parameters?.find((p) => p.in === 'header' && p.name.toLowerCase() === IDEMPOTENCY_HEADER.toLowerCase());
      const own = declared?.description ? `${declared.description.replace(/\.?$/, '.')} ` : '';
      operation.parameters = [
        ...(operation.parameters ?? []).filter((p) => p !== declared),
        {
          name: IDEMPOTENCY_HEADER,
          in: 'header',
          required: false,
          description: own + RULES,
          schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, pattern: '^[\\x21-\\x7E]+$' },
        },
      ];
      const responses = (operation.responses ??= {});
      addResponse(responses, '400', INVALID_KEY);
      addResponse(responses, '409', IN_PROGRESS);
      addResponse(responses, '422', KEY_REUSED);
    }
  }
  return document;
}

function addResponse(responses: Record<string, { description?: string }>, status: string, text: string): void {
  const existing = responses[status];
  if (!existing) responses[status] = { description: text };
  else if (!existing.description?.includes(text)) existing.description = existing.description ? `${existing.description}; or ${text}` : text;
}

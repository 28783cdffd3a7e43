import { applyDecorators, BadRequestException, ParseUUIDPipe } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';
import type { SqlExecutor } from '@tandem/event-store';
import type { Page, PageQuery } from '@tandem/platform';

/** An ISO-8601 date-time with a time part (`2027-03-01T10:00:00Z`). */
export const IsDateTime = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO-8601 date-time such as 2027-03-01T10:00:00Z' }),
    Matches(/T\d{2}:\d{2}/, { message: '$property must be an ISO-8601 date-time such as 2027-03-01T10:00:00Z' }),
  );

/** A calendar date (`2027-03-01`). */
export const IsCalendarDate = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date such as 2027-03-01' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid date such as 2027-03-01' }),
  );

/** Ids this service generates are UUIDs: anything else is a 400, not a lookup. */
export const uuidParam = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => new BadRequestException({ message: 'The id in the path must be a UUID', code: 'invalid_id' }),
});

/** One page of a filtered read-model query: `from` is the FROM … WHERE … clause, with `params` already bound. */
export async function pageOf<Row, View>(
  db: SqlExecutor,
  query: { select: string; from: string; params: unknown[]; orderBy: string },
  page: PageQuery,
  map: (row: Row) => View,
): Promise<Page<View>> {
  const { select, from, params, orderBy } = query;
  const [count, rows] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params),
    db.query<Row>(`SELECT ${select} ${from} ORDER BY ${orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, page.limit, page.offset]),
  ]);
  return { items: rows.rows.map(map), total: count.rows[0].n, limit: page.limit, offset: page.offset };
}

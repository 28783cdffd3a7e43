import { applyDecorators, type Type as Class } from '@nestjs/common';
import type { SqlExecutor } from '@tandem/event-store';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { integerFromQuery } from './input-checks';

/** An integer query parameter within [min, max], written in decimal digits only (see integerFromQuery). */
export const QueryInteger = (min: number, max: number) =>
  applyDecorators(
    Transform(({ value }) => integerFromQuery(value)),
    ValidateBy({
      name: 'queryInteger',
      validator: {
        validate: (value: unknown) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
        defaultMessage: (args) =>
          Number.isInteger(args?.value) ? `$property must be between ${min} and ${max}` : '$property must be an integer written in decimal digits',
      },
    }),
  );

/** Deeper pages than this are refused: nobody pages a million rows by offset, and PostgreSQL's bigint has a limit. */
export const MAX_OFFSET = 1_000_000;

/** `?limit=&offset=` for every list endpoint. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @QueryInteger(1, 200)
  limit = 50;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @IsOptional() @QueryInteger(0, MAX_OFFSET)
  offset = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** The OpenAPI schema of a page of `item`s (named `<Item>Page`), for `@ApiOkResponse({ type: PageOf(Item) })`. */
export function PageOf<T>(item: Class<T>): Class<Page<T>> {
  class ItemPage implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty() total: number;
    @ApiProperty() limit: number;
    @ApiProperty() offset: number;
  }
  Object.defineProperty(ItemPage, 'name', { value: `${item.name}Page` });
  return ItemPage;
}

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

/** The part of the HTTP reply a controller touches to set headers (Location, ETag). */
export interface HeaderReply {
  header(name: string, value: string): HeaderReply;
}

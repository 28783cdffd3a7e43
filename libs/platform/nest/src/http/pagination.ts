import { BadRequestException, ParseUUIDPipe, type Type as Class } from '@nestjs/common';
import type { SqlExecutor } from '@tandem/event-store';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?limit=&offset=` for every list endpoint. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit = 50;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
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

/** Path ids are UUIDs: anything else is a 400, never a lookup. */
export const UuidParam = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => new BadRequestException({ message: 'The id in the path must be a UUID', code: 'invalid_id' }),
});

/** The part of the HTTP reply a controller touches to set headers (Location, ETag). */
export interface HeaderReply {
  header(name: string, value: string): HeaderReply;
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { programDecider, programStreamId } from '@tandem/enrollment-domain';
import { EventStore, loadAggregate, type SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import type { ProgramState } from '@tandem/enrollment-domain';
import type { ProgramView } from './programs.dto';

export function toProgramView(state: ProgramState, version: number): ProgramView {
  if (!state.exists) throw new NotFoundError('Program not found', 'program.not_found');
  const { exists: _exists, capacity, ...rest } = state;
  return { ...rest, maxPairs: capacity.maxPairs, version };
}

export class GetProgramQuery {
  constructor(
    readonly tenantId: string,
    readonly programId: string,
  ) {}
}

/** A single program, folded from its stream (always current; lists come from read models). */
@QueryHandler(GetProgramQuery)
export class GetProgramHandler implements IQueryHandler<GetProgramQuery> {
  constructor(private readonly store: EventStore) {}

  async execute({ tenantId, programId }: GetProgramQuery) {
    const { state, version } = await loadAggregate(this.store, programDecider, tenantId, programStreamId(programId));
    return toProgramView(state, version);
  }
}

/** One row of `enrollment.programs` as the programs list shows it. */
export interface ProgramSummaryRecord {
  programId: string;
  name: string;
  status: string;
  lifecycleKind: string;
  version: number;
  createdAt: Date;
}

/** The tenant's programs, optionally of one status, newest first. */
export function listPrograms<View>(db: SqlExecutor, tenantId: string, status: string | undefined, page: PageQuery, view: (row: ProgramSummaryRecord) => View): Promise<Page<View>> {
  const params: unknown[] = [tenantId];
  let from = `FROM enrollment.programs WHERE tenant_id = $1`;
  if (status) from += ` AND status = $${params.push(status)}`;
  const select = `program_id AS "programId", name, status, lifecycle_kind AS "lifecycleKind", version, created_at AS "createdAt"`;
  return pageOf(db, { select, from, params, orderBy: 'created_at DESC, program_id' }, page, view);
}

export const ProgramQueryHandlers = [GetProgramHandler];

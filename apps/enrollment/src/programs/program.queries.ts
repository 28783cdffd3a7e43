import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { programDecider, programStreamId } from '@tandem/enrollment-domain';
import { EventStore, loadAggregate } from '@tandem/event-store';
import { toProgramView } from './program.view';

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

export const ProgramQueryHandlers = [GetProgramHandler];

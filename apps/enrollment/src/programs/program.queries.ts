import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { fold } from '@tandem/kernel';
import { programDecider, programStreamId, type ProgramEvent } from '@tandem/enrollment-domain';
import { EventStore } from '@tandem/event-store';
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
    const stream = await this.store.readStream<ProgramEvent['data']>(tenantId, programStreamId(programId));
    const state = fold(programDecider, stream.events.map((e) => ({ type: e.type, data: e.data }) as ProgramEvent));
    return toProgramView(state, stream.version);
  }
}

export const ProgramQueryHandlers = [GetProgramHandler];

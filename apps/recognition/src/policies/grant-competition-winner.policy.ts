import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { followUpContext, type CommandContext } from '@tandem/event-store';
import type { CompetitionState } from '@tandem/recognition-domain';
import { ChangeGrantCommand } from '../grants/grants.commands';

/**
 * A program competition's result becomes an award: when it closes with a winner, the winner is granted a custom
 * recognition named after the competition (grant id = competition id, so once), in the close's transaction — it
 * shows in their grants, counts among the program's recognitions issued (`RecognitionGranted`) and, with their
 * consent, on the wall (as the winner entry; the wall does not list this grant twice). A tenant-wide competition
 * belongs to no program: its winner is the `CompetitionClosed` event and the wall's tenant-wide entry.
 */
@Injectable()
export class GrantCompetitionWinner {
  constructor(private readonly commands: CommandBus) {}

  async apply(context: CommandContext, competition: CompetitionState, at: string, by: string): Promise<void> {
    if (!competition.exists || !competition.closed || !competition.winnerId || !competition.programId) return;
    const { competitionId: grantId, programId, winnerId, title } = competition;
    const ballots = Object.keys(competition.votes).length;
    const grant = { grantId, personId: winnerId, kind: 'custom' as const, badgeId: null, tier: null, title, citation: `Elected by the program's participants and managers (${ballots} ballots).` };
    await this.commands.execute(new ChangeGrantCommand(programId, grantId, { type: 'GrantRecognition', programId, grant, at, by }, followUpContext(context)));
  }
}

import type { CommandBus } from '@nestjs/cqrs';
import { EventStore, Projections, type Database } from '@tandem/event-store';
import { commandBus, registerHandlers } from '@tandem/testing';
import { EvaluateHealthHandler } from '../engagement-health/engagement-health.commands';
import { AnswerPulseHandler } from '../pulse/pulse.commands';
import { SESSION_TRACKING_PROJECTIONS } from '../projections';
import type { Outbox } from '../shared/outbox';
import { RunSessionCommandHandler } from '../sessions/sessions.commands';
import { CorrectTrainingHoursHandler, CreditSessionHoursHandler } from '../training-hours/training-hours.commands';

/** The service's command handlers on a real CommandBus, for integration tests that run without the Nest app. */
export function sessionTrackingCommandBus(store: EventStore, outbox: Outbox, db: Database): CommandBus {
  const bus = commandBus();
  return registerHandlers(bus, [
    new RunSessionCommandHandler(store, outbox, bus),
    new CreditSessionHoursHandler(store, outbox),
    new CorrectTrainingHoursHandler(store, outbox, db),
    new EvaluateHealthHandler(store, outbox),
    new AnswerPulseHandler(store, outbox),
  ]);
}

/** The service's event store as the app builds it: its projections registered, applied by every append. */
export const sessionTrackingStore = (db: Database): EventStore => new EventStore(db, new Projections(SESSION_TRACKING_PROJECTIONS));

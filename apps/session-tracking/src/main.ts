import 'reflect-metadata';
import { runService } from '@tandem/platform';
import { sessionTrackingModule, sessionTrackingService } from './session-tracking.module';

void runService(sessionTrackingService, sessionTrackingModule);

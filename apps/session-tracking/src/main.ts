import 'reflect-metadata';
import { ConfigurationError, runService } from '@tandem/platform';
import { sessionTrackingModule, sessionTrackingService } from './session-tracking.module';
import { loadSessionTrackingSettings } from './settings';

// Session tracking's own settings are validated before start, like every service's: a bad value stops the process.
try {
  loadSessionTrackingSettings();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  process.stderr.write(`${sessionTrackingService.name}: ${error.message}\n`);
  process.exit(1);
}
void runService(sessionTrackingService, sessionTrackingModule);

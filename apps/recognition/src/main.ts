import 'reflect-metadata';
import { ConfigurationError, runService } from '@tandem/platform';
import { recognitionModule, recognitionService } from './recognition.module';
import { loadRecognitionSettings } from './settings';

// Recognition's own settings are validated before start, like every service's: a bad value stops the process.
try {
  loadRecognitionSettings();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  process.stderr.write(`${recognitionService.name}: ${error.message}\n`);
  process.exit(1);
}
void runService(recognitionService, recognitionModule);

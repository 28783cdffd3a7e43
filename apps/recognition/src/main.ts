import 'reflect-metadata';
import { runService } from '@tandem/platform';
import { recognitionModule, recognitionService } from './recognition.module';

void runService(recognitionService, recognitionModule);

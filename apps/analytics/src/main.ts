import 'reflect-metadata';
import { runService } from '@tandem/platform';
import { analyticsModule, analyticsService } from './analytics.module';

void runService(analyticsService, analyticsModule);

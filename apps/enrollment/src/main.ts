import 'reflect-metadata';
import { runService } from '@tandem/platform';
import { enrollmentModule, enrollmentService } from './enrollment.module';

void runService(enrollmentService, enrollmentModule);

import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** An ISO-8601 date-time with a time part (`2027-03-01T10:00:00Z`). */
export const IsDateTime = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO-8601 date-time such as 2027-03-01T10:00:00Z' }),
    Matches(/T\d{2}:\d{2}/, { message: '$property must be an ISO-8601 date-time such as 2027-03-01T10:00:00Z' }),
  );

/** A calendar date (`2027-03-01`). */
export const IsCalendarDate = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date such as 2027-03-01' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid date such as 2027-03-01' }),
  );

import { Injectable } from '@nestjs/common';

/** Flipped when shutdown starts, so readiness fails and the load balancer stops sending work. */
@Injectable()
export class Lifecycle {
  shuttingDown = false;
}

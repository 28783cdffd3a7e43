import { projection } from '@tandem/event-store';
import { roiDecider, type RoiAssumptionsSetEvent, type RoiState } from '@tandem/analytics-domain';

/** Every version of a program's ROI assumptions, as set (a version is never changed). */
export const roiAssumptionsProjection = projection<RoiAssumptionsSetEvent, RoiState>({
  name: 'roi-assumptions',
  category: 'RoiAssumptions',
  decider: roiDecider,
  tables: ['analytics.roi_assumptions'],
  on: {
    RoiAssumptionsSet: async (tx, { tenantId, data }) => {
      await tx.query(
        `INSERT INTO analytics.roi_assumptions (tenant_id, program_id, version, assumptions, set_by, set_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
        [tenantId, data.programId, data.version, JSON.stringify(data.assumptions), data.setBy, data.setAt],
      );
    },
  },
});

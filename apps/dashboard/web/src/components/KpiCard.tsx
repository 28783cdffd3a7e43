import type { Kpi } from '../types';
import { figure } from './format';

/** One KPI as analytics states it: title, value and its one definition (inside a <dl>). */
export function KpiCard({ kpi }: { kpi: Kpi | undefined }) {
  if (!kpi) return null;
  return (
    <div className="kpi" data-metric={kpi.metric}>
      <dt>{kpi.title}</dt>
      <dd><span className="value">{figure(kpi.value, kpi.unit, kpi.decimals)}</span></dd>
      <dd className="muted small">{kpi.definition}</dd>
    </div>
  );
}

import { useMemo } from 'react';
import { useApi } from '../api';
import type { Session } from '../auth';
import { ChartFigure } from '../components/Chart';
import { Empty, Show } from '../components/States';
import type { MonthlyRecognitions } from '../types';
import { ProgramCredentials } from './ProgramCredentials';
import { ProgramGrants } from './ProgramGrants';

const TIERS = ['participation', 'rising-star', 'champion', 'custom'];

/**
 * Awards issued per tier and month (analytics), the credentials issued, and the recognitions granted by hand with the
 * forms to grant one and to open a competition (recognition); rewards are on their own page.
 */
export function RecognitionPage({ session, programId }: { session: Session; programId: string }) {
  const rows = useApi<MonthlyRecognitions[]>(session, 'analytics', `/programs/${programId}/recognitions`);
  const chart = useMemo(() => {
    if (rows.state !== 'ok') return undefined;
    const months = [...new Set(rows.data.map((r) => r.month))].sort();
    const tiers = TIERS.filter((t) => rows.data.some((r) => r.tier === t));
    return {
      labels: months,
      series: tiers.map((t) => ({ label: t, values: months.map((m) => rows.data.find((r) => r.month === m && r.tier === t)?.issued ?? null) })),
    };
  }, [rows]);
  return (
    <>
      <section aria-labelledby="awards-title">
        <h2 id="awards-title">Awards by tier and month</h2>
        <Show loaded={rows} what="the awards">
          {(data) => data.length === 0 || !chart ? (
            <Empty><p>No badge has been awarded in this program yet. Badges are awarded automatically as mentors meet their rules.</p></Empty>
          ) : (
            <ChartFigure title="Awards issued" description="per tier, in the month each was earned (in your organization’s reporting time zone), revoked ones included" labels={chart.labels} series={chart.series} />
          )}
        </Show>
      </section>
      <ProgramCredentials session={session} programId={programId} />
      <ProgramGrants session={session} programId={programId} />
    </>
  );
}

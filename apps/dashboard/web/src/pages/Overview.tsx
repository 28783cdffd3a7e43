import { useMemo, useState } from 'react';
import { download, useApi } from '../api';
import type { Session } from '../auth';
import { ChartFigure } from '../components/Chart';
import { KpiCard } from '../components/KpiCard';
import { day, figure } from '../components/format';
import { Empty, Show } from '../components/States';
import type { Kpi, KpiSeries, Page, Pairing, ProgramKpis } from '../types';

const FUNNEL = ['applications', 'approved-participants', 'match-rate', 'active-pairings'];
const MONTHS_SHOWN = 12;

/** The first day of the month MONTHS_SHOWN − 1 months before `asOf` (or today): the series' first period. */
function seriesFrom(asOf: string | null): string {
  const d = asOf ? new Date(`${asOf}T00:00:00Z`) : new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (MONTHS_SHOWN - 1), 1)).toISOString().slice(0, 10);
}

/** The program at a glance: funnel, sessions and hours per month, rating and NPS, the at-risk pairings to act on. */
export function OverviewPage({ session, programId, asOf }: { session: Session; programId: string; asOf: string | null }) {
  const q = asOf ? `asOf=${asOf}` : '';
  const kpis = useApi<ProgramKpis>(session, 'analytics', `/programs/${programId}/kpis${q ? `?${q}` : ''}`);
  const range = `interval=month&from=${seriesFrom(asOf)}${asOf ? `&to=${asOf}` : ''}`;
  const sessions = useApi<KpiSeries>(session, 'analytics', `/programs/${programId}/kpis/series?metric=sessions&${range}`);
  const hours = useApi<KpiSeries>(session, 'analytics', `/programs/${programId}/kpis/series?metric=training-hours&${range}`);
  const nps = useApi<KpiSeries>(session, 'analytics', `/programs/${programId}/kpis/series?metric=nps&${range}`);
  const atRisk = useApi<Page<Pairing>>(session, 'session-tracking', `/programs/${programId}/pairings?health=at-risk&status=active&limit=50`);
  const [exportError, setExportError] = useState<string>();
  const byMetric = (list: Kpi[]) => (m: string) => list.find((k) => k.metric === m);

  const activity = useMemo(() => {
    if (sessions.state !== 'ok' || hours.state !== 'ok') return undefined;
    return {
      labels: sessions.data.points.map((p) => p.period),
      series: [
        { label: 'Confirmed sessions', values: sessions.data.points.map((p) => p.added) },
        { label: 'Training hours', values: hours.data.points.map((p) => p.added) },
      ],
    };
  }, [sessions, hours]);
  const npsChart = useMemo(() => (nps.state === 'ok' ? { labels: nps.data.points.map((p) => p.period), series: [{ label: 'NPS', values: nps.data.points.map((p) => p.value) }] } : undefined), [nps]);

  return (
    <>
      <section aria-labelledby="funnel-title">
        <h2 id="funnel-title">Funnel{asOf && ` as of ${asOf}`}</h2>
        <Show loaded={kpis} what="the program’s figures">
          {(k) => (
            <>
              <ol className="funnel" aria-label="Applications to active pairings">
                {FUNNEL.map((m) => <li key={m}><dl><KpiCard kpi={byMetric(k.kpis)(m)} /></dl></li>)}
              </ol>
              <h2>Quality</h2>
              <dl className="kpis">
                <KpiCard kpi={byMetric(k.kpis)('average-session-rating')} />
                <KpiCard kpi={byMetric(k.kpis)('nps')} />
                <KpiCard kpi={byMetric(k.kpis)('at-risk-pairings')} />
                <KpiCard kpi={byMetric(k.kpis)('verified-outcomes')} />
              </dl>
            </>
          )}
        </Show>
      </section>
      <section aria-labelledby="activity-title">
        <h2 id="activity-title">Sessions and hours per month</h2>
        {sessions.state === 'error' ? <Show loaded={sessions} what="sessions per month">{() => null}</Show>
          : hours.state === 'error' ? <Show loaded={hours} what="training hours per month">{() => null}</Show>
          : !activity ? <Show loaded={{ state: 'loading' }} what="sessions and hours per month">{() => null}</Show>
          : <ChartFigure title="Sessions and training hours" description={`per calendar month (in your organization’s reporting time zone), the last ${MONTHS_SHOWN} months`} labels={activity.labels} series={activity.series} />}
        <Show loaded={nps} what="the NPS by month">
          {() => npsChart && <ChartFigure type="line" title="Net promoter score" description="as of the end of each month (— : no answers yet)" labels={npsChart.labels} series={npsChart.series} />}
        </Show>
        <p>
          <button type="button" onClick={() => download(session, `/reports/program_engagement_monthly/export?format=csv&programId=${programId}`, `program-engagement-monthly-${programId}.csv`).catch((e: Error) => setExportError(e.message))}>
            Download engagement by month (CSV)
          </button>
          {exportError && <span role="alert" className="error"> {exportError}</span>}
        </p>
      </section>
      <section aria-labelledby="at-risk-title">
        <h2 id="at-risk-title">At-risk pairings to act on</h2>
        <p className="muted">Active pairings with no confirmed session within their cadence window, longest overdue first. Contact the pair or pause the pairing.</p>
        {atRisk.state === 'error' && atRisk.error.status === 403 ? (
          <Empty><p>Only the program’s managers see its pairings (the count is in the figures above). Ask a manager to step in for the at-risk ones.</p></Empty>
        ) : <Show loaded={atRisk} what="the at-risk pairings">
          {(page) => page.items.length === 0 ? <Empty><p>No pairing is at risk right now. Nothing to do.</p></Empty> : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
              <table aria-labelledby="at-risk-title">
                <thead><tr><th scope="col">Mentor</th><th scope="col">Mentee</th><th scope="col">At risk since</th><th scope="col">Last session</th><th scope="col">Confirmed sessions</th></tr></thead>
                <tbody>
                  {page.items.map((p) => (
                    <tr key={p.pairingId} data-pairing={p.pairingId}>
                      <td>{p.mentor.name}</td><td>{p.mentee.name}</td><td>{day(p.atRiskSince)}</td><td>{day(p.lastSessionAt)}</td><td>{p.confirmedSessions}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Show>}
      </section>
      <section aria-labelledby="all-kpis-title">
        <h2 id="all-kpis-title">Every figure</h2>
        <Show loaded={kpis} what="the program’s figures">
          {(k) => (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
              <table aria-labelledby="all-kpis-title" className="kpi-table">
                <thead><tr><th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Definition</th></tr></thead>
                <tbody>{k.kpis.map((kpi) => <tr key={kpi.metric} data-metric={kpi.metric}><th scope="row">{kpi.title}</th><td>{figure(kpi.value, kpi.unit, kpi.decimals)}</td><td>{kpi.definition}</td></tr>)}</tbody>
              </table>
            </div>
          )}
        </Show>
      </section>
    </>
  );
}

import { useApi } from '../api';
import type { Session } from '../auth';
import { day } from '../components/format';
import { Empty, Show } from '../components/States';
import type { BadgeProgress } from '../types';

const FACTS: Record<string, string> = {
  confirmedSessions: 'confirmed sessions', averageRating: 'average rating', verifiedMenteeOutcomes: 'verified mentee outcomes',
  trainingHours: 'training hours', activeMonths: 'active months', consecutiveActiveMonths: 'consecutive active months',
};

/** A mentor's (or mentee's) own badges and their progress to each next one (recognition). */
export function MyProgressPage({ session }: { session: Session }) {
  const progress = useApi<BadgeProgress[]>(session, 'recognition', '/me/progress');
  return (
    <>
      <h1>My recognition</h1>
      <Show loaded={progress} what="your badges">
        {(badges) => badges.length === 0 ? (
          <Empty><p>You are not in a program with badges yet. Once you are paired and your sessions are confirmed, your progress shows here.</p></Empty>
        ) : (
          <>
            <section aria-labelledby="earned-title">
              <h2 id="earned-title">Badges earned</h2>
              {badges.some((b) => b.award === 'awarded') ? (
                <ul className="cards">{badges.filter((b) => b.award === 'awarded').map((b) => (
                  <li className="card earned" key={`${b.programId}:${b.badgeId}`}><strong>{b.name}</strong> <span className={`badge tier-${b.tier}`}>{b.tier}</span> <span className="muted">earned {day(b.earnedAt)}</span></li>
                ))}</ul>
              ) : <Empty><p>No badge yet — the progress below shows what is next.</p></Empty>}
            </section>
            <section aria-labelledby="next-title">
              <h2 id="next-title">Progress to the next badges</h2>
              <ul className="cards">
                {badges.filter((b) => b.award !== 'awarded').map((b) => (
                  <li className="card" key={`${b.programId}:${b.badgeId}`} data-badge={b.name}>
                    <h3>{b.name} <span className={`badge tier-${b.tier}`}>{b.tier}</span></h3>
                    {b.award === 'revoked' && <p className="muted">This badge was revoked.</p>}
                    <ul className="criteria">
                      {b.criteria.map((c) => {
                        const label = `${c.current} of ${c.target} ${FACTS[c.fact] ?? c.fact}`;
                        return (
                          <li key={c.criterion}>
                            <span>{label}{c.satisfied && ' ✓'}</span>
                            <progress max={c.target} value={Math.min(c.current, c.target)} aria-label={label} />
                          </li>
                        );
                      })}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          </>
        )}
      </Show>
    </>
  );
}

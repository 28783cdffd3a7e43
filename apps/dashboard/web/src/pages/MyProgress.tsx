import { useApi } from '../api';
import type { Session } from '../auth';
import { day } from '../components/format';
import { Empty, Show } from '../components/States';
import { Link } from '../router';
import type { BadgeProgress, Page } from '../types';

const FACTS: Record<string, string> = {
  confirmedSessions: 'confirmed sessions', averageRating: 'average rating', verifiedMenteeOutcomes: 'verified mentee outcomes',
  trainingHours: 'training hours', activeMonths: 'active months', consecutiveActiveMonths: 'consecutive active months',
};

/** A mentor's (or mentee's) own badges and their progress to each next one (recognition), per program (enrollment names them). */
export function MyProgressPage({ session }: { session: Session }) {
  const progress = useApi<BadgeProgress[]>(session, 'recognition', '/me/progress');
  const applications = useApi<Page<{ programId: string; programName: string }>>(session, 'enrollment', '/my/applications?limit=200');
  const nameOf = (programId: string) =>
    (applications.state === 'ok' && applications.data.items.find((a) => a.programId === programId)?.programName) || 'Your program';
  return (
    <>
      <h1>My recognition</h1>
      <p>
        {session.roles.includes('mentor') ? 'The kudos your mentees sent you and the recognitions granted to you' : 'Thanking your mentor'} — see{' '}
        <Link to="/me/kudos">Kudos and recognitions</Link>; what people chose to share is on the <Link to="/wall">recognition wall</Link>.
      </p>
      <Show loaded={progress} what="your badges">
        {(badges) => badges.length === 0 ? (
          <Empty><p>You are not in a program with badges yet. Once you are paired and your sessions are confirmed, your progress shows here.</p></Empty>
        ) : (
          [...new Set(badges.map((b) => b.programId))].map((programId) => {
            const mine = badges.filter((b) => b.programId === programId);
            const earned = mine.filter((b) => b.award === 'awarded');
            return (
              <section key={programId} aria-labelledby={`program-${programId}`}>
                <h2 id={`program-${programId}`}>{nameOf(programId)}</h2>
                <h3>Badges earned</h3>
                {earned.length > 0 ? (
                  <ul className="cards">{earned.map((b) => (
                    <li className="card earned" key={b.badgeId}><strong>{b.name}</strong> <span className={`badge tier-${b.tier}`}>{b.tier}</span> <span className="muted">earned {day(b.earnedAt)}</span></li>
                  ))}</ul>
                ) : <Empty><p>No badge yet — the progress below shows what is next.</p></Empty>}
                <h3>Progress to the next badges</h3>
                <ul className="cards">
                  {mine.filter((b) => b.award !== 'awarded').map((b) => (
                    <li className="card" key={b.badgeId} data-badge={b.name}>
                      <h4>{b.name} <span className={`badge tier-${b.tier}`}>{b.tier}</span></h4>
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
            );
          })
        )}
      </Show>
    </>
  );
}

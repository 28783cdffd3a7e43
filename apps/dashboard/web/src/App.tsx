import type { UserManager } from 'oidc-client-ts';
import { useEffect, useRef } from 'react';
import { canReadPrograms, isMentor, isParticipant, type LoginConfig, type Session } from './auth';
import { CompetitionPage, CompetitionsPage } from './pages/Competitions';
import { MyCredentialsPage } from './pages/MyCredentials';
import { MyKudosPage } from './pages/MyKudos';
import { MyProgressPage } from './pages/MyProgress';
import { MyRewardsPage } from './pages/MyRewards';
import { ProgramPage } from './pages/ProgramPage';
import { ProgramsPage } from './pages/Programs';
import { VerifyPage } from './pages/Verify';
import { WallPage } from './pages/Wall';
import { Link, useLocation } from './router';

const PROGRAM = /^\/programs\/([0-9a-f-]{36})(\/evaluation|\/roi|\/recognition|\/rewards)?\/?$/;
const COMPETITION = /^\/competitions\/([0-9a-f-]{36})\/?$/;
/** Public, with or without a login: a credential's verification page (what its holder shares). */
const VERIFY = /^\/verify(?:\/([0-9a-fA-F-]{36}))?\/?$/;

export function App({ session, users, config }: { session: Session | null; users: UserManager; config: LoginConfig }) {
  const location = useLocation();
  const path = location.pathname;
  // After a client-side navigation, focus goes to the new page (as a page load would put it at the top); on the
  // first load it stays at the start of the document, so the first Tab reaches the skip link.
  const firstPath = useRef(path);
  useEffect(() => {
    if (path !== firstPath.current) document.getElementById('main')?.focus({ preventScroll: true });
    firstPath.current = '';
  }, [path]);
  const login = () => users.signinRedirect({ state: path === '/login' ? '/' : `${path}${location.search}` });
  const logout = async () => {
    await users.removeUser();
    window.location.assign('/');
  };

  let page;
  const verify = VERIFY.exec(path);
  if (verify) page = <VerifyPage credentialId={verify[1]?.toLowerCase() ?? null} />;
  else if (!session) {
    page = (
      <>
        <h1>Tandem dashboard</h1>
        <p>Program health, evaluation, ROI and recognition for your mentoring programs.</p>
        <button type="button" className="primary" onClick={login}>Log in</button>
        {config.devLogin && <p className="muted">Development login: you will pick a demo person (for example <code>demo-pm</code>, who manages the demo programs) on the next page.</p>}
      </>
    );
  } else if (path === '/' && canReadPrograms(session)) page = <ProgramsPage session={session} />;
  else if (path === '/' || path === '/me') page = isParticipant(session) ? <MyProgressPage session={session} /> : <NoAccess />;
  else if (path === '/me/rewards') page = isMentor(session) ? <MyRewardsPage session={session} /> : <NoAccess />;
  else if (path === '/me/credentials') page = isParticipant(session) ? <MyCredentialsPage session={session} /> : <NoAccess />;
  else if (path === '/me/kudos') page = isParticipant(session) ? <MyKudosPage session={session} /> : <NoAccess />;
  else if (path === '/wall') page = <WallPage session={session} />;
  else if (path === '/competitions') page = <CompetitionsPage session={session} />;
  else if (COMPETITION.test(path)) page = <CompetitionPage key={path} session={session} competitionId={COMPETITION.exec(path)![1]} />;
  else if (PROGRAM.test(path)) {
    const [, id, tab = ''] = PROGRAM.exec(path)!;
    page = canReadPrograms(session) ? <ProgramPage key={id} session={session} programId={id} tab={tab} /> : <NoAccess />;
  } else page = <><h1>Page not found</h1><p>There is no such page. <Link to="/">Go to the start page</Link>.</p></>;

  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <Link to="/" className="brand">Tandem</Link>
        <nav aria-label="Main">
          {session && canReadPrograms(session) && <Link to="/" aria-current={path === '/' ? 'page' : undefined}>Programs</Link>}
          {session && isParticipant(session) && <Link to="/me" aria-current={path === '/me' || (path === '/' && !canReadPrograms(session)) ? 'page' : undefined}>My recognition</Link>}
          {session && isMentor(session) && <Link to="/me/rewards" aria-current={path === '/me/rewards' ? 'page' : undefined}>My rewards</Link>}
          {session && isParticipant(session) && <Link to="/me/credentials" aria-current={path === '/me/credentials' ? 'page' : undefined}>My credentials</Link>}
          {session && isParticipant(session) && <Link to="/me/kudos" aria-current={path === '/me/kudos' ? 'page' : undefined}>Kudos</Link>}
          {session && <Link to="/wall" aria-current={path === '/wall' ? 'page' : undefined}>Wall</Link>}
          {session && <Link to="/competitions" aria-current={path.startsWith('/competitions') ? 'page' : undefined}>Competitions</Link>}
          <Link to="/verify" aria-current={verify ? 'page' : undefined}>Verify a credential</Link>
        </nav>
        {session && (
          <div className="who">
            <span>{session.userId} <span className="muted">({session.roles.join(', ')} · {session.tenantId})</span></span>
            <button type="button" onClick={logout}>Log out</button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
    </>
  );
}

function NoAccess() {
  return (
    <>
      <h1>Nothing to show for your roles</h1>
      <p>The dashboard shows programs to program managers, analysts and administrators, their badges and credentials to mentors and mentees, and their rewards to mentors. Ask your tenant administrator for a role.</p>
    </>
  );
}

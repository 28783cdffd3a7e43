import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { sessionOf, userManager, type LoginConfig } from './auth';
import './styles.css';

async function start() {
  const root = createRoot(document.getElementById('root')!);
  let config: LoginConfig;
  try {
    const response = await fetch('/config.json');
    if (!response.ok) throw new Error(String(response.status));
    config = await response.json();
  } catch {
    root.render(<main id="main"><h1>Tandem dashboard</h1><p role="alert">The dashboard could not load its configuration. Reload the page; if it persists, the dashboard server is down.</p></main>);
    return;
  }
  const users = userManager(config);
  if (location.pathname === '/callback') {
    try {
      const user = await users.signinRedirectCallback();
      const back = typeof user.state === 'string' && user.state.startsWith('/') ? user.state : '/';
      history.replaceState(null, '', back);
    } catch (error) {
      root.render(<main id="main"><h1>Login failed</h1><p role="alert">{(error as Error).message}</p><p><a href="/">Start again</a></p></main>);
      return;
    }
  }
  const render = async () => root.render(<StrictMode><App session={sessionOf(await users.getUser())} users={users} config={config} /></StrictMode>);
  if (location.pathname === '/login' && !sessionOf(await users.getUser())) {
    await users.signinRedirect({ state: '/' });
    return;
  }
  users.events.addUserLoaded(render);
  users.events.addUserUnloaded(render);
  await render();
}

void start();

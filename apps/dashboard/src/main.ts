import { dashboardConfig, DashboardConfigError } from './config';
import { createDashboardServer } from './server';

/** The dashboard: static single-page app, same-origin routes to the services, login configuration. */
function main() {
  let config;
  try {
    config = dashboardConfig(process.env);
  } catch (error) {
    if (!(error instanceof DashboardConfigError)) throw error;
    process.stderr.write(`dashboard: ${error.message}\n`);
    process.exit(1);
  }
  const server = createDashboardServer(config);
  server.listen(config.port, config.host, () => {
    process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'dashboard listening', port: config.port, devLogin: !!config.devLogin, upstreams: config.upstreams })}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();

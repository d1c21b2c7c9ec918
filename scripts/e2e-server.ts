/**
 * The server most Playwright tests use: the production build with every embedded default (built-in
 * scheduler), served as `npm run demo` serves it (any loopback or LAN address). The Acuity server
 * keeps production's single origin.
 */
import { serveProductionBuild } from './e2e-common';

// The metrics token e2e/metrics.spec.ts scrapes with.
await serveProductionBuild(process.env.E2E_PORT ?? '4173', { ALLOW_LOCAL_HOSTS: 'true', METRICS_TOKEN: 'e2e-metrics-token-0123456789' });

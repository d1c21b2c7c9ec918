/** The server most Playwright tests use: the production build with every embedded default (built-in scheduler). */
import { serveProductionBuild } from './e2e-common';

await serveProductionBuild(process.env.E2E_PORT ?? '4173');

/**
 * The server of the Acuity journeys: the production build configured for Acuity, against the fake
 * Acuity running here, which delivers its own signed webhooks to the app exactly as Acuity does
 * (form-encoded, X-Acuity-Signature, no Origin). Tests make changes "in Acuity" through the fake's
 * admin screens (http://127.0.0.1:$E2E_FAKE_ACUITY_PORT/admin).
 */
import { startFakeAcuity } from '../src/lib/server/testing/fake-acuity';
import { serveProductionBuild } from './e2e-common';

const port = process.env.E2E_ACUITY_PORT ?? '4174';
const fake = await startFakeAcuity({
	port: Number(process.env.E2E_FAKE_ACUITY_PORT ?? 4011),
	userId: '13572468',
	apiKey: 'e2e-fake-acuity-key'
});
fake.seed.demo();
fake.webhooks.subscribe(`http://localhost:${port}/api/webhooks/acuity`);
await serveProductionBuild(port, { ACUITY_USER_ID: fake.userId, ACUITY_API_KEY: fake.apiKey, ACUITY_BASE_URL: fake.url }, () =>
	fake.close()
);

/**
 * The server of the SMS journey (e2e/sms.spec.ts starts it itself): the production build configured
 * to send SMS through Amazon SNS, pointed at the fake SNS running here. The test reads the SMS the
 * fake received from http://127.0.0.1:$E2E_FAKE_SNS_PORT/_fake/messages.
 */
import { startFakeSns } from '../src/lib/server/testing/fake-sns';
import { serveProductionBuild } from './e2e-common';

const fake = await startFakeSns({ port: Number(process.env.E2E_FAKE_SNS_PORT ?? 4012) });
await serveProductionBuild(
	process.env.E2E_SNS_PORT ?? '4175',
	{
		SMS_PROVIDER: 'sns',
		SNS_ENDPOINT: fake.url,
		SMS_SENDER_ID: 'IMEBook',
		AWS_REGION: 'ap-southeast-2',
		// The default credential chain finds these first; the fake only checks that requests are signed.
		AWS_ACCESS_KEY_ID: 'AKIAE2EFAKESNS',
		AWS_SECRET_ACCESS_KEY: 'e2e-fake-sns-secret',
		OUTBOX_POLL_MS: '250'
	},
	() => fake.close()
);

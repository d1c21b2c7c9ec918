/**
 * `npx tsx scripts/fake-acuity.ts`: a fake Acuity Scheduling API on PORT (default 4010) with the
 * demo catalogue (three specialists in Sydney, Adelaide and Brisbane; in-person IME, telehealth
 * IME, file review and supplementary report; a referral form). Point the app at it with the printed
 * ACUITY_* variables. Webhooks for every appointment event go to WEBHOOK_TARGET, by default the
 * demo app's http://localhost:3000/api/webhooks/acuity; WEBHOOK_TARGET=none subscribes nothing.
 * Acuity's admin screens (move, cancel, no-show, book directly; they fire webhooks) are at /admin.
 * Everything lives in memory and is gone when the process stops.
 */
import { startFakeAcuity } from '../src/lib/server/testing/fake-acuity';

const port = Number(process.env.PORT ?? 4010);
const fake = await startFakeAcuity({
	port,
	host: process.env.HOST ?? '127.0.0.1',
	userId: process.env.ACUITY_USER_ID ?? '24681357',
	apiKey: process.env.ACUITY_API_KEY ?? 'fake-acuity-demo-key'
});
const demo = fake.seed.demo();
const webhookTarget = process.env.WEBHOOK_TARGET?.trim() || 'http://localhost:3000/api/webhooks/acuity';
if (webhookTarget !== 'none') fake.webhooks.subscribe(webhookTarget);
const adminUrl = fake.url.replace(/\/api\/v1$/, '/admin');

const lines = [
	`Fake Acuity listening on ${fake.url}`,
	`Admin screens (Acuity's own, no auth): ${adminUrl}`,
	'',
	`ACUITY_BASE_URL=${fake.url}`,
	`ACUITY_USER_ID=${fake.userId}`,
	`ACUITY_API_KEY=${fake.apiKey}`,
	'',
	'Calendars:',
	...Object.values(demo.calendars).map((c) => `  ${c.id}  ${c.name} (${c.timezone})`),
	'Appointment types:',
	...Object.values(demo.types).map((t) => `  ${t.id}  ${t.name} — ${t.duration} min, $${t.price} [${t.category}]`),
	`Form: ${demo.form.id} ${demo.form.name} (${demo.form.fields.length} fields)`,
	webhookTarget === 'none'
		? 'Webhooks: none (WEBHOOK_TARGET=none)'
		: `Webhooks → ${webhookTarget}${process.env.WEBHOOK_TARGET?.trim() ? '' : ' (default; set WEBHOOK_TARGET, or none)'}`,
	'',
	`Try: curl -u ${fake.userId}:${fake.apiKey} ${fake.url}/calendars`
];
console.log(lines.join('\n'));

const stop = () => {
	void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

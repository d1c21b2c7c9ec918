/**
 * `npx tsx scripts/fake-acuity.ts`: a fake Acuity Scheduling API on PORT (default 4010) with the
 * demo catalogue (three specialists in Sydney, Adelaide and Brisbane; in-person IME, telehealth
 * IME, file review and supplementary report; a referral form). Point the app at it with the printed
 * ACUITY_* variables. WEBHOOK_TARGET (optional) subscribes that URL to every appointment event.
 * Everything lives in memory and is gone when the process stops.
 */
import { startFakeAcuity } from '../src/lib/server/services/scheduling/acuity/fake-server';

const port = Number(process.env.PORT ?? 4010);
const fake = await startFakeAcuity({
	port,
	host: process.env.HOST ?? '127.0.0.1',
	userId: process.env.ACUITY_USER_ID ?? '24681357',
	apiKey: process.env.ACUITY_API_KEY ?? 'fake-acuity-demo-key'
});
const demo = fake.seed.demo();
if (process.env.WEBHOOK_TARGET) fake.webhooks.subscribe(process.env.WEBHOOK_TARGET);

const lines = [
	`Fake Acuity listening on ${fake.url}`,
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
	process.env.WEBHOOK_TARGET ? `Webhooks → ${process.env.WEBHOOK_TARGET}` : 'Webhooks: set WEBHOOK_TARGET to receive them',
	'',
	`Try: curl -u ${fake.userId}:${fake.apiKey} ${fake.url}/calendars`
];
console.log(lines.join('\n'));

const stop = () => {
	void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

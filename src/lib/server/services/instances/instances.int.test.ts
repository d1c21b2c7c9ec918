import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app';
import { InstanceRegistry } from './instances';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(() => app.close());

describe('the instances running now', () => {
	it('are counted by their recent heartbeats; one that stops beating drops out, one that leaves at once', async () => {
		const a = new InstanceRegistry(app.database.db);
		const b = new InstanceRegistry(app.database.db);
		const t0 = new Date('2027-01-01T00:00:00Z');
		await a.beat(t0);
		expect(await b.beat(t0)).toBe(2);
		expect(a.count).toBe(1);
		expect(await a.beat(new Date(t0.getTime() + 5_000))).toBe(2);
		// b stopped beating: 20 s later only a is live.
		expect(await a.beat(new Date(t0.getTime() + 20_000))).toBe(1);
		await b.beat(new Date(t0.getTime() + 21_000));
		await b.leave();
		expect(await a.beat(new Date(t0.getTime() + 22_000))).toBe(1);
	});
});

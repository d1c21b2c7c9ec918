/**
 * The admin lists' keyset pages (users, organisations, invitations, outbox): walking every page
 * meets each row once, in order, whichever way it is sorted; a cursor that is forged or belongs to
 * another order is refused with BAD_REQUEST and a message saying what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './_app';
import { createCallerFactory } from '../trpc';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { createTestApp, signIn, type TestApp } from '../testing/app';

let app: TestApp;
let api: ReturnType<ReturnType<typeof createCallerFactory<typeof appRouter>>>;
const call = createCallerFactory(appRouter);

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	api = call({ app, ...(await signIn(app, 'admin@demo.test', DEMO_PASSWORD)) });
	for (const n of [1, 2, 3, 4, 5])
		await api.admin.invitations.create({ email: `page-${n}@example.test`, name: `Page ${n}`, platformRole: 'admin', orgRoles: [] });
});
afterAll(() => app.close());

/** Every page of a list, following the cursors; fails if the walk does not end. */
async function walk<R>(next: (cursor: string | null) => Promise<{ rows: R[]; nextCursor: string | null }>): Promise<R[][]> {
	const pages: R[][] = [];
	let cursor: string | null = null;
	do {
		const page = await next(cursor);
		pages.push(page.rows);
		cursor = page.nextCursor;
		if (pages.length > 100) throw new Error('the pages never end');
	} while (cursor);
	return pages;
}

const collator = new Intl.Collator('en');

describe('users, a page at a time', () => {
	it('by name, both ways: every account once, in order, pages of the size asked', async () => {
		const all = (await api.admin.users({ q: '' })).map((u) => u.id);
		for (const dir of ['asc', 'desc'] as const) {
			const pages = await walk((cursor) => api.admin.usersPage({ sort: 'name', dir, cursor, limit: 3 }));
			const ids = [...new Set(pages.flat().map((u) => u.id))];
			expect(ids.sort()).toEqual([...new Set(all)].sort());
			expect(pages.slice(0, -1).every((p) => new Set(p.map((u) => u.id)).size === 3)).toBe(true);
			const names = [...new Map(pages.flat().map((u) => [u.id, u.name])).values()];
			const sorted = [...names].sort((a, b) => (dir === 'asc' ? 1 : -1) * collator.compare(a, b));
			expect(names.map((n) => n.toLowerCase())).toEqual(sorted.map((n) => n.toLowerCase()));
		}
	});

	it('newest first by default when sorted by when they were made', async () => {
		const pages = await walk((cursor) => api.admin.usersPage({ sort: 'createdAt', cursor, limit: 4 }));
		const made = [...new Map(pages.flat().map((u) => [u.id, u.createdAt.getTime()])).values()];
		expect(made).toEqual([...made].sort((a, b) => b - a));
	});

	it('a member of an organisation shows its name and roles', async () => {
		const rows = (await walk((cursor) => api.admin.usersPage({ cursor, limit: 50 }))).flat();
		const referrer = rows.find((u) => u.email === 'referrer@demo.test')!;
		expect(referrer.organizationName).toBeTruthy();
		expect(referrer.orgRoles).toContain('referrer');
		expect(rows.find((u) => u.email === 'admin@demo.test')?.organizationName).toBeNull();
	});

	it('refuses a forged cursor, and one made for another order', async () => {
		await expect(api.admin.usersPage({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			message: 'This page link is out of date. Please start again from the first page.'
		});
		const { nextCursor } = await api.admin.usersPage({ sort: 'name', limit: 1 });
		await expect(api.admin.usersPage({ sort: 'createdAt', cursor: nextCursor })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(api.admin.usersPage({ sort: 'name', dir: 'desc', cursor: nextCursor })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
	});
});

describe('organisations, invitations and the outbox, a page at a time', () => {
	it('organisations by name, both ways, each once, with their counts', async () => {
		const all = await api.admin.orgs.list();
		const asc = (await walk((cursor) => api.admin.orgs.page({ cursor, limit: 1 }))).flat();
		expect(asc.map((o) => o.id)).toEqual(all.map((o) => o.id));
		expect(asc.map((o) => [o.members, o.teams])).toEqual(all.map((o) => [o.members, o.teams]));
		const desc = (await walk((cursor) => api.admin.orgs.page({ dir: 'desc', cursor, limit: 2 }))).flat();
		expect(desc.map((o) => o.id)).toEqual(all.map((o) => o.id).reverse());
	});

	it('invitations by expiry, latest first, each once, with their status', async () => {
		const rows = (await walk((cursor) => api.admin.invitations.page({ cursor, limit: 2 }))).flat();
		expect(rows.filter((r) => r.email.startsWith('page-'))).toHaveLength(5);
		expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
		const times = rows.map((r) => r.expiresAt.getTime());
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect(rows.every((r) => r.status === 'pending')).toBe(true);
		await expect(api.admin.invitations.page({ cursor: 'eyJ4IjoxfQ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
	});

	it('the outbox newest first, each message once, opened', async () => {
		const rows = (await walk((cursor) => api.admin.outboxPage({ cursor, limit: 2 }))).flat();
		expect(rows.filter((m) => m.to.startsWith('page-'))).toHaveLength(5);
		expect(new Set(rows.map((m) => m.id)).size).toBe(rows.length);
		const times = rows.map((m) => m.createdAt.getTime());
		expect(times).toEqual([...times].sort((a, b) => b - a));
		await expect(api.admin.outboxPage({ cursor: 'bad' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
	});
});

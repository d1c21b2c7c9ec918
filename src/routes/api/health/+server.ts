import { json } from '@sveltejs/kit';
import type { ApiGuard } from '$lib/server/auth/guards';

export const _guard = 'public' satisfies ApiGuard;

const withTimeout = <T>(p: Promise<T>, ms: number) =>
	Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

/** Liveness and readiness in one: 503 names the failing check. No versions or secrets. */
export const GET = async ({ locals }) => {
	const { app } = locals;
	const checks: Record<string, 'ok' | 'failing' | 'degraded'> = {};
	const run = async (name: string, probe: () => Promise<unknown>, whenDown: 'failing' | 'degraded') => {
		try {
			await withTimeout(probe(), 2000);
			checks[name] = 'ok';
		} catch {
			checks[name] = whenDown;
		}
	};
	// Without the database nothing works; without Redis the app runs degraded on in-process state.
	await Promise.all([run('db', () => app.database.ping(), 'failing'), run('cache', () => app.cache.ping(), 'degraded')]);
	const ok = !Object.values(checks).includes('failing');
	return json(
		{ status: ok ? (Object.values(checks).includes('degraded') ? 'degraded' : 'ok') : 'failing', checks },
		{ status: ok ? 200 : 503 }
	);
};

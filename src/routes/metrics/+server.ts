import { json } from '@sveltejs/kit';
import type { ApiGuard } from '$lib/server/auth/guards';
import { bearerMatches } from '$lib/server/services/metrics/metrics';

export const _guard = 'token' satisfies ApiGuard;

/**
 * Prometheus scrapes this instance's metrics with `Authorization: Bearer <METRICS_TOKEN>`. Without
 * METRICS_TOKEN the endpoint does not exist (404); a missing or wrong token answers 401.
 */
export const GET = async ({ request, locals }) => {
	const { app } = locals;
	const token = app.config.metrics.token;
	if (!token) return json({ message: 'Not found.' }, { status: 404 });
	if (!bearerMatches(request.headers.get('authorization'), token))
		return json({ message: 'A valid bearer token is required.' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
	const { body, contentType } = await app.metrics.scrape();
	return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
};

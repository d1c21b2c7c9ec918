/**
 * One insights chart as CSV (`/admin/insights/<chart>.csv`, the weekly chart with its `by`): the
 * figures of the chart's table, counts and names only. Admins only, like the page.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { INSIGHT_CHARTS, insightsInput, type InsightChart } from '$lib/schemas/insights';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { insightCsv } from '$lib/server/services/insights/insights-csv';
import { fieldErrors } from '$lib/server/trpc';

export const _guard = 'insights.read' satisfies ApiGuard;

export const GET = async (event: RequestEvent) => {
	const session = await requireApiRole(event, 'insights', _guard, 'Only our team can download the insights.');
	if (session instanceof Response) return session;
	const chart = event.params.chart as InsightChart;
	if (!INSIGHT_CHARTS.includes(chart)) return Response.json({ message: 'There is no such chart.' }, { status: 404 });
	const parsed = insightsInput.safeParse({ by: event.url.searchParams.get('by') ?? undefined });
	if (!parsed.success) return Response.json({ message: 'Please check the choice.', fields: fieldErrors(parsed.error) }, { status: 400 });
	const { filename, body } = await insightCsv(event.locals.app, chart, parsed.data.by);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};

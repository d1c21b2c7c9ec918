/**
 * The cases list. Status, responsible referrer, "overdue enclosures" and the page cursor live in
 * the URL (a GET form and links). The claimant name search does not: a name in a URL is PHI in
 * browser history, logs and Referer headers. It is a POST form action; the term is used for this
 * one response and only reflected in the page (the search box, and hidden fields of the "next
 * page" and export buttons, which post it again).
 */
import { fail } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { one, readForm } from '$lib/server/forms';
import { caseFiltersFromSearchParams, caseListInput, searchParamsFromCaseFilters } from '$lib/schemas/case-filters';

type ListInput = ReturnType<typeof caseListInput.parse>;

function readFilters(url: URL): { input: ListInput; problem: string | null } {
	const parsed = caseListInput.safeParse({
		...caseFiltersFromSearchParams(url.searchParams),
		cursor: url.searchParams.get('cursor') || undefined
	});
	if (parsed.success) return { input: parsed.data, problem: null };
	return {
		input: caseListInput.parse({}),
		problem: `Some filters in the address could not be used and were reset. ${parsed.error.issues.map((i) => i.message).join(' ')}`
	};
}

export const load = async (event) => {
	const { input, problem } = readFilters(event.url);
	const caller = callerFor(event);
	const searching = event.request.method === 'POST';
	const [referrers, list] = await Promise.all([caller.cases.referrers(), searching ? null : caller.cases.list(input)]).catch(
		(err: unknown) => {
			if (err instanceof TRPCError && err.code === 'BAD_REQUEST')
				return Promise.all([caller.cases.referrers(), caller.cases.list({ ...input, cursor: undefined })]);
			return pageErrorFrom(err);
		}
	);
	const filters = { status: input.status, referrer: input.referrer ?? '', overdue: input.overdue };
	return {
		filters,
		query: searchParamsFromCaseFilters(input).toString(),
		cursor: input.cursor ?? null,
		list,
		referrers,
		problem
	};
};

export const actions = {
	search: async (event) => {
		const form = await readForm(event.request);
		const claimant = one(form.claimant).trim().slice(0, 200);
		const cursor = one(form.cursor) || undefined;
		const { input } = readFilters(event.url);
		const caller = callerFor(event);
		const parsed = caseListInput.safeParse({ ...input, cursor, claimant: claimant || undefined });
		if (!parsed.success) {
			const list = await caller.cases.list({ ...input, cursor: undefined }).catch(pageErrorFrom);
			return fail(400, { claimant, searchError: parsed.error.issues[0]?.message ?? 'Please check the name.', list, cursor: null });
		}
		try {
			const list = await caller.cases.list(parsed.data);
			return { claimant, searchError: null, list, cursor: cursor ?? null };
		} catch (err) {
			if (err instanceof TRPCError && err.code === 'BAD_REQUEST') {
				const list = await caller.cases.list({ ...parsed.data, cursor: undefined }).catch(pageErrorFrom);
				return fail(400, { claimant, searchError: err.message, list, cursor: null });
			}
			return pageErrorFrom(err);
		}
	}
};

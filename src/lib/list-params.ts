/**
 * A list page's order and page live in its URL (`sort`, `dir`, `cursor`), so a view can be
 * bookmarked and works without JavaScript. Cursors carry sort keys (names, dates), never PHI.
 */
export type Dir = 'asc' | 'desc';

/** The order the URL asks for, or the default when it asks for none or for one not offered. */
export function listOrder<S extends string>(url: URL, offered: readonly S[], fallback: S): { by: S; dir: Dir | undefined } {
	const by = url.searchParams.get('sort') as S | null;
	const dir = url.searchParams.get('dir');
	return { by: by && offered.includes(by) ? by : fallback, dir: dir === 'asc' || dir === 'desc' ? dir : undefined };
}

/** The page's cursor (none: the first page). */
export const listCursor = (url: URL) => url.searchParams.get('cursor')?.slice(0, 1000) || null;

/**
 * The page size: `size` in the URL (1–200), else the default. Small sizes let a test walk pages
 * without seeding hundreds of rows.
 */
export function listSize(url: URL, fallback = 50): number {
	const n = Number(url.searchParams.get('size'));
	return Number.isInteger(n) && n >= 1 && n <= 200 ? n : fallback;
}

/** This list's link with some parameters changed (null removes one). A new order starts at the first page. */
export function listHref(url: URL, change: Record<string, string | null>): string {
	const params = new URLSearchParams(url.searchParams);
	if ('sort' in change || 'dir' in change) params.delete('cursor');
	for (const [k, v] of Object.entries(change)) {
		if (v === null) params.delete(k);
		else params.set(k, v);
	}
	const query = params.toString();
	return query ? `?${query}` : url.pathname;
}

/** The `sort` and `pager` props of a DataTable for a list whose order and page are in the URL. */
export function listNavigation(url: URL, order: { by: string; dir: Dir }, nextCursor: string | null | undefined) {
	return {
		sort: { ...order, href: (by: string, dir: Dir) => listHref(url, { sort: by, dir }) },
		pager: { first: url.searchParams.has('cursor'), next: nextCursor, href: (cursor: string | null) => listHref(url, { cursor }) }
	};
}

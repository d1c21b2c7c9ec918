import { describe, expect, it } from 'vitest';
import { listCursor, listHref, listNavigation, listOrder, listSize } from './list-params';

const at = (query: string) => new URL(`http://x.test/admin/users${query}`);

describe('a list’s order and page in its URL', () => {
	it('reads an offered order, and falls back for one not offered', () => {
		expect(listOrder(at('?sort=createdAt&dir=desc'), ['name', 'createdAt'], 'name')).toEqual({ by: 'createdAt', dir: 'desc' });
		expect(listOrder(at('?sort=password&dir=sideways'), ['name', 'createdAt'], 'name')).toEqual({ by: 'name', dir: undefined });
	});

	it('keeps the page size within 1 to 200', () => {
		expect(listSize(at('?size=2'))).toBe(2);
		for (const bad of ['0', '201', '2.5', 'lots', '']) expect(listSize(at(`?size=${bad}`))).toBe(50);
	});

	it('reads no cursor as the first page', () => {
		expect(listCursor(at(''))).toBeNull();
		expect(listCursor(at('?cursor='))).toBeNull();
		expect(listCursor(at('?cursor=abc'))).toBe('abc');
	});

	it('keeps the search and size, and starts a new order at the first page', () => {
		const url = at('?q=harbour&size=2&cursor=abc');
		expect(listHref(url, { sort: 'name', dir: 'desc' })).toBe('?q=harbour&size=2&sort=name&dir=desc');
		expect(listHref(url, { cursor: 'def' })).toBe('?q=harbour&size=2&cursor=def');
		expect(listHref(at('?cursor=abc'), { cursor: null })).toBe('/admin/users');
	});

	it('gives the table its sort and pager', () => {
		const nav = listNavigation(at('?cursor=abc'), { by: 'name', dir: 'asc' }, 'next');
		expect(nav.sort.href('createdAt', 'desc')).toBe('?sort=createdAt&dir=desc');
		expect(nav.pager).toMatchObject({ first: true, next: 'next' });
		expect(nav.pager.href('next')).toBe('?cursor=next');
	});
});

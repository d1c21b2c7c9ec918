/**
 * Keyset pages for the admin lists, on (sort key, id): the cursor carries the last row's key and id,
 * so a later page costs what the first does (no OFFSET) and a row added meanwhile is neither skipped
 * nor shown twice. The bookings list has its own, richer cursor (`booking.repository.ts`).
 */
import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { isUuid } from '../../ids';

export type SortDir = 'asc' | 'desc';
/** How a key is compared: as text (names), or as an instant written with microseconds. */
export type KeyKind = 'text' | 'instant';

export const ADMIN_PAGE_SIZE = 50;
export const MAX_ADMIN_PAGE_SIZE = 200;

/** A cursor that cannot be read, or belongs to another sort order. */
export class InvalidPageCursorError extends Error {
	constructor() {
		super('This page link is out of date. Please start again from the first page.');
		this.name = 'InvalidPageCursorError';
	}
}

/** The instant as text with microseconds, so a cursor compares exactly with what is stored. */
export const instantText = (col: AnyColumn) => sql<string>`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const KEY_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

interface Payload {
	s: string;
	d: SortDir;
	k: [string, string];
}

export function encodePageCursor(sort: string, dir: SortDir, key: string, id: string): string {
	return Buffer.from(JSON.stringify({ s: sort, d: dir, k: [key, id] } satisfies Payload), 'utf8').toString('base64url');
}

/** The last row's key and id, or InvalidPageCursorError when the cursor is not one of this sort's. */
export function decodePageCursor(cursor: string, sort: string, dir: SortDir, kind: KeyKind): { key: string; id: string } {
	let p: Partial<Payload> | null;
	try {
		p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
	} catch {
		throw new InvalidPageCursorError();
	}
	const k = p?.k;
	const ok =
		!!p &&
		p.s === sort &&
		p.d === dir &&
		Array.isArray(k) &&
		k.length === 2 &&
		typeof k[0] === 'string' &&
		k[0].length <= 500 &&
		typeof k[1] === 'string' &&
		isUuid(k[1]) &&
		(kind === 'text' || (KEY_TS.test(k[0]) && !Number.isNaN(new Date(k[0]).getTime())));
	if (!ok) throw new InvalidPageCursorError();
	return { key: k![0], id: k![1] };
}

/** The page size asked for, within 1…MAX_ADMIN_PAGE_SIZE. */
export const pageSize = (limit: number | undefined) =>
	Math.min(Math.max(Math.trunc(limit ?? ADMIN_PAGE_SIZE) || ADMIN_PAGE_SIZE, 1), MAX_ADMIN_PAGE_SIZE);

/**
 * ORDER BY (key, id) in one direction and the "after the cursor" condition: a row comparison, which
 * PostgreSQL reads as one range over a (key, id) index where there is one.
 */
export function keysetOrder(
	key: AnyColumn | SQL,
	id: AnyColumn,
	dir: SortDir,
	after: { key: string; id: string } | null,
	kind: KeyKind,
	/** Better Auth's tables keep their (UUID) ids as text. */
	idType: 'uuid' | 'text' = 'uuid'
) {
	const orderBy = dir === 'asc' ? [asc(key), asc(id)] : [desc(key), desc(id)];
	const value = kind === 'instant' ? sql`${after?.key}::timestamptz` : sql`${after?.key}::text`;
	const seek = after ? sql`(${key}, ${id}) ${sql.raw(dir === 'asc' ? '>' : '<')} (${value}, ${after.id}::${sql.raw(idType)})` : undefined;
	return { orderBy, seek };
}

/** The page (one row more was read to know whether there is a next) and the cursor of the next. */
export function pageOf<R extends { id: string }>(found: R[], size: number, sort: string, dir: SortDir, keyOf: (r: R) => string) {
	const rows = found.slice(0, size);
	const last = rows.at(-1);
	return { rows, nextCursor: found.length > size && last ? encodePageCursor(sort, dir, keyOf(last), last.id) : null };
}

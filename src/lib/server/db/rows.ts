/** `db.execute` answers an array on postgres-js and `{ rows }` on PGlite; this reads both. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

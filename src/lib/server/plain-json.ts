/**
 * superjson's `serialize`, without its walk when the value is already plain JSON: most answers are
 * strings, finite numbers, booleans, null, arrays and plain objects, for which superjson gives
 * `{ json: <the same value> }` and no `meta`, after a walk that copies every node and builds a path
 * array for each. Anything else — a Date, undefined, NaN, -0, a Map, a class instance, an object met
 * twice (superjson records the sharing), a key superjson refuses — goes through superjson as before.
 */
import superjson from 'superjson';

const REFUSED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True when superjson would answer `{ json: value }` with no meta (and not throw). */
export function isPlainJson(value: unknown, seen = new Set<object>()): boolean {
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return true;
		case 'number':
			return Number.isFinite(value) && !Object.is(value, -0);
		case 'object': {
			if (value === null) return true;
			if (seen.has(value)) return false;
			seen.add(value);
			if (Array.isArray(value)) {
				for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], seen)) return false;
				return true;
			}
			const proto = Object.getPrototypeOf(value) as unknown;
			if (proto !== Object.prototype && proto !== null) return false;
			for (const key in value) {
				if (REFUSED_KEYS.has(key) || !isPlainJson((value as Record<string, unknown>)[key], seen)) return false;
			}
			return true;
		}
		default:
			return false;
	}
}

export function serialize(value: unknown): ReturnType<typeof superjson.serialize> {
	return isPlainJson(value) ? { json: value as ReturnType<typeof superjson.serialize>['json'] } : superjson.serialize(value);
}

import type { ParamMatcher } from '@sveltejs/kit';
import { isUuid } from '$lib/ids';

/** Ids in URLs are UUIDs: anything else (a NUL, a path, a huge string) is a 404 before any code runs. */
export const match: ParamMatcher = (param) => isUuid(param);

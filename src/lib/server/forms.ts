import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import { fieldErrors } from './trpc';
import { AppError } from './errors';

export interface FormFailure {
	message: string;
	fields: Record<string, string>;
	values: Record<string, string>;
}

/** A failed form submission, typed the same everywhere so pages can read `form.fields.x`. */
export function formFail(status: number, data: { message: string; fields?: Record<string, string>; values?: Record<string, unknown> }) {
	const failure: FormFailure = { message: data.message, fields: data.fields ?? {}, values: (data.values ?? {}) as Record<string, string> };
	return fail(status, failure);
}

/** Form values worth sending back to the page (never passwords or codes). */
function keep(data: Record<string, unknown>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && !/password|confirm|code|token/i.test(e[0]))
	);
}

/** Parse a form with a shared schema; on bad input answer 400 with each field's message. */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S) {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return { ok: false as const, failure: formFail(400, { message: 'The form could not be read. Please try again.' }) };
	}
	const raw: Record<string, unknown> = {};
	for (const [k, v] of form.entries()) {
		if (typeof v !== 'string') continue;
		if (k in raw) raw[k] = ([] as unknown[]).concat(raw[k], v);
		else raw[k] = v;
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success)
		return {
			ok: false as const,
			failure: formFail(400, { message: 'Please correct the highlighted fields.', fields: fieldErrors(parsed.error), values: keep(raw) })
		};
	return { ok: true as const, data: parsed.data as z.infer<S>, values: keep(raw) };
}

/** A deliberate service error as a form failure naming its field. */
export function failFrom(err: unknown, values: Record<string, unknown> = {}) {
	if (err instanceof AppError)
		return formFail(err.status, { message: err.message, fields: err.field ? { [err.field]: err.message } : {}, values });
	throw err;
}

/**
 * Form actions, one way: read the form (`readForm`, `parseForm`), call a procedure or service, and
 * turn a refusal into the failure every page reads (`formFailFrom`: status from the error's code,
 * the message, and the field it names). Unexpected errors are rethrown, never shown.
 */
import { fail } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError, type z } from 'zod';
import { readTypedDate, TYPED_DATE_SUFFIX } from '../date-input';
import { AppError } from './errors';
import { httpStatusOf } from './http/upstream-status';
import { fieldErrors } from './trpc';

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

/**
 * A form's text fields (checkboxes "on"), repeated names as arrays; an unreadable body is an empty form.
 * A date typed into a DateField before it was hydrated (`<name>.dmy`, dd/mm/yyyy) arrives as `<name>`
 * in ISO, like the hydrated field's own value ($lib/date-input.ts).
 */
export async function readForm(request: Request): Promise<Record<string, string | string[]>> {
	const data = await request.formData().catch(() => new FormData());
	const out: Record<string, string | string[]> = {};
	const typedDates: [string, string][] = [];
	for (const [k, v] of data.entries()) {
		if (typeof v !== 'string') continue;
		if (k.endsWith(TYPED_DATE_SUFFIX) && k.length > TYPED_DATE_SUFFIX.length) {
			typedDates.push([k.slice(0, -TYPED_DATE_SUFFIX.length), v]);
			continue;
		}
		const prev = out[k];
		out[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
	}
	for (const [name, typed] of typedDates) if (!one(out[name])) out[name] = readTypedDate(typed);
	return out;
}

/** A form's text fields, the first value of each. */
export async function readFields(request: Request): Promise<Record<string, string>> {
	return Object.fromEntries(Object.entries(await readForm(request)).map(([k, v]) => [k, one(v)]));
}

/** One value of a field that may repeat: the first, or ''. */
export const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** Form values worth sending back to the page (never passwords or codes). */
function keep(data: Record<string, unknown>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && !/password|confirm|code|token/i.test(e[0]))
	);
}

/** Parse a form with a shared schema; on bad input answer 400 with each field's message. */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S) {
	const raw = await readForm(request);
	const parsed = schema.safeParse(raw);
	if (!parsed.success)
		return {
			ok: false as const,
			failure: formFail(400, { message: 'Please correct the highlighted fields.', fields: fieldErrors(parsed.error), values: keep(raw) })
		};
	return { ok: true as const, data: parsed.data, values: keep(raw) };
}

/** A refusal as a page shows it: the HTTP status, the message, and the fields it names. */
export interface Refusal {
	status: number;
	message: string;
	fields: Record<string, string>;
}

/**
 * A procedure's or a service's refusal (a TRPCError, or an AppError thrown by a service called
 * directly); anything else, and a 500, is rethrown for the error page.
 */
export function refusalOf(err: unknown): Refusal {
	if (err instanceof AppError) return { status: err.status, message: err.message, fields: err.field ? { [err.field]: err.message } : {} };
	if (!(err instanceof TRPCError)) throw err;
	const status = httpStatusOf(err, getHTTPStatusCodeFromError);
	if (status === 500) throw err;
	if (err.cause instanceof ZodError) {
		const fields = fieldErrors(err.cause);
		return { status, message: 'Please correct the highlighted fields.', fields };
	}
	const field = err.cause instanceof AppError ? err.cause.field : undefined;
	return { status, message: err.message, fields: field ? { [field]: err.message } : {} };
}

/** A refusal as the form failure every page reads, with the values to show again. */
export function formFailFrom(err: unknown, values: Record<string, unknown> = {}) {
	const { status, ...rest } = refusalOf(err);
	return formFail(status, { ...rest, values });
}

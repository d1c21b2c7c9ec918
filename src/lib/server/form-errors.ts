/** A procedure's error, called from a form action, as the form failure pages read (field named). */
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';
import { AppError } from './errors';
import { formFail } from './forms';
import { fieldErrors } from './trpc';
import { httpStatusOf } from './http/upstream-status';

export function formFailFromTrpc(err: unknown, values: Record<string, unknown> = {}) {
	if (!(err instanceof TRPCError)) throw err;
	const status = httpStatusOf(err, getHTTPStatusCodeFromError);
	if (err.cause instanceof ZodError) {
		const fields = fieldErrors(err.cause);
		return formFail(status, { message: Object.values(fields)[0] ?? 'Please check the form.', fields, values });
	}
	const field = err.cause instanceof AppError ? err.cause.field : undefined;
	return formFail(status, { message: err.message, fields: field ? { [field]: err.message } : {}, values });
}

/** A form's fields as strings (checkboxes "on"), and repeated names as arrays. */
export async function formValues(request: Request): Promise<Record<string, string | string[]>> {
	const data = await request.formData().catch(() => new FormData());
	const out: Record<string, string | string[]> = {};
	for (const [k, v] of data.entries()) {
		if (typeof v !== 'string') continue;
		const prev = out[k];
		out[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
	}
	return out;
}

/**
 * The audit viewer's filters, shared by the page, the procedure and the export. None of them is
 * PHI: people are named by email or user id, resources by id.
 */
import { z } from 'zod';

const day = z
	.string()
	.trim()
	.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Enter a date as YYYY-MM-DD.')
	.optional()
	.or(z.literal('').transform(() => undefined));
const text = (max: number, message: string) =>
	z
		.string()
		.trim()
		.max(max, message)
		.optional()
		.transform((v) => v || undefined);

export const AUDIT_OUTCOME_FILTERS = ['granted', 'denied', 'failed'] as const;

export const auditFiltersSchema = z
	.object({
		/** Who acted: an email or a user id ("system", "anonymous" too). */
		actor: text(254, 'Keep the actor under 254 characters.'),
		/** On whose behalf (an admin acting as a referrer). */
		onBehalfOf: text(254, 'Keep it under 254 characters.'),
		/** Breach review: rows where this account acted or was acted for. */
		involving: text(254, 'Keep it under 254 characters.'),
		action: text(80, 'Choose an action.'),
		resourceType: text(40, 'Keep the resource type under 40 characters.'),
		resourceId: text(120, 'Keep the resource id under 120 characters.'),
		outcome: z
			.enum(AUDIT_OUTCOME_FILTERS, 'Choose granted, denied or failed.')
			.optional()
			.or(z.literal('').transform(() => undefined)),
		/** Days in Sydney time, inclusive. */
		from: day,
		to: day
	})
	.superRefine((v, ctx) => {
		if (v.from && v.to && v.from > v.to)
			ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end date must not be before the start date.' });
	});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/** The filters' names (the URL's query keys). */
export const AUDIT_FILTER_KEYS = auditFiltersSchema.keyof().options;

export function auditFiltersFrom(params: URLSearchParams): Record<string, string> {
	const out: Record<string, string> = {};
	for (const k of AUDIT_FILTER_KEYS) {
		const v = params.get(k);
		if (v) out[k] = v;
	}
	return out;
}

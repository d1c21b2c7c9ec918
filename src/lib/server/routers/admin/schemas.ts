import { z } from 'zod';
import { auditFiltersSchema } from '$lib/schemas/audit';

export const invitationRef = z.object({ id: z.string().uuid() }).strict();

export const usersInput = z
	.object({ q: z.string().trim().max(80).default('') })
	.strict()
	.default({ q: '' });

export const setActiveInput = z.object({ userId: z.uuid('No such user.'), active: z.boolean() }).strict();

export const auditInput = z
	.object({
		filters: auditFiltersSchema.prefault({}),
		beforeSeq: z.number().int().positive().optional(),
		limit: z.number().int().min(1).max(200).default(50)
	})
	.strict()
	.prefault({});

/** A keyset page of an admin list: its direction, the cursor from the last page (none: the first) and a size. */
const pageFields = {
	dir: z.enum(['asc', 'desc']).optional(),
	cursor: z.string().max(1000).nullish(),
	limit: z.number().int().min(1).max(200).default(50)
};
export const pageInput = z.object(pageFields).strict().prefault({});
export const usersPageInput = z
	.object({ ...pageFields, sort: z.enum(['name', 'createdAt']).default('name') })
	.strict()
	.prefault({});
export const outboxPageInput = z.object({ cursor: pageFields.cursor, limit: pageFields.limit }).strict().prefault({});

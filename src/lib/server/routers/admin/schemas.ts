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

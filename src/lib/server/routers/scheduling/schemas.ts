import { z } from 'zod';

export const reconcileInput = z
	.object({ days: z.number().int().min(1).max(365).default(30) })
	.strict()
	.default({ days: 30 });

export const appointmentRef = z.object({ appointmentId: z.string().uuid() }).strict();

export const adoptInput = z
	.object({
		appointmentId: z.string().uuid(),
		memberId: z.string().uuid('Choose the referrer the booking is for.'),
		examinee: z.record(z.string(), z.string().max(2000)),
		intake: z.record(z.string().max(80), z.union([z.string().max(2000), z.array(z.string().max(300)).max(50)]))
	})
	.strict();

export const matchInput = z
	.object({
		appointmentId: z.string().uuid(),
		reference: z.string().trim().min(1, 'Enter the booking reference, e.g. IME-7K3Q9P.').max(20)
	})
	.strict();

export const releaseHoldInput = z.object({ holderKey: z.string().uuid('No such hold.') }).strict();

export const conflictRef = z.object({ id: z.string().uuid() }).strict();

import { z } from 'zod';
import { EXAMINEE_FIELDS, examineeSchema } from '$lib/schemas/booking';

const uuid = z.string().uuid();

export const referrersInput = z
	.object({ q: z.string().trim().max(80).default('') })
	.strict()
	.default({ q: '' });

export const startInput = z
	.object({ forUserId: z.uuid('Choose the referrer the booking is for.').nullish() })
	.strict()
	.default({});

export const draftRef = z.object({ draftId: uuid }).strict();

/** Confirm; `acceptLateFee` when the time is inside the free-cancellation period. */
export const confirmInput = z.object({ draftId: uuid, acceptLateFee: z.boolean().optional() }).strict();

export const chooseInput = z.object({ draftId: uuid, appointmentTypeId: uuid, specialistId: uuid, startsAt: z.coerce.date() }).strict();

export const detailsInput = z
	.object({
		draftId: uuid,
		examinee: examineeSchema,
		intake: z.record(z.string().max(80), z.union([z.string().max(2000), z.array(z.string().max(200)).max(20)]))
	})
	.strict();

export const keepInput = z
	.object({
		draftId: uuid,
		// Only the examinee form's own fields, and at most as many answers as a form could hold.
		examinee: z.partialRecord(z.enum(EXAMINEE_FIELDS, 'Unknown examinee field.'), z.string().max(2000)),
		intake: z
			.record(
				z.string().regex(/^q_[A-Za-z0-9_-]{1,60}$/, 'Unknown intake question.'),
				z.union([z.string().max(2000), z.array(z.string().max(200)).max(20)])
			)
			.refine((r) => Object.keys(r).length <= 100, 'Too many intake answers.')
	})
	.strict();

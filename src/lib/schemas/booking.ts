/**
 * The examinee and intake schemas, shared by the wizard's forms and the procedures. Intake
 * questions come from the appointment type (synced from Acuity's forms): the schema is built from
 * them, so a required question is required on both sides.
 */
import { z } from 'zod';
import type { ExamineeField } from '../examinee-fields';
import type { IntakeField } from '$lib/server/db/schema/scheduling';

const dateString = (label: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as a date.`)
		.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), `Enter a real ${label}.`);

export const examineeSchema = z
	.object({
		givenNames: z.string().trim().min(1, 'Enter the examinee’s given names.').max(100),
		familyName: z.string().trim().min(1, 'Enter the examinee’s family name.').max(100),
		dateOfBirth: dateString('date of birth').refine(
			(v) => v < new Date().toISOString().slice(0, 10),
			'The date of birth must be in the past.'
		),
		phone: z
			.string()
			.trim()
			.regex(/^\+?[0-9 ()-]{8,20}$/, 'Enter a phone number, e.g. 0412 345 678.'),
		email: z.union([z.literal(''), z.string().trim().toLowerCase().max(254).email('Enter a valid email address, or leave it empty.')]),
		address: z.string().trim().min(5, 'Enter the examinee’s address.').max(300),
		claimNumber: z.string().trim().max(60).default(''),
		dateOfInjury: z.union([z.literal(''), dateString('date of injury')]).default(''),
		interpreter: z.enum(['no', 'yes'], 'Say whether an interpreter is needed.'),
		language: z.string().trim().max(60).default(''),
		matterReference: z.string().trim().max(80).default('')
	})
	.superRefine((v, ctx) => {
		if (v.interpreter === 'yes' && !v.language)
			ctx.addIssue({ code: 'custom', path: ['language'], message: 'Enter the language for the interpreter.' });
	});

export type Examinee = z.infer<typeof examineeSchema>;

export { EXAMINEE_FIELDS } from '../examinee-fields';
// The list of fields and the schema's keys are the same set (each way), or this does not compile.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const examineeFieldsMatch: SameKeys<ExamineeField, keyof Examinee> = true;

/** A zod schema for one appointment type's intake questions, keyed `q_<field id>`. */
export function intakeSchemaFor(fields: readonly IntakeField[]) {
	const shape: Record<string, z.ZodType> = {};
	for (const f of fields) {
		const key = `q_${f.id}`;
		const label = f.name.replace(/\s*\(.*\)$/, '');
		let s: z.ZodType;
		switch (f.type) {
			case 'yesno':
				s = f.required ? z.enum(['yes', 'no'], `Answer “${label}”.`) : z.union([z.literal(''), z.enum(['yes', 'no'])]).default('');
				break;
			case 'dropdown':
				s = f.required
					? z.enum(f.options as [string, ...string[]], `Choose an answer for “${label}”.`)
					: z.union([z.literal(''), z.enum(f.options as [string, ...string[]])]).default('');
				break;
			case 'checkbox':
				s = z.preprocess((v) => (v === 'on' || v === 'yes' || v === true ? 'yes' : 'no'), z.enum(['yes', 'no']));
				break;
			case 'checkboxlist':
				s = z.preprocess(
					(v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
					z.array(z.enum(f.options as [string, ...string[]])).max(f.options.length)
				);
				if (f.required) s = (s as z.ZodType<string[]>).refine((a) => a.length > 0, `Choose at least one answer for “${label}”.`);
				break;
			default: {
				const text = z
					.string()
					.trim()
					.max(f.type === 'textarea' || f.type === 'address' ? 2000 : 300);
				s = f.required ? text.min(1, `Answer “${label}”.`) : text.default('');
			}
		}
		shape[key] = s;
	}
	return z.object(shape);
}

export type IntakeAnswers = Record<string, string | string[]>;

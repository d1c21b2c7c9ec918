/**
 * The intake answers as Acuity's form holds them, and back: the appointment type's intake questions
 * are Acuity's form fields (synced by id), so each answer maps to one field. What goes upstream is
 * listed in docs/decisions/011-what-acuity-holds.md: the examinee's name and these answers, nothing
 * else (no date of birth, contact details or address beyond what a question asks).
 */
import type { IntakeAnswers } from '$lib/schemas/booking';
import type { IntakeField } from '../../db/schema';

/** File questions cannot be answered through the API; they stay with the portal's documents. */
const SENT = (f: IntakeField) => f.type !== 'file';

export function intakeToProviderFields(fields: readonly IntakeField[], answers: IntakeAnswers): { fieldId: string; value: string }[] {
	return fields.filter(SENT).map((f) => {
		const a = answers[`q_${f.id}`];
		return { fieldId: f.id, value: Array.isArray(a) ? a.join(', ') : (a ?? '') };
	});
}

/** Answers as the portal's intake form expects them, from the values Acuity holds (prefilling a form). */
export function intakeFromProviderFields(
	fields: readonly IntakeField[],
	values: readonly { fieldId: string; value: string }[]
): IntakeAnswers {
	const out: IntakeAnswers = {};
	for (const f of fields.filter(SENT)) {
		const raw = values.find((v) => v.fieldId === f.id)?.value?.trim() ?? '';
		if (f.type === 'checkboxlist') out[`q_${f.id}`] = raw ? raw.split(/\s*,\s*/).filter((v) => f.options.includes(v)) : [];
		else if (f.type === 'yesno' || f.type === 'checkbox')
			out[`q_${f.id}`] = /^(yes|true|1|on)$/i.test(raw) ? 'yes' : /^(no|false|0)$/i.test(raw) ? 'no' : '';
		else if (f.type === 'dropdown') out[`q_${f.id}`] = f.options.includes(raw) ? raw : '';
		else out[`q_${f.id}`] = raw;
	}
	return out;
}

import { describe, expect, it } from 'vitest';
import { EXAMINEE_FIELDS, examineeSchema } from './booking';

describe('examinee fields', () => {
	it('are the schema’s keys, in the form’s order (the wizard page keeps them without loading the schema)', () => {
		expect([...EXAMINEE_FIELDS]).toEqual(examineeSchema.keyof().options);
	});
});

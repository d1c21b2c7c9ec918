import { describe, expect, it } from 'vitest';
import type { IntakeField } from '../../db/schema';
import { intakeFromProviderFields, intakeToProviderFields } from './intake-upstream';

const FIELDS: IntakeField[] = [
	{ id: '11', name: 'Claim number', required: true, type: 'textbox', options: [] },
	{ id: '12', name: 'Interpreter required', required: false, type: 'yesno', options: [] },
	{ id: '13', name: 'Jurisdiction', required: false, type: 'dropdown', options: ['NSW', 'VIC'] },
	{ id: '14', name: 'Body parts', required: false, type: 'checkboxlist', options: ['Back', 'Knee', 'Neck'] },
	{ id: '15', name: 'Scan', required: false, type: 'file', options: [] }
];

describe('intake answers and Acuity form fields', () => {
	it('sends every answer but file questions, lists joined with commas', () => {
		expect(intakeToProviderFields(FIELDS, { q_11: 'WC-1', q_12: 'no', q_13: 'VIC', q_14: ['Back', 'Neck'], q_15: 'x' })).toEqual([
			{ fieldId: '11', value: 'WC-1' },
			{ fieldId: '12', value: 'no' },
			{ fieldId: '13', value: 'VIC' },
			{ fieldId: '14', value: 'Back, Neck' }
		]);
	});

	it('sends an unanswered question as empty, so an old answer upstream is cleared', () => {
		expect(intakeToProviderFields(FIELDS, {}).find((f) => f.fieldId === '11')).toEqual({ fieldId: '11', value: '' });
	});

	it('reads the answers back, dropping values that are not options', () => {
		const values = [
			{ fieldId: '11', value: ' WC-1 ' },
			{ fieldId: '12', value: 'Yes' },
			{ fieldId: '13', value: 'QLD' },
			{ fieldId: '14', value: 'Knee, Elbow' }
		];
		expect(intakeFromProviderFields(FIELDS, values)).toEqual({ q_11: 'WC-1', q_12: 'yes', q_13: '', q_14: ['Knee'] });
	});

	it('round-trips what it sends', () => {
		const answers = { q_11: 'WC-9', q_12: 'yes', q_13: 'NSW', q_14: ['Back', 'Knee'] };
		expect(intakeFromProviderFields(FIELDS, intakeToProviderFields(FIELDS, answers))).toEqual(answers);
	});
});

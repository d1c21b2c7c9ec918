/** What every part of the fake shares: its state, counters, request log and switches. */
import type { WeeklyHours } from '../../services/scheduling/builtin/availability';
import type { FormFieldType } from '../../services/scheduling/provider';
import type { DeliveredWebhook, FakeFault, FakeState, RequestLogEntry } from './types';

export interface FakeContext {
	userId: string;
	apiKey: string;
	now: () => Date;
	state: FakeState;
	seq: { calendar: number; type: number; form: number; field: number; block: number; appointment: number; webhook: number };
	requestLog: RequestLogEntry[];
	delivered: DeliveredWebhook[];
	pendingDeliveries: Set<Promise<void>>;
	deliveryChain: Promise<void>;
	fault: FakeFault | null;
	/** How many of the next webhook deliveries to drop. */
	dropping: number;
	timers: Set<NodeJS.Timeout>;
}

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

export const bad = (code: string, message: string) => new HttpError(400, code, message);

/** Monday–Friday 09:00–12:30 and 13:30–17:00. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours[] = [1, 2, 3, 4, 5].map((weekday) => ({
	weekday,
	ranges: [
		{ startMinute: 9 * 60, endMinute: 12 * 60 + 30 },
		{ startMinute: 13 * 60 + 30, endMinute: 17 * 60 }
	]
}));

export const FIELD_TYPES: readonly FormFieldType[] = [
	'textbox',
	'textarea',
	'dropdown',
	'checkbox',
	'checkboxlist',
	'yesno',
	'file',
	'address'
];

export function toId(value: unknown): number | null {
	if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
	return null;
}

export const str = (value: unknown) => (typeof value === 'string' ? value : value == null ? '' : String(value));

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

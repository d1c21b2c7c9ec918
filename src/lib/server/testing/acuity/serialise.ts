/** The fake's objects as Acuity's API answers them. */
import { createHmac } from 'node:crypto';
import { formatAcuityDateTime, humanDate, humanTime } from '../../services/scheduling/acuity/datetime';
import type { Catalogue } from './catalogue';
import type { FakeContext } from './context';
import type { FakeAppointment, FakeAppointmentType, FakeBlock, FakeCalendar, FakeForm } from './types';

export type Serialisers = ReturnType<typeof createSerialisers>;

export function createSerialisers(ctx: FakeContext, { calendarById, typeById }: Pick<Catalogue, 'calendarById' | 'typeById'>) {
	const { state, userId, apiKey } = ctx;

	const formIdsOf = (t: FakeAppointmentType) => state.forms.filter((f) => f.appointmentTypeIDs.includes(t.id)).map((f) => f.id);

	const typeJson = (t: FakeAppointmentType) => ({
		id: t.id,
		active: t.active,
		name: t.name,
		description: t.description,
		duration: t.duration,
		price: t.price,
		category: t.category,
		color: t.color,
		private: t.private,
		type: t.type,
		classSize: null,
		paddingAfter: t.paddingAfter,
		paddingBefore: t.paddingBefore,
		calendarIDs: [...t.calendarIDs],
		addonIDs: [],
		formIDs: formIdsOf(t),
		image: '',
		schedulingUrl: `https://app.acuityscheduling.com/schedule.php?owner=${userId}&appointmentType=${t.id}`
	});

	const calendarJson = (c: FakeCalendar) => ({
		id: c.id,
		name: c.name,
		email: c.email,
		replyTo: c.email,
		description: c.description,
		location: c.location,
		timezone: c.timezone,
		thumbnail: c.thumbnail,
		image: c.image
	});

	const formJson = (f: FakeForm) => ({
		id: f.id,
		name: f.name,
		description: f.description,
		hidden: f.hidden,
		appointmentTypeIDs: [...f.appointmentTypeIDs],
		fields: f.fields.map((x) => ({
			id: x.id,
			name: x.name,
			required: x.required,
			type: x.type,
			options: x.options.length ? [...x.options] : null
		}))
	});

	function appointmentJson(a: FakeAppointment): Record<string, unknown> {
		const c = calendarById(a.calendarID);
		const t = typeById(a.appointmentTypeID);
		const zone = c?.timezone ?? 'UTC';
		const end = new Date(a.startsAt.getTime() + a.duration * 60_000);
		const forms = state.forms
			.filter((f) => f.appointmentTypeIDs.includes(a.appointmentTypeID) || f.fields.some((x) => a.fields.some((v) => v.id === x.id)))
			.map((f) => ({
				id: f.id,
				name: f.name,
				values: f.fields.map((x, i) => ({
					id: a.id * 100 + i,
					fieldID: x.id,
					value: a.fields.find((v) => v.id === x.id)?.value ?? '',
					name: x.name
				}))
			}));
		return {
			id: a.id,
			firstName: a.firstName,
			lastName: a.lastName,
			phone: a.phone,
			email: a.email,
			date: humanDate(a.startsAt, zone),
			time: humanTime(a.startsAt, zone),
			// Acuity's endTime is a clock time in the calendar's zone, not a datetime.
			endTime: humanTime(end, zone),
			dateCreated: humanDate(a.createdAt, zone),
			datetimeCreated: formatAcuityDateTime(a.createdAt, zone),
			datetime: formatAcuityDateTime(a.startsAt, zone),
			price: a.price,
			priceSold: a.price,
			paid: a.paid ? 'yes' : 'no',
			amountPaid: a.paid ? a.price : '0.00',
			type: t?.name ?? '',
			appointmentTypeID: a.appointmentTypeID,
			classID: null,
			addonIDs: [],
			category: t?.category ?? '',
			// Acuity sends an appointment's duration as a string.
			duration: String(a.duration),
			calendar: c?.name ?? '',
			calendarID: a.calendarID,
			certificate: null,
			confirmationPage: `https://app.acuityscheduling.com/schedule.php?owner=${userId}&action=appt&id%5B%5D=${createHmac('md5', apiKey).update(String(a.id)).digest('hex')}`,
			location: c?.location ?? '',
			notes: a.notes,
			timezone: a.timezone,
			calendarTimezone: zone,
			canceled: a.canceled,
			canClientCancel: !a.canceled,
			canClientReschedule: !a.canceled,
			noShow: a.noShow,
			labels: null,
			forms
		};
	}

	const blockJson = (b: FakeBlock) => {
		const zone = calendarById(b.calendarID)?.timezone ?? 'UTC';
		return {
			id: b.id,
			calendarID: b.calendarID,
			start: formatAcuityDateTime(b.start, zone),
			end: formatAcuityDateTime(b.end, zone),
			notes: b.notes,
			description: `${humanDate(b.start, zone)} ${humanTime(b.start, zone)} – ${humanTime(b.end, zone)}`
		};
	};

	return { typeJson, calendarJson, formJson, appointmentJson, blockJson };
}

/**
 * An organisation's owners and managers look after their own people: members, invitations,
 * teams. Every form posts here (works without JavaScript); the procedures decide, so a crafted
 * field (a platform role, an organisation) is refused there and named in the answer.
 */
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';

export const load = async (event) => {
	const overview = await callerFor(event).organisation.overview().catch(pageErrorFrom);
	const editing = event.url.searchParams.get('member');
	return { ...overview, editing: overview.members.find((m) => m.id === editing && m.mayEdit)?.id ?? null };
};

type Event = import('./$types').RequestEvent;
type Form = Record<string, string | string[]>;
/** Runs the change; answers `{ ok, message, formId }`, or the refusal (with the values to show again). */
const run = async (event: Event, work: (f: Form) => Promise<string>) => {
	const f = await readForm(event.request);
	const formId = one(f.formId);
	try {
		return { ok: true, message: await work(f), formId };
	} catch (err) {
		// The text fields, to show again (role checkboxes keep their defaults).
		const values = Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string'));
		return formFailFrom(err, { ...values, formId });
	}
};
/** The form's fields except the page's own bookkeeping, for a procedure that refuses anything unexpected. */
const fieldsOf = (f: Form) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'formId'));

export const actions = {
	invite: (event) =>
		run(event, async (f) => {
			// Everything the form sent goes to the procedure, which refuses anything it does not expect.
			await callerFor(event).organisation.invite(fieldsOf(f) as never);
			return `Invitation sent to ${one(f.email).trim().toLowerCase()}.`;
		}),
	updateMember: (event) =>
		run(event, async (f) => {
			await callerFor(event).organisation.updateMember({
				memberId: one(f.memberId),
				roles: ([] as string[]).concat(f.roles ?? []) as never,
				teamId: one(f.teamId) || null
			});
			return 'Member updated.';
		}),
	setActive: (event) =>
		run(event, async (f) => {
			const r = await callerFor(event).organisation.setMemberActive({ memberId: one(f.memberId), active: one(f.active) === 'true' });
			return r.active ? `${r.name} can sign in again.` : `${r.name} is deactivated and signed out everywhere.`;
		}),
	createTeam: (event) =>
		run(event, async (f) => {
			await callerFor(event).organisation.createTeam({ name: one(f.name) });
			return 'Team added.';
		}),
	renameTeam: (event) =>
		run(event, async (f) => {
			await callerFor(event).organisation.renameTeam({ teamId: one(f.teamId), name: one(f.name) });
			return 'Team renamed.';
		})
};

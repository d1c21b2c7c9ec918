import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, readForm } from '$lib/server/forms';

export const load = async (event) => ({ org: await callerFor(event).admin.orgs.get({ id: event.params.id }).catch(pageErrorFrom) });

type Event = import('./$types').RequestEvent;
const run = async (event: Event, work: (f: Record<string, string | string[]>) => Promise<string>) => {
	const f = await readForm(event.request);
	try {
		return { ok: true, message: await work(f), formId: String(f.formId ?? '') };
	} catch (err) {
		return formFailFrom(err, { formId: f.formId, name: f.name });
	}
};
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export const actions = {
	update: (event) =>
		run(event, async (f) => {
			await callerFor(event).admin.orgs.update({
				id: event.params.id,
				name: str(f.name),
				require2fa: f.require2fa === 'on',
				active: f.active === 'on'
			});
			return 'Organisation saved.';
		}),
	createTeam: (event) =>
		run(event, async (f) => {
			await callerFor(event).admin.orgs.createTeam({ organizationId: event.params.id, name: str(f.name) });
			return 'Team added.';
		}),
	renameTeam: (event) =>
		run(event, async (f) => {
			await callerFor(event).admin.orgs.renameTeam({ id: str(f.teamId), name: str(f.name) });
			return 'Team renamed.';
		}),
	deleteTeam: (event) =>
		run(event, async (f) => {
			const r = await callerFor(event).admin.orgs.deleteTeam({ id: str(f.teamId) });
			return r.membersWithoutTeam ? `Team removed; ${r.membersWithoutTeam} member(s) now have no team.` : 'Team removed.';
		}),
	updateMember: (event) =>
		run(event, async (f) => {
			const roles = ([] as string[]).concat(f.roles ?? []) as ('owner' | 'manager' | 'team_lead' | 'referrer')[];
			await callerFor(event).admin.orgs.updateMember({ id: str(f.memberId), roles, teamId: str(f.teamId) || null });
			return 'Member updated.';
		}),
	removeMember: (event) =>
		run(event, async (f) => {
			await callerFor(event).admin.orgs.removeMember({ id: str(f.memberId) });
			return 'Member removed from the organisation.';
		})
};

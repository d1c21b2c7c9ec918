/** Words for a booking's stage and status, shared by server and browser code. */
export const STAGE_LABELS = {
	scheduled: 'Scheduled',
	rescheduled: 'Rescheduled',
	cancelled: 'Cancelled',
	no_show: 'No-show',
	report_in_progress: 'Report in progress',
	report_ready: 'Report ready',
	paid: 'Paid'
} as const;

export const STATUS_LABELS = { active: 'Active', closed: 'Closed', archived: 'Archived' } as const;

export const stageLabel = (stage: string) => (STAGE_LABELS as Record<string, string>)[stage] ?? stage;
export const statusLabel = (status: string) => (STATUS_LABELS as Record<string, string>)[status] ?? status;

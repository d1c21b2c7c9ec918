/** The admin insights page's one choice: how the weekly examinations are split (a GET parameter). */
import { z } from 'zod';

export const WEEKLY_SPLITS = ['organisation', 'exam-type'] as const;
export type WeeklySplitChoice = (typeof WEEKLY_SPLITS)[number];

export const insightsInput = z.object({
	by: z.enum(WEEKLY_SPLITS, { error: 'Split the bookings by "organisation" or "exam-type".' }).default('organisation')
});
export type InsightsInput = z.infer<typeof insightsInput>;

/** The charts that download as CSV, by the name in their address (`/admin/insights/<chart>.csv`). */
export const INSIGHT_CHARTS = ['weekly-examinations', 'report-turnaround', 'missed-examinations', 'specialist-hours'] as const;
export type InsightChart = (typeof INSIGHT_CHARTS)[number];

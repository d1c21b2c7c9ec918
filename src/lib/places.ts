/** Australian states, time zones and weekdays, without any schema library (pages list them in selects). */
export const AU_STATES = ['NSW', 'VIC', 'QLD', 'SA', 'WA', 'TAS', 'ACT', 'NT'] as const;
export const AU_ZONES = [
	'Australia/Sydney',
	'Australia/Melbourne',
	'Australia/Brisbane',
	'Australia/Adelaide',
	'Australia/Perth',
	'Australia/Hobart',
	'Australia/Darwin',
	'Australia/Lord_Howe',
	'Australia/Broken_Hill',
	'Australia/Eucla'
] as const;
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

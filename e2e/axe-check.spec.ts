/**
 * The accessibility check every page test relies on (expectAccessible in fixtures.ts) still finds
 * violations as it is configured: a check that passed everything would prove nothing.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './fixtures';

test('the axe check fails on a page with violations and names them, and passes a clean one', async ({ page }) => {
	await page.setContent(
		'<!doctype html><html lang="en"><head><title>t</title></head><body><main><img src="data:," width="10" height="10"><p style="color:#aaa;background:#fff">faint</p></main></body></html>'
	);
	const failure = await expectAccessible(page).then(
		() => null,
		(e: Error) => e.message
	);
	expect(failure).toContain('image-alt');
	expect(failure).toContain('color-contrast');

	await page.setContent('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>Fine</h1></main></body></html>');
	await expectAccessible(page);
});

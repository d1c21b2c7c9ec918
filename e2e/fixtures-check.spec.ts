/**
 * What every page test relies on in fixtures.ts: the accessibility check still finds violations as it
 * is configured (a check that passed everything would prove nothing), and `page.goto` hands over an
 * app page only once it has hydrated, on the test's own page and on pages of contexts it opens.
 */
import { expect, test, expectAccessible, isAppPage } from './fixtures';

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

test('page.goto returns once an app page has hydrated, and passes other answers at once', async ({ page }) => {
	await page.goto('/sign-in');
	expect(await isAppPage(page)).toBe(true);
	expect(await page.locator('html[data-hydrated]').count()).toBe(1);
	await page.goto('/api/health');
	expect(await isAppPage(page)).toBe(false);

	// An app page that never hydrates (its scripts refused) makes page.goto wait, then fail.
	await page.route('**/_app/immutable/**', (route) => route.abort());
	page.setDefaultTimeout(1500);
	await expect(page.goto('/sign-in')).rejects.toThrow(/data-hydrated/);
});

test('pages of a context the test opens itself wait for hydration too, unless JavaScript is off', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.route('**/_app/immutable/**', (route) => route.abort());
	page.setDefaultTimeout(1500);
	await expect(page.goto('/sign-in')).rejects.toThrow(/data-hydrated/);
	await context.close();

	const plain = await browser.newContext({ javaScriptEnabled: false });
	const noScript = await plain.newPage();
	noScript.setDefaultTimeout(1500);
	await noScript.goto('/sign-in');
	await expect(noScript.getByRole('button', { name: 'Sign in' })).toBeVisible();
	await plain.close();
});

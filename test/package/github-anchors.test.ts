import { githubAnchors } from './github-anchors';

// Anchors as github.com renders them for these headings.
describe('githubAnchors', () => {
	it('slugs headings the way GitHub does', () => {
		const markdown = [
			'# n8n-nodes-roughy',
			'## Quick start (on a fresh machine)',
			'### Roughy Trigger',
			'## `npm run demo` & the **emulator**',
			'## Credentials',
			'```bash',
			'# not a heading',
			'```',
			'## Credentials',
		].join('\n');
		expect(githubAnchors(markdown)).toEqual([
			'n8n-nodes-roughy',
			'quick-start-on-a-fresh-machine',
			'roughy-trigger',
			'npm-run-demo--the-emulator',
			'credentials',
			'credentials-1',
		]);
	});
});

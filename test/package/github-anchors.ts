/**
 * The anchors GitHub gives a Markdown file's headings (github-slugger's
 * rules): the rendered heading text lower-cased, every character that is not
 * a letter, mark, digit, connector punctuation, hyphen or space dropped,
 * spaces turned into hyphens, and repeats numbered -1, -2, … in order.
 * Headings inside fenced code blocks are not headings.
 */
export function githubAnchors(markdown: string): string[] {
	const anchors: string[] = [];
	const seen = new Map<string, number>();
	let fence: string | undefined;
	for (const line of markdown.split('\n')) {
		const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
		if (fenceMatch) {
			if (fence === undefined) fence = fenceMatch[1][0];
			else if (fenceMatch[1][0] === fence) fence = undefined;
			continue;
		}
		const heading = fence === undefined ? /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line) : null;
		if (!heading) continue;
		const text = heading[1]
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/`|\*\*|\*/g, '');
		const slug = text
			.toLowerCase()
			.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.push(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

// Copies the icons into dist/: n8n resolves a node's `file:` icon path
// relative to the compiled .js file, and tsc copies no SVG or PNG files.
// All icons live in icons/ so the nodes and the credential share one copy.
const path = require('path');
const { task, src, dest } = require('gulp');

function copyIcons() {
	// encoding:false keeps PNG bytes intact (gulp 5 reads files as UTF-8 by default).
	return src(path.resolve('icons', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'icons')),
	);
}

task('build:icons', copyIcons);

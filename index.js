// n8n discovers this package through the "n8n" section of package.json, not
// through this file. It exists because older n8n versions and some tooling
// resolve a package's "main" entry when installing community packages.
module.exports = {};

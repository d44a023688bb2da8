// The extension host's test entry (extensionTestsPath): mocha (TDD interface) over the suite's
// files, through the harness (extension/harness/mocha-index.cjs), which writes the results JSON.
'use strict';
const { runMocha } = require('../../harness/mocha-index.cjs');

exports.run = () => runMocha({ cwd: __dirname, files: ['*.test.cjs'], mocha: { ui: 'tdd', timeout: 60000 } });

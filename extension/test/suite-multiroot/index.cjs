// The extension host's test entry for a multi-root workspace (a .code-workspace file with two folders).
'use strict';
const { runMocha } = require('../../harness/mocha-index.cjs');

exports.run = () => runMocha({ cwd: __dirname, files: ['*.test.cjs'], mocha: { ui: 'tdd', timeout: 60000 } });

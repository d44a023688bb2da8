// The extension host's test entry for a workspace that is NOT trusted (Restricted Mode).
'use strict';
const { runMocha } = require('../../harness/mocha-index.cjs');

exports.run = () => runMocha({ cwd: __dirname, files: ['*.test.cjs'], mocha: { ui: 'tdd', timeout: 60000 } });

#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json): no ES module loader to start for an entry that only requires the bundle.
const { join } = require('node:path');
const { start, exitWhenWritten } = require('../dist/bundle/start.js');

start(join(__dirname, '../dist/bundle/gitops-check.js'), process.argv.slice(2)).then(exitWhenWritten);

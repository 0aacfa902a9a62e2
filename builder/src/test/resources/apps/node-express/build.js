// Runs as the "build" script during the build: proves scripts run with devDependencies present.
const fs = require('fs');
const isNumber = require('is-number');
fs.writeFileSync('built.txt', `built with devDependencies: ${isNumber(42)}\n`);

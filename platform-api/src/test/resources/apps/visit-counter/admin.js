'use strict';
// One-off admin tasks, run in a one-off dyno: `paas run node admin.js report`.
const { redis, close } = require('./store');
const { version } = require('./package.json');

async function report() {
  console.log(`visits=${(await redis('GET', 'visits')) || 0}`);
  console.log(`greeting=${process.env.GREETING || 'none'}`);
  console.log(`version=${version}`);
}

const tasks = { report };
const task = tasks[process.argv[2]];
if (!task) {
  console.error(`usage: node admin.js ${Object.keys(tasks).join('|')}`);
  process.exit(64);
}
task().then(() => { close(); }, (err) => {
  console.error(err.message);
  process.exit(1);
});

'use strict';
const { redis, close } = require('./store');

const dyno = process.env.DYNO || 'worker';
let stopping = false;
let wake = null;

process.on('SIGTERM', () => {
  console.log(`${dyno} got SIGTERM: finishing the current tick`);
  stopping = true;
  if (wake) wake();
});

async function main() {
  if (!process.env.REDIS_URL) {
    console.log(`${dyno} has no REDIS_URL: idle`);
    await new Promise((resolve) => { wake = resolve; });
  }
  while (!stopping) {
    const n = await redis('HINCRBY', 'ticks-by-dyno', dyno, 1);
    console.log(`${dyno} tick ${n}`);
    await new Promise((resolve) => { wake = resolve; setTimeout(resolve, 2000); });
  }
  close();
  console.log(`${dyno} stopped cleanly`);
  process.exit(0);
}

main().catch((err) => {
  console.log(`${dyno} failed: ${err.message}`);
  process.exit(1);
});

'use strict';

const { createClient } = require('redis');

const redis = createClient({ url: process.env.REDIS_URL });
redis.on('error', (err) => console.error('redis error', err.message));

let stopping = false;
process.on('SIGTERM', () => {
  console.log('SIGTERM: finishing the current job, then exiting');
  stopping = true;
});

async function main() {
  await redis.connect();
  console.log(`${process.env.DYNO || 'worker'} waiting for jobs`);
  while (!stopping) {
    const popped = await redis.brPop('jobs', 1);
    if (!popped) continue;
    const job = JSON.parse(popped.element);
    const result = { id: job.id, state: 'done', square: job.n * job.n, by: process.env.DYNO || 'worker' };
    await redis.set(`jobs:result:${job.id}`, JSON.stringify(result));
    console.log(`ran job ${job.id}`);
  }
  await redis.quit();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

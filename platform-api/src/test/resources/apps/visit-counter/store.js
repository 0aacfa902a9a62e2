'use strict';
// The app's one backing service: Redis at REDIS_URL, reconnected after a lost connection.
const { connect } = require('tiny-resp');

let client = null;

async function redis(...args) {
  if (!process.env.REDIS_URL) throw new Error('no REDIS_URL: attach a Redis add-on (paas addons:create redis)');
  if (!client || client.error) client = connect(process.env.REDIS_URL);
  await client.ready;
  return client.command(...args);
}

function close() {
  if (client) client.quit();
}

module.exports = { redis, close };

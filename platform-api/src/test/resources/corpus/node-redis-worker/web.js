'use strict';

const express = require('express');
const { createClient } = require('redis');

const PORT = process.env.PORT || 3000;
const redis = createClient({ url: process.env.REDIS_URL });
redis.on('error', (err) => console.error('redis error', err.message));

const app = express();

// Enqueue a job: POST /jobs?n=7 answers the job's id.
app.post('/jobs', async (req, res) => {
  const id = await redis.incr('jobs:next-id');
  await redis.lPush('jobs', JSON.stringify({ id, n: Number(req.query.n || 1) }));
  console.log(`enqueued job ${id}`);
  res.status(202).json({ id });
});

// A job's result, once a worker has run it.
app.get('/jobs/:id', async (req, res) => {
  const result = await redis.get(`jobs:result:${req.params.id}`);
  if (result === null) {
    return res.status(404).json({ id: req.params.id, state: 'queued' });
  }
  res.json(JSON.parse(result));
});

app.get('/', (req, res) => res.send('jobs-with-redis'));

redis.connect().then(() => {
  app.listen(PORT, () => console.log(`Listening on ${PORT}`));
});

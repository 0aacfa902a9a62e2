'use strict';
const http = require('http');
const { redis, close } = require('./store');

const dyno = process.env.DYNO || 'web';

const routes = {
  '/port': async () => process.env.PORT,
  '/visits': async () => redis('INCR', 'visits'),
  '/workers': async () => (await redis('HKEYS', 'ticks-by-dyno')).sort().join(' '),
};

const server = http.createServer(async (req, res) => {
  console.log(`${req.method} ${req.url}`);
  const path = req.url.split('?')[0];
  if (path === '/crash') {
    console.log(`${dyno} crashing on purpose`);
    res.end('crashing\n', () => process.exit(3));
    return;
  }
  const route = routes[path] || (async () => `${dyno} ${process.env.GREETING || 'none'}`);
  try {
    res.end(`${await route()}\n`);
  } catch (err) {
    console.log(`${dyno} failed: ${err.message}`);
    res.statusCode = 500;
    res.end(`${err.message}\n`);
  }
});

server.listen(Number(process.env.PORT), () => console.log(`${dyno} listening on ${process.env.PORT}`));

process.on('SIGTERM', () => {
  console.log(`${dyno} got SIGTERM: closing the server`);
  server.close(() => {
    close();
    console.log(`${dyno} stopped cleanly`);
    process.exit(0);
  });
  server.closeIdleConnections();
});

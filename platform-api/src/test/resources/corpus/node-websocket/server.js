'use strict';

const express = require('express');
const { createServer } = require('http');
const { WebSocketServer } = require('ws');

const PORT = process.env.PORT || 3000;
const app = express();
app.get('/', (req, res) => res.send('<!doctype html><title>chat</title><p>open a WebSocket to /chat</p>'));

const server = createServer(app);
const wss = new WebSocketServer({ server, path: '/chat' });

wss.on('connection', (ws, req) => {
  console.log(`client connected from ${req.headers['x-forwarded-for'] || req.socket.remoteAddress}`);
  ws.send(`welcome from ${process.env.DYNO || 'local'}`);
  ws.on('message', (data) => ws.send(`echo: ${data}`));
  ws.on('close', () => console.log('client disconnected'));
});

server.listen(PORT, () => console.log(`Listening on ${PORT}`));

'use strict';
// A minimal Redis client: RESP2 commands over one TCP connection, replies in order.
const net = require('net');

class Client {
  constructor(url) {
    const u = new URL(url);
    this.pending = [];
    this.buffer = Buffer.alloc(0);
    this.error = null;
    this.socket = net.connect(Number(u.port || 6379), u.hostname);
    this.socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.settle();
    });
    const fail = (err) => {
      this.error = this.error || err;
      for (const p of this.pending.splice(0)) p.reject(this.error);
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('connection to Redis closed')));
    this.ready = u.password ? this.command('AUTH', decodeURIComponent(u.password)) : Promise.resolve('OK');
  }

  command(...args) {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      let out = `*${args.length}\r\n`;
      for (const a of args) {
        const s = String(a);
        out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
      }
      this.socket.write(out);
    });
  }

  settle() {
    while (this.pending.length) {
      const reply = parse(this.buffer, 0);
      if (!reply) return;
      this.buffer = this.buffer.subarray(reply.end);
      const p = this.pending.shift();
      if (reply.value instanceof Error) p.reject(reply.value);
      else p.resolve(reply.value);
    }
  }

  quit() {
    this.socket.end();
  }
}

// One reply starting at `at`, or null while it has not fully arrived.
function parse(buf, at) {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+': return { value: line, end: next };
    case '-': return { value: new Error(line), end: next };
    case ':': return { value: Number(line), end: next };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      if (buf.length < next + n + 2) return null;
      return { value: buf.toString('utf8', next, next + n), end: next + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items = [];
      let end = next;
      for (let i = 0; i < n; i++) {
        const item = parse(buf, end);
        if (!item) return null;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      return { value: new Error(`unexpected reply type ${JSON.stringify(type)}`), end: buf.length };
  }
}

module.exports = { connect: (url) => new Client(url) };

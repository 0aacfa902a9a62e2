const http = require('http');
const fs = require('fs');

const port = process.env.PORT || 3000;
http.createServer((req, res) => {
  // The repository's other directories are not part of this app's slug.
  const others = ['services/api', 'packages/shared'].filter((d) => fs.existsSync(d));
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(`acme web on ${process.env.DYNO}; other parts of the repo here: ${others.length ? others.join(', ') : 'none'}\n`);
}).listen(port, () => console.log(`acme web listening on ${port}`));

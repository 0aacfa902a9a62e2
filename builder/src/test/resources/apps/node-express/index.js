const express = require('express');
const fs = require('fs');

const app = express();
app.get('/', (req, res) => {
  res.type('text/plain').send(`hello from express, NODE_ENV=${process.env.NODE_ENV}, ${fs.readFileSync('built.txt', 'utf8').trim()}\n`);
});
const port = process.env.PORT || 5000;
app.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));

'use strict';

const express = require('express');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();

app.get('/', async (req, res) => {
  const { rows } = await pool.query('SELECT body FROM notes ORDER BY id');
  res.type('text').send(rows.map((r) => r.body).join('\n') + '\n');
});

app.listen(process.env.PORT || 3000, () => console.log('notes listening'));

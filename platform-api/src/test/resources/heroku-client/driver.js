'use strict'
// Drives paasd with the npm heroku-client, as a Heroku API client would. Every file in cases/ exports
// async function (ctx); they run in name order against one app. ctx: heroku (the client), app (its
// name), expect(what, object, shape) checks field names and JSON types against a shape
// ({field: 'string' | 'number' | 'boolean' | 'object' | 'array' | 'string|null' ...}), http(url) opens a
// URL with no credentials. Prints one line per case; exits 1 when any failed.
const fs = require('fs')
const path = require('path')
const http = require('http')
const Heroku = require('heroku-client')

function typeOf (v) {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

function expect (what, object, shape) {
  if (typeOf(object) !== 'object') throw new Error(what + ': expected an object, got ' + JSON.stringify(object))
  for (const [field, types] of Object.entries(shape)) {
    if (!(field in object)) throw new Error(what + ': field ' + field + ' is missing in ' + JSON.stringify(object))
    const actual = typeOf(object[field])
    if (!types.split('|').includes(actual)) {
      throw new Error(what + ': field ' + field + ' is ' + actual + ' (' + JSON.stringify(object[field]) + '), expected ' + types)
    }
  }
  return object
}

function check (what, condition) {
  if (!condition) throw new Error(what)
}

// GET with no Authorization header, for URLs that carry their own secret; answers status and body.
function open (url) {
  return new Promise((resolve, reject) => {
    http.get(url, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', d => { body += d })
      res.on('end', () => resolve({ status: res.statusCode, body }))
    }).on('error', reject)
  })
}

async function main () {
  const heroku = new Heroku({ host: process.env.HEROKU_API_URL, token: process.env.HEROKU_API_KEY })
  const ctx = { heroku, app: process.env.APP, expect, check, open }
  const dir = path.join(__dirname, 'cases')
  const only = process.env.CASES ? process.env.CASES.split(',') : null
  let failed = 0
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.js')).sort()) {
    const name = file.replace(/\.js$/, '')
    if (only && !only.includes(name)) continue
    try {
      await require(path.join(dir, file))(ctx)
      console.log('ok ' + name)
    } catch (e) {
      failed++
      console.log('FAILED ' + name + ': ' + (e.statusCode ? e.statusCode + ' ' + JSON.stringify(e.body) + ' ' : '') + e.message)
    }
  }
  process.exit(failed ? 1 : 0)
}

main()

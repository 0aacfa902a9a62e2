'use strict'
// domains: the app's own name (kind heroku) and a custom one (kind custom, with the DNS target as cname).
const DOMAIN = {
  id: 'string', hostname: 'string', kind: 'string', cname: 'string|null', app: 'object', status: 'string',
  created_at: 'string', updated_at: 'string'
}
module.exports = async ({ heroku, app, expect, check }) => {
  const hostname = 'www.' + app + '.heroku-client.example'
  const added = expect('POST /domains', await heroku.post('/apps/' + app + '/domains', { body: { hostname } }), DOMAIN)
  check('a custom domain is kind custom with a cname, got ' + JSON.stringify(added), added.kind === 'custom' && added.cname)
  const list = await heroku.get('/apps/' + app + '/domains')
  list.forEach(d => expect('domain ' + d.hostname, d, DOMAIN))
  const own = list.find(d => d.kind === 'heroku')
  check('the app\'s own domain is kind heroku with no cname: ' + JSON.stringify(list), own && own.cname === null)
  check('the custom domain points at the app\'s own name', added.cname === own.hostname)
  expect('GET /domains/{hostname}', await heroku.get('/apps/' + app + '/domains/' + hostname), DOMAIN)
  expect('DELETE /domains/{id}', await heroku.delete('/apps/' + app + '/domains/' + added.id), DOMAIN)
  const after = await heroku.get('/apps/' + app + '/domains')
  check('the custom domain is gone', !after.some(d => d.hostname === hostname))
}

'use strict'
// account; an app's whole life (create, rename, buildpacks, drains, delete); errors as Heroku clients read them.
const APP = { id: 'string', name: 'string', created_at: 'string', git_url: 'string', web_url: 'string', owner: 'object' }
const INSTALLATION = { ordinal: 'number', buildpack: 'object' }
module.exports = async ({ heroku, app, expect, check }) => {
  const me = expect('GET /account', await heroku.get('/account'), { id: 'string', email: 'string', created_at: 'string' })
  const name = 'hc-' + Date.now().toString(36)
  const made = expect('POST /apps', await heroku.post('/apps', { body: { name } }), APP)
  check('the creator owns it', made.owner.email === me.email)
  const renamed = expect('PATCH /apps/{app} name', await heroku.patch('/apps/' + made.id, { body: { name: name + '-b' } }), APP)
  check('renamed, got ' + renamed.name, renamed.name === name + '-b')

  const set = await heroku.put('/apps/' + renamed.name + '/buildpack-installations',
    { body: { updates: [{ buildpack: 'heroku/python' }] } })
  set.forEach(b => expect('buildpack-installation', b, INSTALLATION))
  set.forEach(b => expect('buildpack-installation.buildpack', b.buildpack, { url: 'string', name: 'string' }))
  check('one buildpack at ordinal 0, got ' + JSON.stringify(set), set.length === 1 && set[0].ordinal === 0)
  check('read back', (await heroku.get('/apps/' + renamed.name + '/buildpack-installations')).length === 1)

  check('no drains yet', (await heroku.get('/apps/' + renamed.name + '/log-drains')).length === 0)
  try {
    await heroku.post('/apps/' + renamed.name + '/log-drains', { body: { url: 'syslog+tcp://127.0.0.1:514' } })
    check('a drain to this host is refused', false)
  } catch (e) {
    check('a drain to this host is a 422 with Heroku\'s error body, got ' + e.statusCode + ' ' + JSON.stringify(e.body),
      e.statusCode === 422 && typeof e.body.id === 'string' && typeof e.body.message === 'string')
  }

  expect('DELETE /apps/{app}', await heroku.delete('/apps/' + renamed.name), APP)
  try {
    await heroku.get('/apps/' + renamed.name)
    check('a deleted app is gone', false)
  } catch (e) {
    check('a deleted app is a 404 not_found, got ' + e.statusCode + ' ' + JSON.stringify(e.body),
      e.statusCode === 404 && e.body.id === 'not_found')
  }
  check('the pushed app is untouched', (await heroku.get('/apps/' + app)).name === app)
}

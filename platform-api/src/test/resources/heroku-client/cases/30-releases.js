'use strict'
// releases: list, info, and a client's plain rollback (to the newest eligible release before the current one).
const RELEASE = {
  id: 'string', version: 'number', description: 'string', status: 'string', current: 'boolean',
  eligible_for_rollback: 'boolean', slug: 'object|null', app: 'object', user: 'object', created_at: 'string',
  updated_at: 'string', output_stream_url: 'string|null'
}
module.exports = async ({ heroku, app, expect, check }) => {
  const releases = await heroku.get('/apps/' + app + '/releases')
  releases.forEach(r => expect('release v' + r.version, r, RELEASE))
  releases.forEach(r => expect('release.app', r.app, { id: 'string', name: 'string' }))
  check('release.app names the app', releases.every(r => r.app.name === app))
  const v1 = releases.find(r => r.version === 1)
  check('v1 has no slug, so no rollback goes there', v1 && v1.eligible_for_rollback === false)
  const current = releases.find(r => r.current)
  expect('GET /releases/{version}', await heroku.get('/apps/' + app + '/releases/' + current.version), RELEASE)
  const previous = releases.filter(r => r.version < current.version && r.eligible_for_rollback)
    .sort((a, b) => b.version - a.version)[0]
  check('a previous release is eligible for rollback: ' + JSON.stringify(releases.map(r => [r.version, r.eligible_for_rollback])), previous)
  const rolled = expect('POST /releases (rollback)', await heroku.post('/apps/' + app + '/releases', { body: { release: previous.id } }), RELEASE)
  check('the rollback is a new release', rolled.version > current.version)
}

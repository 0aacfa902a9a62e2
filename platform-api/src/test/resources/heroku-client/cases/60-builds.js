'use strict'
// builds: list and info.
const BUILD = {
  id: 'string', status: 'string', created_at: 'string', updated_at: 'string', source_blob: 'object',
  slug: 'object|null', release: 'object|null', user: 'object', output_stream_url: 'string|null'
}
module.exports = async ({ heroku, app, expect, check }) => {
  const builds = await heroku.get('/apps/' + app + '/builds')
  check('one build at least', builds.length > 0)
  builds.forEach(b => expect('build', b, BUILD))
  const build = expect('GET /builds/{id}', await heroku.get('/apps/' + app + '/builds/' + builds[0].id), BUILD)
  check('a succeeded build has a slug and a release', build.status !== 'succeeded' || (build.slug.id && build.release.id))
}

'use strict'
// apps: info, the two lists Heroku clients ask for, and an update.
const APP = {
  id: 'string', name: 'string', created_at: 'string', updated_at: 'string', released_at: 'string|null',
  git_url: 'string', web_url: 'string', maintenance: 'boolean', owner: 'object', acm: 'boolean',
  stack: 'object', build_stack: 'object', region: 'object', slug_size: 'number|null', repo_size: 'number|null'
}
module.exports = async ({ heroku, app, expect, check }) => {
  const info = expect('GET /apps/{app}', await heroku.get('/apps/' + app), APP)
  expect('app.owner', info.owner, { id: 'string', email: 'string' })
  expect('app.stack', info.stack, { name: 'string' })
  expect('app.build_stack', info.build_stack, { name: 'string' })
  expect('app.region', info.region, { name: 'string' })
  check('slug_size is the running slug\'s size, got ' + info.slug_size, info.slug_size > 0)
  for (const list of ['/apps', '/users/~/apps']) {
    const apps = await heroku.get(list)
    check(list + ' lists ' + app, apps.some(a => a.name === app))
    apps.forEach(a => expect(list + ' item', a, APP))
  }
  expect('PATCH /apps/{app}', await heroku.patch('/apps/' + app, { body: { maintenance: false } }), APP)
}

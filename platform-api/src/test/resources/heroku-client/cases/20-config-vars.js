'use strict'
// config-vars: set, read, unset (null); each change is a release.
module.exports = async ({ heroku, app, check }) => {
  const set = await heroku.patch('/apps/' + app + '/config-vars', { body: { HEROKU_CLIENT: 'yes', GONE: 'x' } })
  check('PATCH answers the whole config, got ' + JSON.stringify(set), set.HEROKU_CLIENT === 'yes' && set.GONE === 'x')
  const unset = await heroku.patch('/apps/' + app + '/config-vars', { body: { GONE: null } })
  check('null removes a var, got ' + JSON.stringify(unset), !('GONE' in unset) && unset.HEROKU_CLIENT === 'yes')
  const read = await heroku.get('/apps/' + app + '/config-vars')
  check('GET answers strings only, got ' + JSON.stringify(read), Object.values(read).every(v => typeof v === 'string'))
}

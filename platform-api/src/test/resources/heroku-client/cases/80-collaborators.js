'use strict'
// collaborators: add by email and by user id, list, info, remove; an app transfer there and back.
const COLLABORATOR = {
  id: 'string', app: 'object', user: 'object', role: 'string', permissions: 'array', created_at: 'string',
  updated_at: 'string'
}
const TRANSFER = { id: 'string', app: 'object', owner: 'object', recipient: 'object', state: 'string', created_at: 'string' }
module.exports = async ({ heroku, app, expect, check }) => {
  const me = await heroku.get('/account')
  const email = 'collaborator-' + Date.now() + '@heroku-client.example'
  const user = await heroku.post('/users', { body: { email } })
  const other = await heroku.post('/users', { body: { email: 'other-' + email } })
  const added = expect('POST /collaborators', await heroku.post('/apps/' + app + '/collaborators',
    { body: { user: email, silent: true } }), COLLABORATOR)
  expect('collaborator.user', added.user, { id: 'string', email: 'string', federated: 'boolean' })
  check('the added user, got ' + JSON.stringify(added.user), added.user.email === email)
  const byId = await heroku.post('/apps/' + app + '/collaborators', { body: { user: other.id } })
  check('a user named by id is added, got ' + JSON.stringify(byId.user), byId.user.email === other.email)
  const list = await heroku.get('/apps/' + app + '/collaborators')
  list.forEach(k => expect('collaborator ' + k.user.email, k, COLLABORATOR))
  check('the list has the owner and both: ' + JSON.stringify(list.map(k => [k.user.email, k.role])),
    list.some(k => k.role === 'owner' && k.user.email === me.email) && list.filter(k => k.role === 'collaborator').length === 2)
  expect('GET /collaborators/{email}', await heroku.get('/apps/' + app + '/collaborators/' + email), COLLABORATOR)
  await heroku.delete('/apps/' + app + '/collaborators/' + email)
  await heroku.delete('/apps/' + app + '/collaborators/' + byId.id)
  const after = await heroku.get('/apps/' + app + '/collaborators')
  check('only the owner is left', after.length === 1 && after[0].role === 'owner')

  const away = expect('POST /account/app-transfers', await heroku.post('/account/app-transfers',
    { body: { app, recipient: user.id } }), TRANSFER)
  check('the app went to the recipient, got ' + JSON.stringify(away), away.recipient.email === email && away.owner.email === me.email)
  const back = await heroku.post('/account/app-transfers', { body: { app, recipient: me.email } })
  check('and came back', back.recipient.email === me.email)
  check('owned by the caller again', (await heroku.get('/apps/' + app)).owner.email === me.email)
}

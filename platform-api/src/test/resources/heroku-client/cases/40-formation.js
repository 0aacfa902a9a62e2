'use strict'
// formation: list, one type, PATCH one and a batch with quantities as numeric strings (as clients send them).
const FORMATION = {
  id: 'string', app: 'object', type: 'string', quantity: 'number', size: 'string', dyno_size: 'object',
  command: 'string', created_at: 'string', updated_at: 'string'
}
module.exports = async ({ heroku, app, expect, check }) => {
  const list = await heroku.get('/apps/' + app + '/formation')
  check('formation lists web', list.some(f => f.type === 'web'))
  list.forEach(f => expect('formation ' + f.type, f, FORMATION))
  list.forEach(f => expect('formation.dyno_size', f.dyno_size, { name: 'string' }))
  expect('GET /formation/web', await heroku.get('/apps/' + app + '/formation/web'), FORMATION)
  const one = expect('PATCH /formation/clock', await heroku.patch('/apps/' + app + '/formation/clock', { body: { quantity: '1' } }), FORMATION)
  check('quantity "1" scaled clock to 1, got ' + one.quantity, one.quantity === 1)
  const batch = await heroku.patch('/apps/' + app + '/formation', { body: { updates: [{ type: 'clock', quantity: '0' }] } })
  check('batch quantity "0" scaled clock to 0', batch.find(f => f.type === 'clock').quantity === 0)
  try {
    await heroku.patch('/apps/' + app + '/formation/clock', { body: { quantity: 'two' } })
    check('quantity "two" is refused', false)
  } catch (e) {
    check('quantity "two" is a 422 that names the field, got ' + e.statusCode + ' ' + JSON.stringify(e.body),
      e.statusCode === 422 && /quantity/.test(e.body.message))
  }
}

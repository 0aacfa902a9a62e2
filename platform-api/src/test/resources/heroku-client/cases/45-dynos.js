'use strict'
// dynos: list and info, a detached one-off followed by the name the create answered, and stopping it.
const DYNO = {
  id: 'string', name: 'string', type: 'string', state: 'string', command: 'string', size: 'string',
  release: 'object', app: 'object', created_at: 'string', updated_at: 'string', attach_url: 'string|null'
}
module.exports = async ({ heroku, app, expect, check }) => {
  // web.1 is up by now unless a rolling restart (a config change, a rollback) is replacing it: wait for that.
  let list = await heroku.get('/apps/' + app + '/dynos')
  for (let waited = 0; waited < 60 && !list.some(d => d.name === 'web.1' && d.state === 'up'); waited++) {
    await new Promise(resolve => setTimeout(resolve, 500))
    list = await heroku.get('/apps/' + app + '/dynos')
  }
  list.forEach(d => expect('dyno ' + d.name, d, DYNO))
  list.forEach(d => expect('dyno.release', d.release, { id: 'string', version: 'number' }))
  list.forEach(d => expect('dyno.app', d.app, { id: 'string', name: 'string' }))
  check('dyno.id is a UUID', list.every(d => /^[0-9a-f-]{36}$/.test(d.id)))
  const names = list.map(d => d.name)
  check('each dyno name once: ' + names, new Set(names).size === names.length)
  check('web.1 runs: ' + JSON.stringify(list.map(d => [d.name, d.state])), list.some(d => d.name === 'web.1' && d.state === 'up'))
  expect('GET /dynos/web.1', await heroku.get('/apps/' + app + '/dynos/web.1'), DYNO)

  const run = expect('POST /dynos (detached)', await heroku.post('/apps/' + app + '/dynos',
    { body: { command: 'sleep 60', attach: false, size: 'standard-1x' } }), DYNO)
  check('a one-off is named run.N, got ' + run.name, /^run\.\d+$/.test(run.name))
  check('a detached one-off has no attach_url', run.attach_url === null)
  const followed = expect('GET /dynos/' + run.name, await heroku.get('/apps/' + app + '/dynos/' + run.name), DYNO)
  check('the one-off is found by its name', followed.id === run.id)
  await heroku.post('/apps/' + app + '/dynos/' + run.name + '/actions/stop')
}

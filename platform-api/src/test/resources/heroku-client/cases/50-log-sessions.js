'use strict'
// log-sessions: Heroku's fields, and a logplex_url that opens with no Authorization header.
const SESSION = { id: 'string', logplex_url: 'string', created_at: 'string', updated_at: 'string' }
module.exports = async ({ heroku, app, expect, check, open }) => {
  for (const body of [{ lines: 10, source: 'app', tail: false }, { dyno_name: 'web.1', lines: 5 }, { type: 'web' }]) {
    const session = expect('POST /log-sessions ' + JSON.stringify(body),
      await heroku.post('/apps/' + app + '/log-sessions', { body }), SESSION)
    const opened = await open(session.logplex_url)
    check('logplex_url opens without a token, got ' + opened.status + ' ' + opened.body, opened.status === 200)
  }
  const all = await heroku.post('/apps/' + app + '/log-sessions', { body: { lines: 100 } })
  const opened = await open(all.logplex_url)
  check('the log has the app\'s lines: ' + opened.body, /app\[/.test(opened.body) || /heroku\[|paas\[/.test(opened.body))
}

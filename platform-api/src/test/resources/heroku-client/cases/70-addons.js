'use strict'
// add-ons: the lists apps:info asks for (empty here: this app has none).
module.exports = async ({ heroku, app, check }) => {
  const addons = await heroku.get('/apps/' + app + '/addons')
  check('GET /apps/{app}/addons is a list, got ' + JSON.stringify(addons), Array.isArray(addons))
  const attachments = await heroku.get('/apps/' + app + '/addon-attachments')
  check('GET /apps/{app}/addon-attachments is a list', Array.isArray(attachments))
}
